// Input shapes of the org component. Messages are catalogue keys.
import { z } from 'zod';

const id = (message = 'org.unknownId') => z.string({ error: message }).trim().min(1, message).max(36, message);
const name = (max: number) => z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(max, 'errors.tooLong');
const optionalText = (max: number) =>
  z
    .string({ error: 'errors.text' })
    .trim()
    .max(max, 'errors.tooLong')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
/** Forms send "" for "no parent". */
const optionalId = z
  .union([z.literal(''), id('org.unknownNode')])
  .nullable()
  .optional()
  .transform((v) => (v === '' ? null : v));
const flag = z.union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0'])]).transform((v) => v === true || v === 'true' || v === 'on' || v === '1');

export const createEntityInput = z.object({ name: name(100) }).meta({ id: 'NewEntity' });
export const updateEntityInput = z
  .object({ name: name(100).optional(), archived: flag.optional() })
  .meta({ id: 'EntityChanges' });
export const reorderInput = z.object({ ids: z.array(id(), { error: 'org.reorderIds' }).min(1, 'org.reorderIds').max(500, 'org.reorderIds') }).meta({ id: 'Order' });
export const moveInput = z.object({ direction: z.enum(['up', 'down'], { error: 'org.direction' }) });

export const createNodeInput = z
  .object({
    entityId: id('org.unknownEntity'),
    name: name(150),
    description: optionalText(5000),
    parentId: optionalId,
  })
  .meta({ id: 'NewNode' });

export const updateNodeInput = z
  .object({
    name: name(150).optional(),
    description: optionalText(5000),
    parentId: optionalId,
    archived: flag.optional(),
  })
  .meta({ id: 'NodeChanges' });

export const roleInput = z.object({ role: z.enum(['lead', 'member'], { error: 'org.roleChoice' }) }).meta({ id: 'MembershipRole' });
/** The browser names people by email. */
export const memberForm = z.object({
  email: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(320, 'errors.tooLong'),
  role: z.enum(['lead', 'member'], { error: 'org.roleChoice' }).default('member'),
});
export const editorForm = z.object({ email: memberForm.shape.email });
export const linkInput = z.object({ nodeId: id('org.unknownNode') }).meta({ id: 'NewLink' });

export type CreateNodeInput = z.output<typeof createNodeInput>;
export type UpdateNodeInput = Partial<z.output<typeof updateNodeInput>>;

/** Query of the chart APIs: where the view starts and how many levels it holds (trimmed by depth). */
export const chartQuery = z.object({
  root: id('org.unknownId').optional(),
  /** Pages only: a box to open the path to and centre on. */
  focus: id('org.unknownId').optional(),
  depth: z.coerce.number({ error: 'org.chartDepth' }).int('org.chartDepth').min(1, 'org.chartDepth').max(12, 'org.chartDepth').default(4),
  links: z.enum(['true', 'false'], { error: 'org.chartLinks' }).optional().transform((v) => v === 'true'),
});

// Input shapes of sections. Messages are catalogue keys.
import { z } from 'zod';

export const sectionKinds = ['purpose', 'values', 'goals', 'responsibilities', 'processes', 'custom'] as const;
export const BODY_MAX = 50_000;

const title = z
  .string({ error: 'errors.text' })
  .trim()
  .max(150, 'errors.tooLong')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();
/** Line ends as one LF: a browser's textarea sends CRLF, and a mix would make every line look changed. */
export const normaliseLineEnds = (text: string): string => text.replace(/\r\n?/g, '\n');
const body = z.string({ error: 'sections.bodyRequired' }).max(BODY_MAX, 'sections.bodyTooLong').transform(normaliseLineEnds);
const visibility = z.enum(['public', 'restricted'], { error: 'sections.visibilityChoice' });

export const createSectionInput = z
  .object({
    kind: z.enum(sectionKinds, { error: 'sections.kindChoice' }),
    title,
    body: body.default(''),
    visibility: visibility.default('public'),
  })
  .meta({ id: 'NewSection' });

export const updateSectionInput = z
  .object({
    title,
    body: body.optional(),
    visibility: visibility.optional(),
    /** The revision the edit started from: a stale one is refused (409) instead of overwriting. */
    baseRevision: z.coerce.number({ error: 'sections.baseRevision' }).int('sections.baseRevision').positive('sections.baseRevision').optional(),
  })
  .meta({ id: 'SectionChanges' });

export const restoreInput = z.object({ revision: z.coerce.number({ error: 'sections.revisionNumber' }).int('sections.revisionNumber').positive('sections.revisionNumber') }).meta({ id: 'Restore' });
export const diffQuery = z.object({
  from: z.coerce.number({ error: 'sections.revisionNumber' }).int('sections.revisionNumber').positive('sections.revisionNumber'),
  to: z.coerce.number({ error: 'sections.revisionNumber' }).int('sections.revisionNumber').positive('sections.revisionNumber'),
});
export const grantInput = z
  .object({
    userId: z.string().trim().min(1).max(36).optional(),
    nodeId: z.string().trim().min(1).max(36).optional(),
  })
  .refine((g) => Boolean(g.userId) !== Boolean(g.nodeId), { message: 'sections.grantOne', path: ['userId'] })
  .meta({ id: 'NewGrant' });
/** The browser names a person by email or picks a node. */
export const grantForm = z
  .object({ email: z.string().trim().max(320, 'errors.tooLong').optional(), nodeId: z.string().trim().max(36).optional() })
  .transform((g) => ({ email: g.email || undefined, nodeId: g.nodeId || undefined }))
  .refine((g) => Boolean(g.email) !== Boolean(g.nodeId), { message: 'sections.grantOne', path: ['email'] });

export type CreateSectionInput = z.output<typeof createSectionInput>;
export type UpdateSectionInput = z.output<typeof updateSectionInput>;

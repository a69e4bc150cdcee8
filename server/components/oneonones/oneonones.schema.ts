// Input shapes of 1:1 notes. Messages are catalogue keys.
import { z } from 'zod';

export const ITEM_MAX = 2_000;
export const NOTES_MAX = 50_000;

const id = z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(36, 'errors.notFound');
const checkbox = z.union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('1'), z.literal('false'), z.literal('0')]).transform((v) => v === true || v === 'on' || v === 'true' || v === '1');

export const startInput = z.object({ personId: id });
/** The list page's form: the colleague named by the people picker (it sends their work email). */
export const startWithInput = z.object({ person: z.string({ error: 'oneonones.errors.pick' }).trim().min(1, 'oneonones.errors.pick').max(320, 'oneonones.errors.person') });

export const meetingInput = z
  .object({
    heldOn: z
      .string({ error: 'errors.required' })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'oneonones.errors.date')
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'oneonones.errors.date'),
  });

export const sharedNotesInput = z.object({ sharedNotes: z.string({ error: 'errors.text' }).max(NOTES_MAX, 'errors.tooLong') });
export const privateNoteInput = z.object({ body: z.string({ error: 'errors.text' }).max(NOTES_MAX, 'errors.tooLong') });

const itemBody = z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(ITEM_MAX, 'errors.tooLong');
const ownerId = z
  .union([z.string().trim().max(36, 'oneonones.errors.owner'), z.null()])
  .transform((v) => (v === '' ? null : v))
  .optional();

export const newItemInput = z
  .object({
    kind: z.enum(['talking_point', 'action_item'], { error: 'errors.choice' }),
    body: itemBody,
    ownerId,
  });

export const itemChangeInput = z
  .object({
    body: itemBody.optional(),
    done: checkbox.optional(),
    ownerId,
  });

export type NewItemInput = z.output<typeof newItemInput>;
export type ItemChangeInput = z.output<typeof itemChangeInput>;

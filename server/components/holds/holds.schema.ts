import { z } from 'zod';

/** A calendar date (YYYY-MM-DD, end of that day UTC) or a full ISO timestamp, in the future. */
export const untilDate = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(v), { message: 'holds.badDate' })
  .transform((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T23:59:59.999Z`) : Date.parse(v)))
  .refine((ms) => Number.isFinite(ms), { message: 'holds.badDate' })
  .refine((ms) => ms > Date.now(), { message: 'holds.untilInPast' });

export const holdInput = z
  .object({
    user: z.string().trim().max(320).optional(),
    workspace: z.string().trim().max(36).optional(),
    reason: z.string({ error: 'errors.required' }).trim().min(3, 'holds.reasonTooShort').max(2000, 'errors.tooLong'),
    until: z.preprocess((v) => (v === '' ? undefined : v), untilDate.optional()),
  })
  .superRefine((value, ctx) => {
    const targets = [value.user, value.workspace].filter((v) => v !== undefined && v !== '').length;
    if (targets !== 1) ctx.addIssue({ code: 'custom', path: ['user'], message: 'holds.oneTarget' });
  });
export type HoldInput = z.output<typeof holdInput>;

export const holdId = z.object({ id: z.string().trim().uuid('holds.badId') });

import { z } from 'zod';
import { parseDate } from './audit.format.js';

const optionalText = (max: number) =>
  z
    .string({ error: 'errors.text' })
    .trim()
    .max(max, 'errors.tooLong')
    .optional()
    .transform((v) => (v ? v : undefined));

const optionalDate = z
  .string({ error: 'audit.badDate' })
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const ms = parseDate(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'audit.badDate' });
      return z.NEVER;
    }
    return ms;
  });

/** Filters of the admin audit page (query string). Dates are UTC; `to` includes the whole day given. */
export const auditFilterInput = z
  .object({
    action: optionalText(100).refine((v) => v === undefined || /^[a-z0-9_.]+$/.test(v), 'audit.badAction'),
    actor: optionalText(320),
    from: optionalDate,
    to: z
      .string({ error: 'audit.badDate' })
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        const ms = parseDate(v);
        if (ms === undefined) {
          ctx.addIssue({ code: 'custom', message: 'audit.badDate' });
          return z.NEVER;
        }
        return /^\d{4}-\d{2}-\d{2}$/.test(v) ? ms + 86_400_000 : ms;
      }),
    page: z
      .string({ error: 'audit.badPage' })
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === '') return 1;
        if (!/^\d{1,6}$/.test(v) || Number(v) < 1) {
          ctx.addIssue({ code: 'custom', message: 'audit.badPage' });
          return z.NEVER;
        }
        return Number(v);
      }),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, { path: ['to'], message: 'audit.toBeforeFrom' });

export type AuditFilterInput = z.output<typeof auditFilterInput>;

// The board page's filter (GET /insights/{board}?node=&from=&to=): a node and a period, sent by a
// plain GET form. Messages are catalogue keys; an empty field means "the default" (the workspace,
// the service's default period).
import { z } from 'zod';

const empty = (v: unknown) => (v === '' ? undefined : v);

const isoDay = z.preprocess(
  empty,
  z
    .string({ error: 'insights.pages.errors.date' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'insights.pages.errors.date')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'insights.pages.errors.date')
    .optional(),
);

export const boardFilter = z
  .object({
    node: z.preprocess(empty, z.string({ error: 'insights.pages.errors.node' }).max(64, 'errors.tooLong').regex(/^[A-Za-z0-9_-]+$/, 'insights.pages.errors.node').optional()),
    from: isoDay,
    to: isoDay,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'insights.pages.errors.period' });

export type BoardFilter = z.output<typeof boardFilter>;

// Input shapes of the telemetry endpoints and of the admin filters (browser, API and CLI).
import { z } from 'zod';

export const clientCrashInput = z
  .object({
    name: z.string().max(100, 'errors.tooLong').optional(),
    message: z.string({ error: 'errors.required' }).min(1, 'errors.required').max(2000, 'errors.tooLong'),
    stack: z.string().max(8000, 'errors.tooLong').optional(),
    source: z.string().max(500, 'errors.tooLong').optional(),
    line: z.number().int().nonnegative().max(100_000_000).optional(),
    column: z.number().int().nonnegative().max(100_000_000).optional(),
    page: z.string().startsWith('/', 'capture.errors.page').max(200, 'errors.tooLong').optional(),
    release: z.string().max(50, 'errors.tooLong').optional(),
  })
  .strict()
  .meta({ id: 'CrashReportInput' });
export type ClientCrashInput = z.output<typeof clientCrashInput>;

export const deviceSettingsInput = z
  .object({
    screenWidth: z.number().int().min(1).max(100_000),
    screenHeight: z.number().int().min(1).max(100_000),
    timeZone: z.string().regex(/^[A-Za-z0-9_+\-/]{1,64}$/, 'errors.timeZone').optional(),
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/, 'capture.errors.language').optional(),
  })
  .strict()
  .meta({ id: 'DeviceSettingsInput' });

const relative = /^(\d{1,6})(m|h|d)$/;

/** A date: YYYY-MM-DD, an ISO 8601 date-time, or an age such as 30m, 24h or 7d (that long ago). */
export function parseDate(text: string, at = Date.now()): number | undefined {
  const rel = relative.exec(text);
  if (rel) return at - Number(rel[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 'm'];
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const date = z.preprocess(blankToUndefined, z.string().max(40).optional()).transform((value, ctx) => {
  if (value === undefined) return undefined;
  const ms = parseDate(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'capture.errors.date' });
    return z.NEVER;
  }
  return ms;
});
const pageNumber = z.preprocess(blankToUndefined, z.coerce.number({ error: 'capture.errors.page' }).int('capture.errors.pageNumber').min(1, 'capture.errors.pageNumber').max(100_000, 'capture.errors.pageNumber').optional());
const limit = z.preprocess(blankToUndefined, z.coerce.number().int('capture.errors.limit').min(1, 'capture.errors.limit').max(10_000, 'capture.errors.limit').optional());

export const logFilterInput = z.object({
  user: z.preprocess(blankToUndefined, z.string().trim().max(320, 'errors.tooLong').email('errors.email').optional()),
  since: date,
  until: date,
  route: z.preprocess(blankToUndefined, z.string().max(200, 'errors.tooLong').optional()),
  status: z.preprocess(blankToUndefined, z.coerce.number().int().min(100, 'capture.errors.status').max(599, 'capture.errors.status').optional()),
  page: pageNumber,
  limit,
});
export type LogFilterInput = z.output<typeof logFilterInput>;

export const deviceFilterInput = z.object({
  user: logFilterInput.shape.user,
  since: date,
  page: pageNumber,
  limit,
});

export const crashFilterInput = z.object({
  source: z.preprocess(blankToUndefined, z.enum(['client', 'server'], { error: 'errors.choice' }).optional()),
  since: date,
  until: date,
  page: pageNumber,
  limit,
});

export const usageSettingInput = z.object({ enabled: z.enum(['on', 'off'], { error: 'errors.choice' }) });

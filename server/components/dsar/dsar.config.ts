// The `dsar` config section: how due dates of data subject requests are counted (business days,
// the public holidays of a country and region, extra closing days) and when privacy contacts are
// reminded. Without a country only weekends and the extra dates are skipped: due dates then come
// earlier, never later, than the law's, so the default is the cautious one.
import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';
import { z } from 'zod';

/** date-holidays carries every country's data: loaded only when a country is configured (saves ~0.3 s per CLI start). */
export function holidaysLibrary(): typeof HolidaysType {
  return createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD, e.g. 2026-12-24');

let countries: Record<string, string> | undefined;
const knownCountries = () => (countries ??= new (holidaysLibrary())().getCountries('en'));

export const dsarConfig = z
  .object({
    businessDays: z.coerce.number().int().min(1).max(90).prefault(20).describe('Business days between the day a request is received and its due date.'),
    country: z
      .string()
      .prefault('')
      .refine((v) => v === '' || v.toUpperCase() in knownCountries(), { message: 'not a country known to the holiday library: use an ISO 3166-1 alpha-2 code such as FR, DE, GB or US, or leave empty for weekends only' })
      .transform((v) => v.toUpperCase())
      .describe('Country whose public holidays are skipped when counting business days (ISO 3166-1 alpha-2, e.g. FR). Empty: only weekends and extraHolidays are skipped.'),
    region: z.string().prefault('').transform((v) => v.toUpperCase()).describe('Region (state, province) of that country whose own public holidays are skipped too, e.g. BY for Bavaria. Empty: national holidays only.'),
    extraHolidays: z.array(isoDate).prefault([]).describe('Further closing days skipped as holidays (YYYY-MM-DD), e.g. a company-wide closing.'),
    weekendDays: z.array(z.coerce.number().int().min(0).max(6)).prefault([0, 6]).describe('Days of the week that are not business days (0 = Sunday ... 6 = Saturday).'),
    timeZone: z
      .string()
      .prefault('UTC')
      .refine((v) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: v });
          return true;
        } catch {
          return false;
        }
      }, { message: 'not an IANA time zone, e.g. Europe/Paris or UTC' })
      .describe('Time zone in which a request\'s received day and due day are counted (IANA name).'),
    reminders: z.array(z.coerce.number().int().min(0).max(60)).prefault([5, 1]).describe('Privacy contacts are reminded of an open request this many business days before its due date (in-app notifications).'),
    remindersSchedule: z.boolean().prefault(true).describe('Check for due reminders every hour in the server (turn off when a CronJob runs `opsenic dsar remind`).'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.region && value.country) {
      const states = new (holidaysLibrary())().getStates(value.country, 'en') ?? {};
      if (!(value.region in states)) ctx.addIssue({ code: 'custom', path: ['region'], message: `not a region of ${value.country} known to the holiday library; known: ${Object.keys(states).join(', ') || 'none'}` });
    } else if (value.region) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: 'a region needs a country' });
    }
    if (value.weekendDays.length > 5) ctx.addIssue({ code: 'custom', path: ['weekendDays'], message: 'at most 5 weekend days: a week needs business days' });
  })
  .prefault({})
  .describe('Data subject requests (access, rectification, erasure, ...): due dates in business days, holidays, reminders.');

export type DsarConfig = z.output<typeof dsarConfig>;

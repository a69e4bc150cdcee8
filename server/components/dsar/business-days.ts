// Business-day arithmetic for due dates. Days are calendar dates (YYYY-MM-DD) in the configured
// time zone; weekends, the public holidays of the configured country and region (date-holidays,
// a maintained library) and extra closing days from config are skipped.
import type Holidays from 'date-holidays';
import { holidaysLibrary, type DsarConfig } from './dsar.config.js';

export type CalendarConfig = Pick<DsarConfig, 'country' | 'region' | 'extraHolidays' | 'weekendDays' | 'timeZone'>;

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' + n calendar days (UTC arithmetic on the date alone, so no DST surprises). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export class BusinessCalendar {
  private readonly holidays = new Map<number, Map<string, string>>();
  private readonly weekend: Set<number>;
  private readonly library?: Holidays;
  private readonly format: Intl.DateTimeFormat;

  constructor(private readonly config: CalendarConfig) {
    this.weekend = new Set(config.weekendDays);
    if (config.country) {
      const Library = holidaysLibrary();
      this.library = config.region ? new Library(config.country, config.region, { types: ['public'] }) : new Library(config.country, { types: ['public'] });
    }
    this.format = new Intl.DateTimeFormat('en-CA', { timeZone: config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  /** The calendar day of an instant in the configured time zone. */
  dayOf(at: number): string {
    return this.format.format(new Date(at));
  }

  /** Public holidays and extra closing days of a year: date -> name. */
  holidaysOf(year: number): Map<string, string> {
    let days = this.holidays.get(year);
    if (!days) {
      days = new Map();
      for (const h of this.library?.getHolidays(year) ?? []) {
        if (h.type === 'public') days.set(h.date.slice(0, 10), h.name);
      }
      for (const extra of this.config.extraHolidays) if (extra.startsWith(`${year}-`)) days.set(extra, days.get(extra) ?? 'extra closing day');
      this.holidays.set(year, days);
    }
    return days;
  }

  /** Why a day is not a business day ('weekend', a holiday's name), or null when it is one. */
  closedReason(day: string): string | null {
    if (this.weekend.has(new Date(`${day}T00:00:00Z`).getUTCDay())) return 'weekend';
    return this.holidaysOf(Number(day.slice(0, 4))).get(day) ?? null;
  }

  isBusinessDay(day: string): boolean {
    return this.closedReason(day) === null;
  }

  /** The day `n` business days after `day` (the start day itself never counts). */
  addBusinessDays(day: string, n: number): string {
    let current = day;
    let counted = 0;
    while (counted < n) {
      current = addDays(current, 1);
      if (this.isBusinessDay(current)) counted += 1;
    }
    return current;
  }

  /**
   * Business days from `today` to `due`: positive while time is left (0 = due today), negative
   * when overdue (how many business days past, at least -1 once the due day has passed).
   */
  businessDaysBetween(today: string, due: string): number {
    if (today === due) return 0;
    const forward = today < due;
    let current = today;
    let count = 0;
    while (current !== due) {
      current = addDays(current, forward ? 1 : -1);
      // Forward: days in (today, due]; backward: days in [due+1, today], i.e. the days past the due day.
      const day = forward ? current : addDays(current, 1);
      if (this.isBusinessDay(day)) count += 1;
    }
    return forward ? count : -Math.max(1, count);
  }
}

// Days and months as the boards and the snapshot name them (UTC, ISO text that sorts as it reads).
const DAY = 86_400_000;

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
export const startOfDay = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
export const startOfMonth = (month: string) => Date.parse(`${month}-01T00:00:00.000Z`);

/** The month `n` months before `month` (n may be negative). */
export function shiftMonth(month: string, n: number): string {
  const d = new Date(startOfMonth(month));
  d.setUTCMonth(d.getUTCMonth() - n);
  return monthOf(d.getTime());
}

/** Every month from `from` to `to`, inclusive, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 240; m = shiftMonth(m, -1)) out.push(m);
  return out;
}

/** Whole days between two instants, to one decimal. */
export const daysBetween = (a: number, b: number) => Math.round(((b - a) / DAY) * 10) / 10;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

export { DAY };

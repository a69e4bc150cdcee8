// The duration type for component config sections (server/components/<name>/<name>.config.ts).
// It lives apart from schema.ts because schema.ts imports those sections: importing schema.ts back
// from them would be a circular import that fails at load time.
import { z } from 'zod';

const durationPattern = /^(\d+)(ms|s|m|h|d)$/;

/** A duration such as `30s`, `15m`, `12h` or `30d`, parsed into milliseconds. */
export const duration = z
  .union([z.number().int().nonnegative(), z.string().regex(durationPattern, 'use a number followed by ms, s, m, h or d, e.g. "15m"')])
  .transform((value) => {
    if (typeof value === 'number') return value;
    const [, amount, unit] = durationPattern.exec(value)!;
    const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms'];
    return Number(amount) * factor;
  });

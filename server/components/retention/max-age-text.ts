// A retention period as configured ("90d", "13m") in the reader's words ("90 days", "13 mois"): the
// retention pages, the privacy notice and the account deletion pages say how long in the same way.
import type { Request } from 'express';
import { parseMaxAge } from './policies.js';

const ageUnits = { h: 'hour', d: 'day', w: 'week', m: 'month', y: 'year' } as const;

export function maxAgeText(req: Pick<Request, 't' | 'lang'>, text: string): string {
  const age = parseMaxAge(text);
  if (!age) return text;
  if (age.forever) return req.t('retention.keptForever');
  return new Intl.NumberFormat(req.lang, { style: 'unit', unit: ageUnits[age.unit], unitDisplay: 'long' }).format(age.amount);
}

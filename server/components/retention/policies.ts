// Retention categories and maximum ages. A category names a kind of data whose keeping period the
// operator decides in config (`retention.policies.<camelCaseName>`); tables and columns refer to
// it by its snake_case id in their data map (`log`, `email_outbox`, ...).

/** Every retention category, by its id as tables and columns declare it. */
export const retentionCategories = [
  'log',
  'device',
  'crash',
  'usage',
  'sessions',
  'invitations',
  'notifications',
  'email_outbox',
  'audit',
  'sandbox_workspaces',
  'integration_data',
  'deleted_accounts',
  'closed_requests',
  'retention_reports',
  'insights_snapshots',
] as const;
export type RetentionCategory = (typeof retentionCategories)[number];

export type RetentionAction = 'delete' | 'anonymise';

/** `email_outbox` <-> `emailOutbox`: config keys are camelCase so OPSENIC_RETENTION__POLICIES__EMAIL_OUTBOX__MAX_AGE works. */
export const configKeyOf = (category: string): string => category.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
export const categoryOfKey = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function isRetentionCategory(value: string): value is RetentionCategory {
  return (retentionCategories as readonly string[]).includes(value);
}

/** Accepts `email_outbox`, `emailOutbox` or `email-outbox`; undefined when it names no category. */
export function parseCategory(value: string): RetentionCategory | undefined {
  const id = categoryOfKey(value.trim()).replace(/-/g, '_').toLowerCase();
  return isRetentionCategory(id) ? id : undefined;
}

/** A maximum age: `forever`, or an amount of days, weeks, months or years (calendar months and years). */
export type MaxAge = { forever: true; text: 'forever' } | { forever: false; amount: number; unit: 'h' | 'd' | 'w' | 'm' | 'y'; text: string };

export const maxAgePattern = /^(\d{1,5})(h|d|w|m|y)$/;
export const maxAgeHint = 'use a number followed by h (hours), d (days), w (weeks), m (months) or y (years), e.g. "90d", "18m", "2y", or "forever"';

export function parseMaxAge(text: string): MaxAge | undefined {
  const trimmed = text.trim();
  if (trimmed === 'forever') return { forever: true, text: 'forever' };
  const match = maxAgePattern.exec(trimmed);
  if (!match) return undefined;
  return { forever: false, amount: Number(match[1]), unit: match[2] as 'd', text: trimmed };
}

/** The instant before which data of this age has expired; undefined for `forever`. */
export function cutoffOf(maxAge: MaxAge, at: number): number | undefined {
  if (maxAge.forever) return undefined;
  const date = new Date(at);
  switch (maxAge.unit) {
    case 'h':
      return at - maxAge.amount * 3_600_000;
    case 'd':
      return at - maxAge.amount * 86_400_000;
    case 'w':
      return at - maxAge.amount * 7 * 86_400_000;
    case 'm':
      date.setUTCMonth(date.getUTCMonth() - maxAge.amount);
      return date.getTime();
    case 'y':
      date.setUTCFullYear(date.getUTCFullYear() - maxAge.amount);
      return date.getTime();
  }
}

/** Approximate length in days, to compare two ages (forever is longest). */
export function approximateDays(maxAge: MaxAge): number {
  if (maxAge.forever) return Number.POSITIVE_INFINITY;
  const perUnit = { h: 1 / 24, d: 1, w: 7, m: 30.436875, y: 365.2425 }[maxAge.unit];
  return maxAge.amount * perUnit;
}

/** Which actions each category allows (the others would break links other data depends on). */
export const allowedActions: Record<RetentionCategory, RetentionAction[]> = {
  log: ['delete', 'anonymise'],
  device: ['delete', 'anonymise'],
  crash: ['delete', 'anonymise'],
  usage: ['delete', 'anonymise'],
  sessions: ['delete'],
  invitations: ['delete'],
  notifications: ['delete', 'anonymise'],
  email_outbox: ['delete', 'anonymise'],
  audit: ['delete', 'anonymise'],
  sandbox_workspaces: ['delete'],
  integration_data: ['delete', 'anonymise'],
  // The account row stays as "Former member 7f3a" so authored content keeps a readable author.
  deleted_accounts: ['anonymise'],
  closed_requests: ['delete', 'anonymise'],
  retention_reports: ['delete'],
  insights_snapshots: ['delete'],
};

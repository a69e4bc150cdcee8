// The one registry of email categories: what each is, its legal basis, and whether (and how) a
// person can turn it down. The preferences page, the one-click unsubscribe, the digests and the
// outbox all read this list; a category that is not here cannot be sent.

export type CategoryGroup = 'service' | 'activity' | 'optional' | 'digest';
export type ActivityMode = 'immediate' | 'daily' | 'weekly' | 'off';
export type OptionalMode = 'on' | 'off';
export type Mode = ActivityMode | OptionalMode | 'always';
export type LegalBasis = 'contract' | 'legal_obligation' | 'legitimate_interest' | 'consent';

export interface Category {
  id: string;
  group: CategoryGroup;
  legalBasis: LegalBasis;
  /** Service and security mail is part of the service: never turned off, never carries an unsubscribe link. */
  optOut: boolean;
  /** Activity: the mode a person has until they choose. */
  defaultMode?: ActivityMode;
}

export const categories: readonly Category[] = [
  // Service and security: the account (resets, invitations, password changed), sign-ins from a new
  // device, data subject requests (status and due dates) and sandbox expiry.
  { id: 'account', group: 'service', legalBasis: 'contract', optOut: false },
  { id: 'security', group: 'service', legalBasis: 'legitimate_interest', optOut: false },
  { id: 'privacy_requests', group: 'service', legalBasis: 'legal_obligation', optOut: false },
  { id: 'sandbox', group: 'service', legalBasis: 'contract', optOut: false },
  // Activity: what colleagues do that concerns the person. Mentions and feedback are addressed to
  // them, so they come at once by default; replies and 1:1 items are many, so a daily digest.
  { id: 'mentions', group: 'activity', legalBasis: 'legitimate_interest', optOut: true, defaultMode: 'immediate' },
  { id: 'replies', group: 'activity', legalBasis: 'legitimate_interest', optOut: true, defaultMode: 'daily' },
  { id: 'feedback', group: 'activity', legalBasis: 'legitimate_interest', optOut: true, defaultMode: 'immediate' },
  { id: 'oneonones', group: 'activity', legalBasis: 'legitimate_interest', optOut: true, defaultMode: 'daily' },
  // Optional: product updates and announcements by admins; opt-in (consent) or opt-out as the
  // workspace's admin sets (email_category_settings), and each person may always say no.
  { id: 'product_updates', group: 'optional', legalBasis: 'consent', optOut: true },
  { id: 'announcements', group: 'optional', legalBasis: 'legitimate_interest', optOut: true },
  // The daily and weekly digests of the activity categories set to `daily` or `weekly`: not a choice
  // of its own (the activity choices decide), but its one-click unsubscribe turns those off.
  { id: 'digests', group: 'digest', legalBasis: 'legitimate_interest', optOut: true },
];

export const activityModes: readonly ActivityMode[] = ['immediate', 'daily', 'weekly', 'off'];
export const optionalModes: readonly OptionalMode[] = ['on', 'off'];

export function categoryOf(id: string): Category | undefined {
  return categories.find((c) => c.id === id);
}

export function modesOf(category: Category): readonly Mode[] {
  if (category.group === 'activity') return activityModes;
  if (category.group === 'optional') return optionalModes;
  return ['always'];
}

/** Which category an in-app notification's email belongs to. */
export function categoryOfNotification(kind: string): string {
  if (kind === 'mention') return 'mentions';
  if (kind === 'reply') return 'replies';
  if (kind === 'feedback') return 'feedback';
  if (kind === 'dsar_due') return 'privacy_requests';
  return 'oneonones';
}

/** A mode for a category, given what the person chose (if anything) and the workspace's consent setting. */
export function effectiveMode(category: Category, chosen: string | undefined, consent: 'opt_in' | 'opt_out' = 'opt_in'): Mode {
  if (!category.optOut) return 'always';
  if (category.group === 'digest') return 'on';
  if (chosen && modesOf(category).includes(chosen as Mode)) return chosen as Mode;
  if (category.group === 'activity') return category.defaultMode!;
  return consent === 'opt_out' ? 'on' : 'off';
}

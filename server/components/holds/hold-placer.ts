// Who placed a legal hold, for people: the browser stores "admin <uuid>" (an id, never shown), the
// CLI its own label ("cli:legal"). One place turns either into words, for every page that lists holds.
import type { User } from '../accounts/users.repository.js';

/** "admin <uuid>" as stored by the browser's hold form. */
export const adminLabelPattern = /^admin ([0-9a-f-]{36})$/;

/** The names of the admins whose browser labels appear among these (deleted accounts stay unnamed). */
export async function placerNames(users: { findById(id: string): Promise<User | undefined> }, labels: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(labels.map((label) => adminLabelPattern.exec(label)?.[1]).filter((x): x is string => Boolean(x)))) {
    const user = await users.findById(id);
    if (user && user.status !== 'deleted') names.set(id, `${user.firstName} ${user.lastName}`);
  }
  return names;
}

/** The admin's name, "a former admin" when the account is gone, or the CLI's label as it was given. */
export function placerLabel(t: (key: string) => string, label: string, names: Map<string, string> | undefined): string {
  const id = adminLabelPattern.exec(label)?.[1];
  return id ? (names?.get(id) ?? t('holds.formerAdmin')) : label;
}

// The erasers every install has. Others (authored content, integrations, ...) are registered by the
// components that own those tables; the account purge may replace `accounts.user` under that name.
import type { Knex } from 'knex';
import { sha256 } from '../../platform/ids.js';
import { usersTable } from '../accounts/accounts.datamap.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ErasureService } from './erasure.service.js';

/** A stable pseudonym per person, e.g. "Former member 7f3a": who-did-what stays readable without the identity. */
export function pseudonymOf(userId: string): { firstName: string; lastName: string } {
  return { firstName: 'Former', lastName: `member ${sha256(userId).slice(0, 4)}` };
}

/** Values for the non-nullable personal columns of `users` (nullable ones become NULL). */
function replacements(userId: string): Record<string, unknown> {
  const pseudonym = pseudonymOf(userId);
  const email = `erased-${userId}@erased.invalid`;
  return { email, email_lower: email, first_name: pseudonym.firstName, last_name: pseudonym.lastName, password_hash: null, role: 'member', status: 'disabled', updated_at: Date.now() };
}

/**
 * Scrubs the account row per the data map: every personal column is emptied (nullable: NULL,
 * otherwise a placeholder); the id stays so that rows pointing at it keep pointing at someone
 * anonymous. The person's sessions, reset links and invitations go. Idempotent.
 */
export async function scrubUserRow(userId: string, trx: Knex.Transaction): Promise<void> {
  const row = await trx('users').where({ id: userId }).first();
  if (row) {
    const given = replacements(userId);
    const changes: Record<string, unknown> = {};
    for (const [column, declaration] of Object.entries(usersTable.columns)) {
      if (declaration.personal === 'none' || column === 'id' || column === 'created_at') continue;
      if (column in given) changes[column] = given[column];
      else if (declaration.nullable) changes[column] = null;
      else if (declaration.type === 'string' || declaration.type === 'text') changes[column] = 'erased';
    }
    await trx('users').where({ id: userId }).update(changes);
  }
  await trx('sessions').where({ user_id: userId }).delete();
  await trx('password_resets').where({ user_id: userId }).delete();
  await trx('invitations').where({ accepted_user_id: userId }).delete();
  // The sign-up that created the account, and any other sign-up waiting with its address.
  await trx('signup_links').where({ user_id: userId }).modify((q) => (row ? q.orWhere({ email_lower: row.email_lower }) : q)).delete();
}

export function registerDefaultErasers(erasure: ErasureService, audit: AuditService): void {
  erasure.register('accounts.user', scrubUserRow);
  erasure.register('audit.actor', async (userId, trx) => {
    await audit.forgetUser(userId, trx);
  });
}

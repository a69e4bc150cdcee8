// The key under which the erasure ledger remembers a subject: a one-way digest of their user id, never
// the id itself. After an erasure the id survives nowhere (the pseudonymous account gets a fresh one),
// so the ledger cannot be joined to any row; after a restore, the digest of each restored account's id
// finds the accounts to erase again (ErasureService.reapply).
import crypto from 'node:crypto';

const PREFIX = 'h1:';

/** `h1:` and 32 characters of the base64url SHA-256 of the id (fits the ledger's 36-character column). */
export function ledgerKeyOf(userId: string): string {
  return PREFIX + crypto.createHash('sha256').update(userId).digest('base64url').slice(0, 32);
}

/** Whether a ledger subject is already a key (older ledgers and exported files may hold raw ids). */
export function isLedgerKey(subject: string): boolean {
  return subject.startsWith(PREFIX);
}

/** The key of a ledger subject as stored or as read from an older ledger. */
export function normalisedLedgerKey(subject: string): string {
  return isLedgerKey(subject) ? subject : ledgerKeyOf(subject);
}

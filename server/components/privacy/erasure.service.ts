// Erasure of a data subject, and the ledger that keeps it erased. The ledger holds only opaque ids
// and times; after a backup is restored, `reapply` runs every registered eraser again for every
// subject in it, so a person erased after the backup was taken stays erased.
//
// What "erase" means is contributed by the components that own personal data: each registers an
// eraser (idempotent, run inside the given transaction). The defaults (registered in container.ts)
// blank the person's audit identity and scrub their account row per the data map; the account purge
// of the retention component can replace `accounts.user` by registering under the same name.
import type { Knex } from 'knex';
import { newId, now } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { ErasureRepository, LedgerEntry } from './erasure.repository.js';

export type { LedgerEntry } from './erasure.repository.js';
export type Eraser = (subjectId: string, trx: Knex.Transaction) => Promise<void>;

export class ErasureService {
  private readonly erasers = new Map<string, Eraser>();

  constructor(
    private readonly knex: Knex,
    private readonly repo: ErasureRepository,
    private readonly audit: AuditService,
  ) {}

  /** Registers (or, under an existing name, replaces) what erasing a user does to some tables. Runs in registration order. */
  register(name: string, eraser: Eraser): void {
    this.erasers.set(name, eraser);
  }

  registered(): string[] {
    return [...this.erasers.keys()];
  }

  /** Adds the subject to the ledger (no-op when already there). */
  record(subjectId: string, trx?: Knex.Transaction): Promise<LedgerEntry> {
    return this.repo.insertIfAbsent({ id: newId(), subjectType: 'user', subjectId, erasedAt: now() }, trx);
  }

  /** Erases a user now: ledger entry, every registered eraser and an audit entry, in one transaction. */
  async erase(subjectId: string, actor: Actor, trx?: Knex.Transaction): Promise<LedgerEntry> {
    const run = async (t: Knex.Transaction) => {
      const entry = await this.record(subjectId, t);
      await this.audit.record(actor, 'privacy.subject.erase', { target: { type: 'erasure', id: entry.id } }, t);
      await this.applyTo(subjectId, t);
      return entry;
    };
    return trx ? run(trx) : this.knex.transaction(run);
  }

  /** Runs every eraser for one subject inside the transaction. */
  async applyTo(subjectId: string, trx: Knex.Transaction): Promise<void> {
    for (const eraser of this.erasers.values()) await eraser(subjectId, trx);
  }

  /** Re-applies every ledger entry (after a restore), one short transaction per subject. */
  async reapply(options: { onProgress?: (done: number) => void } = {}): Promise<number> {
    let done = 0;
    let after = '';
    for (;;) {
      const page = await this.repo.page(after, 200);
      if (!page.length) break;
      for (const entry of page) {
        await this.knex.transaction((trx) => this.applyTo(entry.subjectId, trx));
        done += 1;
      }
      options.onProgress?.(done);
      after = page[page.length - 1]!.id;
    }
    return done;
  }

  entries(): Promise<LedgerEntry[]> {
    return this.repo.all();
  }

  /** Adds entries from another copy of the ledger (the one in force before a restore); returns how many were new. */
  async merge(entries: LedgerEntry[]): Promise<number> {
    let added = 0;
    for (const entry of entries) {
      const before = await this.repo.find(entry.subjectType, entry.subjectId);
      if (before) continue;
      await this.repo.insertIfAbsent(entry);
      added += 1;
    }
    return added;
  }
}

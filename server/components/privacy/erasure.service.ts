// Erasure of a data subject, and the ledger that keeps it erased. The ledger holds only a one-way
// digest of each erased subject's user id (ledger-key.ts) and a time; after a backup is restored,
// `reapply` finds the restored accounts whose ids have those digests and erases each again through the
// very same path as a data subject request's erasure (`useSubjectPath`, wired by the DSAR component):
// the pseudonymous account gets a fresh id there too, so no ledger entry can be joined to any row.
//
// What "erase" means is contributed by the components that own personal data: each registers an
// eraser (idempotent, run inside the given transaction). The defaults (registered in container.ts)
// blank the person's audit identity and scrub their account row per the data map; the account purge
// of the retention component can replace `accounts.user` by registering under the same name.
import type { Knex } from 'knex';
import { newId, now } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import { checkpointTruncate, vacuumTables } from '../../db/erasure-storage.js';
import { dialectOfKnex } from '../../db/knex.js';
import type { ErasureRepository, LedgerEntry } from './erasure.repository.js';
import { ledgerKeyOf, normalisedLedgerKey } from './ledger-key.js';

export type { LedgerEntry } from './erasure.repository.js';
export type Eraser = (subjectId: string, trx: Knex.Transaction) => Promise<void>;
/** The whole erasure of one account (purge, identifiers swept, fresh pseudonymous id, storage compacted). */
export type SubjectPath = (userId: string) => Promise<void>;

/** Something an erasure decided that a restore must redo and the ledger cannot carry (e.g. redacted mentions). */
export interface CarriedDecisions {
  read(): Promise<unknown>;
  apply(carried: unknown): Promise<void>;
}

export class ErasureService {
  private readonly erasers = new Map<string, Eraser>();
  private subjectPath?: SubjectPath;
  private readonly carriers = new Map<string, CarriedDecisions>();

  constructor(
    private readonly knex: Knex,
    private readonly repo: ErasureRepository,
    private readonly audit: AuditService,
    /** Every table an erasure can touch (the data map's tables): what `compact` rewrites. */
    private readonly touchable: () => string[] = () => [],
  ) {}

  /**
   * `opsenic erasure compact`: PostgreSQL rewrites every table an erasure can touch (VACUUM FULL: no
   * dead tuple or freed space keeps an erased row; an exclusive lock per table while it runs); SQLite
   * rewrites the file (VACUUM) and truncates the WAL. Returns the tables rewritten (PostgreSQL).
   */
  async compact(): Promise<string[]> {
    if (dialectOfKnex(this.knex) === 'postgres') return vacuumTables(this.knex, [...this.touchable(), 'users', 'erasure_ledger', 'rate_limits'], { full: true });
    await this.knex.raw('VACUUM');
    await checkpointTruncate(this.knex);
    return [];
  }

  /** Registers (or, under an existing name, replaces) what erasing a user does to some tables. Runs in registration order. */
  register(name: string, eraser: Eraser): void {
    this.erasers.set(name, eraser);
  }

  registered(): string[] {
    return [...this.erasers.keys()];
  }

  /** The erasure a data subject request runs; `reapply` runs the same for every restored subject. */
  useSubjectPath(path: SubjectPath): void {
    this.subjectPath = path;
  }

  /** Registers decisions to read before a restore and redo after it (and after the ledger is re-applied). */
  carry(name: string, carrier: CarriedDecisions): void {
    this.carriers.set(name, carrier);
  }

  async readCarried(): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (const [name, carrier] of this.carriers) out.set(name, await carrier.read());
    return out;
  }

  async applyCarried(carried: Map<string, unknown>): Promise<void> {
    for (const [name, value] of carried) await this.carriers.get(name)?.apply(value);
  }

  /** Adds the subject to the ledger (no-op when already there). */
  record(userId: string, trx?: Knex.Transaction): Promise<LedgerEntry> {
    return this.repo.insertIfAbsent({ id: newId(), subjectType: 'user', subjectId: ledgerKeyOf(userId), erasedAt: now() }, trx);
  }

  /** The ledger entry of a user, when they were erased. */
  entryOf(userId: string, trx?: Knex.Transaction): Promise<LedgerEntry | undefined> {
    return this.repo.find('user', ledgerKeyOf(userId), trx);
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

  /**
   * Re-applies the ledger (after a restore): every account of this database whose id has the digest
   * of a ledger entry is erased again through the subject path. Returns how many were.
   */
  async reapply(options: { onProgress?: (done: number) => void } = {}): Promise<number> {
    const keys = new Set<string>();
    let after = '';
    for (;;) {
      const page = await this.repo.page(after, 1000);
      if (!page.length) break;
      for (const entry of page) if (entry.subjectType === 'user') keys.add(entry.subjectId);
      after = page[page.length - 1]!.id;
    }
    if (!keys.size) return 0;
    const found: string[] = [];
    let afterUser = '';
    for (;;) {
      const ids = (await this.knex('users').where('id', '>', afterUser).orderBy('id').limit(5000).select('id')).map((r: { id: string }) => r.id);
      if (!ids.length) break;
      for (const id of ids) if (keys.has(ledgerKeyOf(id))) found.push(id);
      afterUser = ids[ids.length - 1]!;
    }
    let done = 0;
    for (const userId of found) {
      if (this.subjectPath) await this.subjectPath(userId);
      else await this.knex.transaction((trx) => this.applyTo(userId, trx));
      done += 1;
      options.onProgress?.(done);
    }
    return done;
  }

  entries(): Promise<LedgerEntry[]> {
    return this.repo.all();
  }

  /** Adds entries from another copy of the ledger (the one in force before a restore); returns how many were new. */
  async merge(entries: LedgerEntry[]): Promise<number> {
    let added = 0;
    for (const given of entries) {
      // An older ledger (or file) may hold raw user ids: they are stored as digests.
      const entry = { ...given, subjectId: given.subjectType === 'user' ? normalisedLedgerKey(given.subjectId) : given.subjectId };
      const before = await this.repo.find(entry.subjectType, entry.subjectId);
      if (before) continue;
      await this.repo.insertIfAbsent(entry);
      added += 1;
    }
    return added;
  }
}

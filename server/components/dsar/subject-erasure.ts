// The one erasure path of an account, run by a data subject request (DsarErasure) and, for every
// restored account in the erasure ledger, by ErasureService.reapply after a backup is restored:
//
// 1. what identified the person is collected first (email, names, the IP addresses, user agents,
//    device ids and session hashes seen in their sessions and requests, SSO subjects, SCIM ids);
// 2. the retention purge follows the data map (rows they are the subject of go or are anonymised,
//    their person-page sections go, content they wrote follows retention.authoredContent) and
//    records the ledger entry;
// 3. rows linked to no one but tied to them are swept: requests and crashes from before sign-in on
//    their devices or in their sessions go, their addresses go from anonymous rows, rate-limit
//    counters keyed by their email or addresses go, as do invitations to their email;
// 4. the pseudonymous account row ("Former member 7f3a") gets a fresh id everywhere;
// 5. the storage lets go of the old bytes: SQLite checkpoints and truncates its WAL, PostgreSQL
//    vacuums the touched tables (server/db/erasure-storage.ts).
import type { Knex } from 'knex';
import type { TableDeclaration } from '../../db/declare.js';
import { checkpointTruncate, vacuumTables, type CheckpointResult } from '../../db/erasure-storage.js';
import { readLiveSchema } from '../../db/introspect.js';
import { dialectOfKnex } from '../../db/knex.js';
import { newId, now } from '../../platform/ids.js';
import type { ErasureService } from '../privacy/erasure.service.js';
import { pseudonymOf } from '../privacy/default-erasers.js';
import type { RetentionService } from '../retention/retention.service.js';
import type { DsarRepository } from './dsar.repository.js';
import type { SubjectIdentifiers } from './residue.js';

const IP_COLUMN = /(^|_)ip$/;
const MAX_VALUES = 500;

export interface StorageOutcome {
  dialect: 'sqlite' | 'postgres';
  /** SQLite: the TRUNCATE checkpoint after the erasure. */
  checkpoint: CheckpointResult | null;
  /** PostgreSQL: the tables vacuumed after the erasure. */
  vacuumed: string[];
}

export interface SubjectErasureOutcome {
  ledgerId: string | null;
  /** Tables whose rows the erasure changed or deleted (PostgreSQL vacuums these; `opsenic erasure compact` rewrites them). */
  touched: string[];
  storage: StorageOutcome;
}

export function emptyIdentifiers(): SubjectIdentifiers {
  return { userId: null, emails: [], fullNames: [], firstName: null, lastName: null, ips: [], userAgents: [], deviceIds: [], sessionHashes: [], ssoSubjects: [], scimIds: [] };
}

const uniq = (values: Array<string | null | undefined>) => [...new Set(values.filter((v): v is string => typeof v === 'string' && v.trim().length > 0))];

export class SubjectErasure {
  constructor(
    private readonly knex: Knex,
    private readonly tables: TableDeclaration[],
    private readonly retention: RetentionService,
    private readonly erasure: ErasureService,
    private readonly repo: DsarRepository,
    /** The rate_limits keys of these subjects (emails, addresses) under every limiter. */
    private readonly rateLimitKeys: (subjects: string[]) => string[],
    /** Writes out what capture still buffers, so none of the subject's requests lands after the purge. */
    private readonly flushCapture: () => Promise<void> = async () => {},
  ) {}

  private subjectTables(): Array<TableDeclaration & { subject: { column: string } }> {
    return this.tables.filter((t): t is TableDeclaration & { subject: { column: string } } => t.subject !== 'none');
  }

  /** Everything that identified the person, read before anything is erased. */
  async identifiersOf(userId: string | null, fallback: { email?: string | null; name?: string | null } = {}): Promise<SubjectIdentifiers> {
    const ids = emptyIdentifiers();
    const user = userId ? await this.knex('users').where({ id: userId }).first() : undefined;
    if (user) {
      ids.userId = user.id;
      ids.firstName = user.first_name;
      ids.lastName = user.last_name;
      ids.fullNames = uniq([`${user.first_name} ${user.last_name}`]);
      ids.emails = uniq([user.email]);
    } else {
      ids.emails = uniq([fallback.email]);
      ids.fullNames = uniq([fallback.name]);
    }
    if (!user) return ids;
    const ips: string[] = [];
    const agents: string[] = [];
    const devices: string[] = [];
    const sessions: string[] = [];
    for (const table of this.subjectTables()) {
      const subject = table.subject.column;
      const distinct = async (column: string) => (await this.knex(table.name).distinct({ v: column }).where(subject, user.id).whereNotNull(column).limit(MAX_VALUES)).map((r: { v: unknown }) => String(r.v));
      for (const column of Object.keys(table.columns)) {
        if (IP_COLUMN.test(column)) ips.push(...(await distinct(column)));
        else if (column === 'user_agent') agents.push(...(await distinct(column)));
        else if (column === 'device_id') devices.push(...(await distinct(column)));
        else if (column === 'session_hash') sessions.push(...(await distinct(column)));
      }
    }
    devices.push(...(await this.knex('devices').where({ user_id: user.id }).limit(MAX_VALUES).pluck('id')));
    const links: Array<{ subject: string; email: string | null }> = await this.knex('identity_links').where({ user_id: user.id }).select('subject', 'email');
    const scim: Array<{ external_id: string | null; user_name: string }> = await this.knex('scim_users').where({ user_id: user.id }).select('external_id', 'user_name');
    ids.ips = uniq(ips);
    ids.userAgents = uniq(agents);
    ids.deviceIds = uniq(devices);
    ids.sessionHashes = uniq(sessions);
    ids.ssoSubjects = uniq(links.map((l) => l.subject));
    ids.scimIds = uniq(scim.flatMap((s) => [s.external_id, s.user_name]));
    ids.emails = uniq([...ids.emails, ...links.map((l) => l.email), ...scim.map((s) => (s.user_name.includes('@') ? s.user_name : null))]);
    return ids;
  }

  /** Erases the account (when there is one) and what is tied to the identifiers; see the file's head. */
  async erase(userId: string | null, ids: SubjectIdentifiers, purge?: () => Promise<void>): Promise<SubjectErasureOutcome> {
    const touched = new Set<string>(['users', 'erasure_ledger', 'audit_actors', 'dsar_requests', 'dsar_results', 'invitations', 'rate_limits']);
    for (const table of this.subjectTables()) touched.add(table.name);
    let ledgerId: string | null = null;
    if (userId) {
      await this.flushCapture();
      if (purge) await purge();
      else await this.retention.purgeAccount(userId);
      ledgerId = (await this.erasure.entryOf(userId))?.id ?? null;
    }
    await this.sweepAnonymous(ids, touched);
    const plan = userId ? await this.rekeyPlan(userId) : [];
    await this.knex.transaction(async (trx) => {
      if (userId) await this.repo.forgetSubject(userId, ledgerId, ids.emails[0] ?? null, trx);
      else if (ids.emails[0]) await this.repo.forgetSubject('', null, ids.emails[0], trx);
      for (const email of ids.emails) await trx('invitations').where({ email_lower: email.toLowerCase() }).delete();
      const keys = this.rateLimitKeys([...ids.emails, ...ids.ips]);
      for (let i = 0; i < keys.length; i += 200) await trx('rate_limits').whereIn('key', keys.slice(i, i + 200)).delete();
      if (userId) for (const table of await this.rekey(userId, trx, plan)) touched.add(table);
    });
    return { ledgerId, touched: [...touched].sort(), storage: await this.releaseStorage([...touched]) };
  }

  /** After an erasure (or a redaction): the WAL is emptied (SQLite), the touched tables vacuumed (PostgreSQL). */
  async releaseStorage(tables: string[]): Promise<StorageOutcome> {
    const dialect = dialectOfKnex(this.knex);
    if (dialect === 'sqlite') return { dialect, checkpoint: await checkpointTruncate(this.knex), vacuumed: [] };
    const searchTables = ['org_nodes', 'sections', 'users', 'comments'];
    return { dialect, checkpoint: null, vacuumed: await vacuumTables(this.knex, [...tables, ...searchTables]) };
  }

  /**
   * Rows linked to no account that are the person's all the same: requests, crashes and device rows
   * recorded before sign-in on their devices or in their sessions are deleted; anonymous rows from
   * one of their addresses with one of their browsers too; an address alone (a shared office, a proxy)
   * is blanked. Batches of at most 500 rows, one short transaction each.
   */
  private async sweepAnonymous(ids: SubjectIdentifiers, touched: Set<string>): Promise<void> {
    const batches = async (table: string, where: (q: Knex.QueryBuilder) => void, change: 'delete' | Record<string, null>) => {
      const key = this.tables.find((t) => t.name === table)?.key ?? 'id';
      for (;;) {
        const n = await this.knex.transaction(async (trx) => {
          const keys = (await trx(table).modify(where).limit(500).pluck(key)) as string[];
          if (!keys.length) return 0;
          if (change === 'delete') await trx(table).whereIn(key, keys).delete();
          else await trx(table).whereIn(key, keys).update(change);
          return keys.length;
        });
        if (n) touched.add(table);
        if (n < 500) return;
      }
    };
    for (const table of this.subjectTables()) {
      const subject = table.subject.column;
      const cols = table.columns;
      if (!cols[subject]?.nullable) continue;
      const anonymous = (q: Knex.QueryBuilder) => q.whereNull(subject);
      if (ids.deviceIds.length && cols.device_id) await batches(table.name, (q) => anonymous(q).whereIn('device_id', ids.deviceIds), 'delete');
      if (ids.sessionHashes.length && cols.session_hash) await batches(table.name, (q) => anonymous(q).whereIn('session_hash', ids.sessionHashes), 'delete');
      if (table.name === 'devices' && ids.deviceIds.length) await batches(table.name, (q) => anonymous(q).whereIn('id', ids.deviceIds), 'delete');
      for (const column of Object.keys(cols).filter((c) => IP_COLUMN.test(c) && cols[c]!.nullable)) {
        if (!ids.ips.length) continue;
        if (ids.userAgents.length && cols.user_agent) await batches(table.name, (q) => anonymous(q).whereIn(column, ids.ips).whereIn('user_agent', ids.userAgents), 'delete');
        await batches(table.name, (q) => anonymous(q).whereIn(column, ids.ips), { [column]: null });
      }
    }
  }

  /**
   * The purged account row keeps content pointing at "Former member 7f3a"; its id was the subject's
   * user id. A copy under a fresh id takes its place everywhere (every text column holding exactly
   * that id), then the old row goes: nothing carries the old id, not even the ledger (a digest).
   * Where the id occurs is found first, outside the write transaction (most text columns have no
   * index: scanning them inside it would hold the write lock for the whole scan); the transaction
   * then rewrites only those rows, by key.
   */
  private async rekeyPlan(oldId: string): Promise<Array<{ table: string; column: string; key: string | null; keys: unknown[] }>> {
    const live = await readLiveSchema(this.knex);
    const plan: Array<{ table: string; column: string; key: string | null; keys: unknown[] }> = [];
    for (const [table, columns] of Object.entries(live)) {
      if (table === 'erasure_ledger') continue;
      const declared = this.tables.find((t) => t.name === table);
      const key = declared?.key ?? (columns.id ? 'id' : null);
      for (const [column, c] of Object.entries(columns)) {
        if (c.type !== 'string' || (table === 'users' && column === 'id')) continue;
        if (key === column) {
          if (await this.knex(table).where(column, oldId).first(this.knex.raw('1 as hit'))) plan.push({ table, column, key: null, keys: [] });
          continue;
        }
        const keys = key ? await this.knex(table).where(column, oldId).pluck(key) : (await this.knex(table).where(column, oldId).first(this.knex.raw('1 as hit'))) ? [null] : [];
        if (keys.length) plan.push({ table, column, key, keys });
      }
    }
    return plan;
  }

  private async rekey(oldId: string, trx: Knex.Transaction, plan: Array<{ table: string; column: string; key: string | null; keys: unknown[] }>): Promise<string[]> {
    const row = await trx('users').where({ id: oldId }).first();
    if (!row) return [];
    const freshId = newId();
    const pseudonym = pseudonymOf(freshId);
    const email = `erased-${freshId}@erased.invalid`;
    await trx('users').insert({ ...row, id: freshId, email, email_lower: email, first_name: pseudonym.firstName, last_name: pseudonym.lastName, updated_at: now() });
    const touched: string[] = [];
    for (const step of plan) {
      if (step.key) {
        for (let i = 0; i < step.keys.length; i += 500) await trx(step.table).whereIn(step.key, step.keys.slice(i, i + 500) as string[]).where(step.column, oldId).update({ [step.column]: freshId });
      } else {
        await trx(step.table).where(step.column, oldId).update({ [step.column]: freshId });
      }
      touched.push(step.table);
    }
    await trx('users').where({ id: oldId }).delete();
    return touched;
  }
}

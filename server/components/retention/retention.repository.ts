// Batched retention operations on any declared table, driven by its data map declaration. Each
// call of a *Batch method is meant to run inside one short transaction. Rows are addressed by
// SQLite's rowid or PostgreSQL's ctid, so any table works, with or
// without an `id` column.
import type { Knex } from 'knex';
import type { ColumnDeclaration, TableDeclaration } from '../../db/declare.js';
import type { Dialect } from '../../db/knex.js';

export const ANONYMISED = 'anonymised';

/** Rows of a table that a policy governs: older than cutoff by the table's age column. */
export interface AgedScope {
  table: TableDeclaration;
  cutoff: number;
}

/** Held people and workspaces whose rows are left alone. */
export interface HeldSet {
  userIds: string[];
  workspaceIds: string[];
}

type Builder = Knex.QueryBuilder;
type Condition = (q: Builder) => void;

/** Value that anonymises a column: NULL where allowed, a placeholder for text; undefined when it cannot be. */
export function anonymousValue(column: ColumnDeclaration): null | string | undefined {
  if (column.nullable) return null;
  if (column.type === 'string' || column.type === 'text') return ANONYMISED;
  return undefined;
}

export class RetentionRepository {
  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
  ) {}

  // ---- conditions -------------------------------------------------------------------------

  /** Rows older than the cutoff (NULL never ages), restricted by `where`, aged through a parent with `via`. */
  aged({ table, cutoff }: AgedScope, options: { physical?: boolean } = {}): Condition {
    const rule = table.retention!;
    return (q) => {
      if (rule.where) for (const [column, value] of Object.entries(rule.where)) q.where(`${table.name}.${column}`, value as string);
      if (rule.via) {
        const via = rule.via;
        q.whereIn(`${table.name}.${via.column}`, (sub) => sub.select('id').from(via.table).where(rule.ageColumn, '<', cutoff));
      } else if (options.physical && this.dialect === 'sqlite') {
        // Unary plus: SQLite may not use the age index here, so it walks the table in rowid order.
        q.whereRaw(`+"${table.name}"."${rule.ageColumn}" < ?`, [cutoff]);
      } else {
        q.where(`${table.name}.${rule.ageColumn}`, '<', cutoff);
      }
    };
  }

  /** Rows that no hold protects: their subject is not a held person, their workspace not a held workspace. */
  notHeld(table: TableDeclaration, held: HeldSet): Condition {
    return (q) => {
      const subject = table.subject === 'none' ? undefined : table.subject.column;
      if (subject && held.userIds.length) q.where((w) => w.whereNull(`${table.name}.${subject}`).orWhereNotIn(`${table.name}.${subject}`, held.userIds));
      if (table.columns.workspace_id && held.workspaceIds.length) q.where((w) => w.whereNull(`${table.name}.workspace_id`).orWhereNotIn(`${table.name}.workspace_id`, held.workspaceIds));
      if (table.name === 'workspaces' && held.workspaceIds.length) q.whereNotIn('workspaces.id', held.workspaceIds);
    };
  }

  /** Whether any hold can apply to this table at all. */
  holdable(table: TableDeclaration, held: HeldSet): boolean {
    return (table.subject !== 'none' && held.userIds.length > 0) || ((Boolean(table.columns.workspace_id) || table.name === 'workspaces') && held.workspaceIds.length > 0);
  }

  /** Rows with something left to anonymise in these columns. */
  notYetAnonymised(table: TableDeclaration, columns: string[]): Condition {
    return (q) =>
      q.where((w) => {
        for (const column of columns) {
          const value = anonymousValue(table.columns[column]!);
          if (value === null) w.orWhereNotNull(`${table.name}.${column}`);
          else w.orWhere(`${table.name}.${column}`, '<>', value!);
        }
      });
  }

  subjectIs(table: TableDeclaration, userId: string): Condition {
    const column = (table.subject as { column: string }).column;
    return (q) => q.where(`${table.name}.${column}`, userId);
  }

  workspaceIs(table: TableDeclaration, workspaceId: string): Condition {
    return (q) => q.where(`${table.name}.workspace_id`, workspaceId);
  }

  private query(table: TableDeclaration, conditions: Condition[], trx?: Knex.Transaction): Builder {
    const q = (trx ?? this.knex)(table.name);
    for (const condition of conditions) condition(q);
    return q;
  }

  // ---- reading (plans) --------------------------------------------------------------------

  async count(table: TableDeclaration, conditions: Condition[]): Promise<number> {
    const row = await this.query(table, conditions).count<{ n: number }[]>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  /** Oldest and newest age among the rows, and a few sample ids (oldest first). */
  async describe(table: TableDeclaration, conditions: Condition[], samples = 5): Promise<{ oldest: number | null; newest: number | null; sampleIds: string[] }> {
    const rule = table.retention;
    const key = table.key ?? (table.columns.id ? 'id' : Object.keys(table.columns)[0]!);
    let ageRef: string | undefined;
    let q = this.query(table, conditions);
    if (rule?.via) {
      q = q.join(rule.via.table, `${rule.via.table}.id`, `${table.name}.${rule.via.column}`);
      ageRef = `${rule.via.table}.${rule.ageColumn}`;
    } else if (rule) ageRef = `${table.name}.${rule.ageColumn}`;
    if (!ageRef) {
      const ids = await this.query(table, conditions).select(`${table.name}.${key} as k`).limit(samples);
      return { oldest: null, newest: null, sampleIds: ids.map((r: { k: unknown }) => String(r.k)) };
    }
    const range = (await q.clone().min({ oldest: ageRef }).max({ newest: ageRef }).first()) as { oldest?: unknown; newest?: unknown } | undefined;
    const ids = await q.clone().select(`${table.name}.${key} as k`).orderBy(ageRef).limit(samples);
    return {
      oldest: range?.oldest == null ? null : Number(range.oldest),
      newest: range?.newest == null ? null : Number(range.newest),
      sampleIds: ids.map((r: { k: unknown }) => String(r.k)),
    };
  }

  // ---- writing (one batch per transaction) ------------------------------------------------

  /** The rows of one batch, as a subquery of row addresses. */
  private batchOf(table: TableDeclaration, conditions: Condition[], limit: number, trx: Knex.Transaction): Builder {
    const address = this.dialect === 'postgres' ? 'ctid' : 'rowid';
    const sub = this.query(table, conditions, trx).select(trx.raw(`${table.name}.${address}`)).limit(limit);
    // No FOR UPDATE: it would write a lock into every row first. A row updated meanwhile has a new
    // ctid, and PostgreSQL re-checks the ctid on the new version, so such a row is skipped, not lost.
    if (this.dialect === 'postgres') return trx(table.name).whereRaw('ctid = any(array?)', [sub]);
    return trx(table.name).whereRaw('rowid in ?', [sub]);
  }

  async deleteBatch(table: TableDeclaration, conditions: Condition[], limit: number, trx: Knex.Transaction): Promise<number> {
    return this.batchOf(table, conditions, limit, trx).delete();
  }

  /**
   * Where the rows matching the conditions lie in the table: the first and last SQLite rowid, or the
   * first and last PostgreSQL table page (inclusive); undefined when no row matches. Read outside
   * any transaction, through the age index: a physical purge walks only this span, not the young
   * part of the table behind it (which would cost one empty batch, and its pause, per span).
   */
  async physicalSpan(table: TableDeclaration, conditions: Condition[]): Promise<{ first: number; last: number } | undefined> {
    if (this.dialect === 'sqlite') {
      const row = (await this.query(table, conditions).select(this.knex.raw(`min("${table.name}".rowid) AS lo, max("${table.name}".rowid) AS hi`)).first()) as { lo: number | null; hi: number | null } | undefined;
      return row?.lo == null || row.hi == null ? undefined : { first: Number(row.lo), last: Number(row.hi) };
    }
    const row = (await this.query(table, conditions).select(this.knex.raw(`min("${table.name}".ctid)::text AS lo, max("${table.name}".ctid)::text AS hi`)).first()) as { lo: string | null; hi: string | null } | undefined;
    // A tid reads "(page,item)".
    const pageOf = (tid: string) => Number(tid.slice(1, tid.indexOf(',')));
    return row?.lo == null || row.hi == null ? undefined : { first: pageOf(row.lo), last: pageOf(row.hi) };
  }

  /**
   * Deletes in physical order from `walk.next` to `walk.last` (a physicalSpan), advancing `walk.next`:
   * SQLite by rowid, PostgreSQL by ranges of table pages (TID range scans). Each page is then written
   * once in the whole purge instead of once per batch that happens to touch it, which is what makes
   * small transactions cheap when a large share of the table expires. `limit` is a span of rowids on
   * SQLite and limit/50 pages on PostgreSQL. Rows written after the span was read lie beyond it:
   * young, never expired.
   */
  async deletePhysicalBatch(table: TableDeclaration, conditions: Condition[], limit: number, trx: Knex.Transaction, walk: { next: number; last: number }): Promise<{ changed: number; done: boolean }> {
    const from = walk.next;
    const to = Math.min(walk.last, from + Math.max(1, this.dialect === 'sqlite' ? limit : Math.ceil(limit / 50)) - 1);
    // SQLite: one DELETE with the conditions over a rowid range, no list of row addresses to send
    // back (a 20,000-value IN list costs more to build and parse than to run).
    const range = this.dialect === 'sqlite' ? { sql: `"${table.name}".rowid >= ? AND "${table.name}".rowid <= ?`, bindings: [from, to] } : { sql: `"${table.name}".ctid >= ?::tid AND "${table.name}".ctid < ?::tid`, bindings: [`(${from},0)`, `(${to + 1},0)`] };
    const changed = from <= to ? await this.query(table, conditions, trx).whereRaw(range.sql, range.bindings).delete() : 0;
    walk.next = to + 1;
    return { changed, done: to >= walk.last };
  }

  /**
   * Between two batches, outside any transaction. SQLite: copy the batch's pages from the WAL into
   * the database now (a passive checkpoint waits for nobody), instead of letting a later commit do
   * it: an automatic checkpoint runs inside the commit that crosses sqliteWalAutocheckpointPages
   * (server/db/sqlite-client.ts), which made an occasional batch last several times the target.
   */
  async afterBatch(): Promise<void> {
    if (this.dialect === 'sqlite') await this.knex.raw('PRAGMA wal_checkpoint(PASSIVE)');
  }

  /** Anonymises these columns in one batch of rows (which must carry notYetAnonymised, or the batch never empties). */
  async anonymiseBatch(table: TableDeclaration, columns: string[], conditions: Condition[], limit: number, trx: Knex.Transaction, replacements: Record<string, unknown> = {}): Promise<number> {
    const changes: Record<string, unknown> = {};
    for (const column of columns) changes[column] = column in replacements ? replacements[column] : anonymousValue(table.columns[column]!);
    return this.batchOf(table, conditions, limit, trx).update(changes);
  }
}

// What the storage engine keeps of deleted rows, and how an erasure makes it let go. Dialect layer.
//
// SQLite: every connection runs `secure_delete` (deleted content is overwritten with zeros, freed
// pages too) and the search indexes use FTS5's `secure-delete`; what remains is the write-ahead log,
// whose older frames still hold the pages as they were before the erasure. A TRUNCATE checkpoint
// copies the WAL into the database and empties it.
//
// PostgreSQL: a DELETE or UPDATE leaves the old row version in the table's pages (a dead tuple)
// until VACUUM reclaims it; plain VACUUM marks the space free but does not overwrite it, so the
// bytes stay in the relation files until new rows reuse that space. VACUUM FULL rewrites the table
// into new files (an exclusive lock for the duration). Neither reaches the WAL archive, streaming
// replicas' own files or base backups: those keep old pages until they rotate out.
import type { Knex } from 'knex';
import { dialectOfKnex } from './knex.js';

export interface CheckpointResult {
  /** 1 when a reader or writer kept the checkpoint from finishing (the WAL was not emptied). */
  busy: number;
  /** Frames in the WAL before, and frames copied into the database. */
  log: number;
  checkpointed: number;
}

/** SQLite: copies the WAL into the database and truncates it to zero bytes; retried while readers hold old frames. */
export async function checkpointTruncate(knex: Knex, attempts = 20): Promise<CheckpointResult | null> {
  if (dialectOfKnex(knex) !== 'sqlite') return null;
  let result: CheckpointResult = { busy: 1, log: -1, checkpointed: -1 };
  for (let i = 0; i < attempts; i++) {
    const rows = (await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)')) as Array<Record<string, number>>;
    const row = rows[0] ?? {};
    result = { busy: Number(row.busy ?? 0), log: Number(row.log ?? 0), checkpointed: Number(row.checkpointed ?? 0) };
    if (!result.busy) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return result;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** PostgreSQL: VACUUM (or VACUUM FULL) of each table, one statement each, outside any transaction. */
export async function vacuumTables(knex: Knex, tables: string[], options: { full?: boolean } = {}): Promise<string[]> {
  if (dialectOfKnex(knex) !== 'postgres') return [];
  const done: string[] = [];
  for (const table of [...new Set(tables)].sort()) {
    const exists = await knex.raw('SELECT to_regclass(?) AS r', [table]);
    if (!exists.rows[0]?.r) continue;
    await knex.raw(`VACUUM ${options.full ? '(FULL) ' : ''}${quoteIdent(table)}`);
    done.push(table);
  }
  return done;
}

/** What PostgreSQL cannot promise after an erasure, in the words the report and the docs use. */
export const postgresLimits =
  'PostgreSQL: the touched tables were vacuumed (plain VACUUM). The erased rows are gone from every query, from pg_dump and from new backups, ' +
  'but plain VACUUM only marks their space free: the bytes stay in the table files until new rows reuse that space, or until ' +
  '`opsenic erasure compact` rewrites the touched tables (VACUUM FULL, an exclusive lock per table, at a time you choose). ' +
  'No command of the product reaches the WAL archive, streaming replicas\u2019 own files or base backups: they keep the old pages until they rotate out, ' +
  'so bound them with your WAL archive and point-in-time-recovery retention (see deploy/README.md, "Erasure and PostgreSQL").';

export const sqliteLimits =
  'SQLite: secure_delete overwrote the erased rows in the database file, the search indexes dropped their terms (FTS5 secure-delete), ' +
  'and the write-ahead log was checkpointed and truncated. Copies made before the erasure (backups, file-system snapshots) still hold them until they expire; ' +
  'a restore of such a backup re-applies the erasure ledger.';

// Dialect-specific halves of backup and restore. SQLite: the online backup API (better-sqlite3's
// db.backup(), one consistent snapshot while the server keeps writing). PostgreSQL: pg_dump's custom
// format and, to restore, pg_restore piped into one psql transaction that first empties the schema.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { secureDeletePragma } from './sqlite-client.js';

/** The part of better-sqlite3 used here (the package ships no types; knex loads the same module). */
interface SqliteDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  prepare(source: string): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
  backup(destination: string, options?: { progress?: (info: { totalPages: number; remainingPages: number }) => number | undefined }): Promise<unknown>;
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => SqliteDatabase;

export type BackupKind = 'sqlite' | 'postgres';

/** Recognises a backup file by its first bytes. */
export function backupKindOf(file: string): BackupKind | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    if (n >= 16 && head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
    if (n >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function partialName(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.partial-${crypto.randomBytes(4).toString('hex')}`);
}

/**
 * Copies the live SQLite database into `out` with `VACUUM INTO`: one read snapshot (writers in other
 * processes neither block nor restart it), written as a new, compact file of live rows only: no free
 * page, no deleted cell, nothing an erasure removed (the online backup API copied pages as they were,
 * free space and all). The copy is made a self-contained rollback-journal file and checked before it
 * takes its final name.
 */
export async function sqliteBackup(dbFile: string, out: string): Promise<{ bytes: number }> {
  const tmp = partialName(out);
  const source = new Database(dbFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    source.pragma(secureDeletePragma());
    source.prepare('VACUUM INTO ?').run(tmp);
  } finally {
    source.close();
  }
  try {
    const copy = new Database(tmp);
    try {
      copy.pragma(secureDeletePragma());
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    fs.linkSync(tmp, out); // fails if `out` appeared meanwhile: never overwrite
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { bytes: fs.statSync(out).size };
}

/** What a SQLite backup holds: its integrity and the migrations it was taken at. */
export function inspectSqliteBackup(file: string): { integrity: string; migrations: string[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const hasMigrations = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'knex_migrations'`).get();
    const migrations = hasMigrations ? (db.prepare('SELECT name FROM knex_migrations ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name.replace(/\.ts$/, '')) : [];
    return { integrity, migrations };
  } finally {
    db.close();
  }
}

/**
 * Replaces the content of the live database with the backup's, through the backup API in the other
 * direction: SQLite locks the live file while it writes every page, so other connections see either
 * the old or the new database, never a mix, and the file keeps its identity (no rename under a
 * running process).
 */
export async function sqliteRestore(file: string, dbFile: string): Promise<void> {
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(dbFile, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const live = new Database(dbFile);
  try {
    live.pragma(secureDeletePragma());
    live.pragma('journal_mode = WAL');
    const check = live.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the restored database failed its integrity check: ${String(check)}`);
  } finally {
    live.close();
  }
}

/** The PostgreSQL client tools, from `binDir` when given, else from PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore' | 'psql', binDir = ''): string | undefined {
  const candidate = binDir ? path.join(binDir, name) : name;
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? candidate : undefined;
}

/** A connection URL without its password (kept out of process listings) and the password for PGPASSWORD. */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, stdin?: NodeJS.ReadableStream): Promise<{ code: number | null; stderr: string; child: ReturnType<typeof spawn> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    if (stdin) stdin.pipe(child.stdin!);
    child.on('close', (code) => resolve({ code, stderr, child }));
  });
}

export async function pgDump(pgDumpPath: string, databaseUrl: string, out: string): Promise<{ bytes: number }> {
  const tmp = partialName(out);
  const conn = connection(databaseUrl);
  try {
    const result = await run(pgDumpPath, ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`, `--dbname=${conn.url}`], conn.env);
    if (result.code !== 0) throw new Error(`pg_dump failed (exit ${result.code}): ${result.stderr.trim()}`);
    fs.linkSync(tmp, out);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { bytes: fs.statSync(out).size };
}

/** Lists what a custom-format dump holds (also proves pg_restore can read it). */
export async function inspectPgDump(pgRestorePath: string, file: string): Promise<{ ok: boolean; detail: string }> {
  const listing = spawnSync(pgRestorePath, ['--list', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: listing.status === 0, detail: listing.status === 0 ? listing.stdout : listing.stderr.trim() };
}

/** The migrations a custom-format dump was taken at (the rows of its knex_migrations table), read without restoring it. */
export async function pgDumpMigrations(pgRestorePath: string, file: string): Promise<string[] | undefined> {
  const data = spawnSync(pgRestorePath, ['--data-only', '--table=knex_migrations', '--file=-', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (data.status !== 0) return undefined;
  const names: string[] = [];
  let inCopy = false;
  for (const line of data.stdout.split('\n')) {
    if (/^COPY (public\.)?knex_migrations /.test(line)) inCopy = true;
    else if (inCopy && line === '\\.') inCopy = false;
    else if (inCopy) names.push((line.split('\t')[1] ?? '').replace(/\.(ts|js)$/, ''));
  }
  return names.filter(Boolean);
}

/**
 * Restores a custom-format dump in ONE transaction: pg_restore first writes the whole SQL to a private
 * file (a dump that cannot be read to its end fails here, before anything is changed), then psql runs
 * it in a single transaction that first empties the schema; any error rolls everything back and the
 * database stays as it was. (Piping pg_restore into psql would let psql commit what it had read when
 * pg_restore died halfway.)
 */
export async function pgRestore(tools: { pgRestore: string; psql: string }, databaseUrl: string, file: string): Promise<void> {
  const conn = connection(databaseUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsenic-restore-'));
  const sql = path.join(dir, 'restore.sql');
  try {
    fs.chmodSync(dir, 0o700);
    const restore = spawnSync(tools.pgRestore, ['--no-owner', '--no-privileges', `--file=${sql}`, file], { env: conn.env, encoding: 'utf8' });
    if (restore.status !== 0) throw new Error(`pg_restore failed (exit ${restore.status}), nothing was changed: ${String(restore.stderr ?? '').trim()}`);
    const psql = await run(tools.psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-c', 'DROP SCHEMA IF EXISTS public CASCADE', '-c', 'CREATE SCHEMA public', '-f', sql, `--dbname=${conn.url}`], conn.env);
    if (psql.code !== 0) throw new Error(`psql failed (exit ${psql.code}), nothing was changed: ${psql.stderr.trim()}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

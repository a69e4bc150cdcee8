// Backups that forget: create a consistent copy of the database while the server runs, and restore
// one; after a restore the erasure ledger in force before it is merged back and re-applied, so a
// person erased after the backup was taken stays erased. The CLI calls these methods.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Dialect } from '../../db/knex.js';
import { sqlitePathOf } from '../../db/knex.js';
import { migrateLatest, migrationStatus } from '../../db/migrate.js';
import { backupKindOf, inspectPgDump, inspectSqliteBackup, pgDump, pgDumpMigrations, pgRestore, pgTool, sqliteBackup, sqliteRestore } from '../../db/backup.js';
import { AppError } from '../../platform/errors.js';
import { assertPgDumpCanDump } from './pg-dump-version.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { ErasureService, LedgerEntry } from '../privacy/erasure.service.js';

/** 400: the file named is not something to back up to, or to restore from (the message says why). */
export class BackupInputError extends AppError {
  constructor(message: string) {
    super(400, 'invalid_backup_file', message);
  }
}

/** 503-like: the tool the operation needs is not installed; `procedure` says how to do it by hand. */
export class BackupUnavailableError extends AppError {
  constructor(
    message: string,
    public readonly procedure: string,
  ) {
    super(503, 'unavailable', message);
  }
}

export const postgresProcedure = `PostgreSQL backups need the PostgreSQL client tools (pg_dump, pg_restore, psql) of the
server's major version or newer, e.g. \`apt-get install postgresql-client\`. Without them, back up and restore
by hand from a machine that has them:
  pg_dump --format=custom --no-owner --no-privileges --file=opsenic.dump "$OPSENIC_DATABASE_URL"
  # restore: stop every replica, then, in one transaction:
  pg_restore --no-owner --no-privileges --file=- opsenic.dump | psql -X -v ON_ERROR_STOP=1 --single-transaction \\
    -c 'DROP SCHEMA IF EXISTS public CASCADE' -c 'CREATE SCHEMA public' -f - "$OPSENIC_DATABASE_URL"
  # erasures made after the backup was taken must be re-applied: export the ledger BEFORE restoring,
  opsenic erasure export --out ledger.json
  # and merge and re-apply it after the restore (and after \`opsenic migrate\`):
  opsenic erasure reapply --ledger ledger.json`;

export interface BackupResult {
  file: string;
  dialect: Dialect;
  bytes: number;
  durationMs: number;
}

export interface RestoreResult {
  file: string;
  dialect: Dialect;
  migrationsApplied: string[];
  ledgerEntriesMerged: number;
  subjectsErasedAgain: number;
  durationMs: number;
}

export class BackupService {
  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
    private readonly databaseUrl: string,
    private readonly erasure: ErasureService,
    private readonly audit: AuditService,
  ) {}

  private tools() {
    const tool = (name: 'pg_dump' | 'pg_restore' | 'psql') => {
      const found = pgTool(name);
      if (!found) throw new BackupUnavailableError(`${name} is not installed (or not on PATH)`, postgresProcedure);
      return found;
    };
    return { pgDump: () => tool('pg_dump'), pgRestore: () => tool('pg_restore'), psql: () => tool('psql') };
  }

  async create(out: string, actor: Actor): Promise<BackupResult> {
    const file = path.resolve(out);
    if (fs.existsSync(file)) throw new BackupInputError('backup.outExists');
    if (!fs.existsSync(path.dirname(file))) throw new BackupInputError('backup.outDirMissing');
    const started = Date.now();
    if (this.dialect === 'postgres') await assertPgDumpCanDump(this.tools().pgDump(), this.knex);
    const { bytes } = this.dialect === 'sqlite' ? await sqliteBackup(sqlitePathOf(this.databaseUrl), file) : await pgDump(this.tools().pgDump(), this.databaseUrl, file);
    const durationMs = Date.now() - started;
    await this.audit.record(actor, 'backup.create', { details: { dialect: this.dialect, bytes, durationMs } });
    return { file, dialect: this.dialect, bytes, durationMs };
  }

  /** Checks that a file is a readable backup of this dialect, before anything is changed. */
  async inspect(file: string): Promise<{ file: string; dialect: Dialect; bytes: number; takenAt: string }> {
    const resolved = path.resolve(file);
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) throw new BackupInputError('backup.fileMissing');
    const kind = backupKindOf(resolved);
    if (!kind) throw new BackupInputError('backup.notABackup');
    if (kind !== this.dialect) throw new BackupInputError('backup.wrongDialect');
    if (kind === 'sqlite') {
      const { integrity, migrations } = inspectSqliteBackup(resolved);
      if (integrity !== 'ok' || !migrations.length) throw new BackupInputError('backup.damaged');
      const known = new Set([...(await migrationStatus(this.knex)).applied, ...(await migrationStatus(this.knex)).pending]);
      if (migrations.some((m) => !known.has(m))) throw new BackupInputError('backup.newerVersion');
    } else {
      const listing = await inspectPgDump(this.tools().pgRestore(), resolved);
      if (!listing.ok || !/TABLE public knex_migrations\b/.test(listing.detail)) throw new BackupInputError('backup.damaged');
      const migrations = await pgDumpMigrations(this.tools().pgRestore(), resolved);
      const status = await migrationStatus(this.knex);
      const known = new Set([...status.applied, ...status.pending]);
      if (migrations?.some((m) => !known.has(m))) throw new BackupInputError('backup.newerVersion');
    }
    const stat = fs.statSync(resolved);
    return { file: resolved, dialect: kind, bytes: stat.size, takenAt: stat.mtime.toISOString() };
  }

  /**
   * Replaces the database with the backup, migrates it to this version, then merges back the erasure
   * ledger that was in force before the restore and erases every subject in it again.
   */
  async restore(file: string, actor: Actor, options: { extraLedger?: LedgerEntry[]; onProgress?: (step: string) => void } = {}): Promise<RestoreResult> {
    const { onProgress } = options;
    const started = Date.now();
    const backup = await this.inspect(file);
    onProgress?.('reading the erasure ledger in force');
    const ledger = [...(await this.erasure.entries()), ...(options.extraLedger ?? [])];
    // Decisions taken since the backup that the ledger alone cannot redo (redacted mentions).
    const carried = await this.erasure.readCarried();
    onProgress?.('restoring the database');
    if (this.dialect === 'sqlite') await sqliteRestore(backup.file, sqlitePathOf(this.databaseUrl));
    else await pgRestore({ pgRestore: this.tools().pgRestore(), psql: this.tools().psql() }, this.databaseUrl, backup.file);
    onProgress?.('migrating the restored database');
    const migrationsApplied = await migrateLatest(this.knex);
    onProgress?.('re-applying erasures');
    const ledgerEntriesMerged = await this.erasure.merge(ledger);
    const subjectsErasedAgain = await this.erasure.reapply();
    await this.erasure.applyCarried(carried);
    const durationMs = Date.now() - started;
    await this.audit.record(actor, 'backup.restore', { details: { dialect: this.dialect, takenAt: backup.takenAt, migrationsApplied: migrationsApplied.length, ledgerEntriesMerged, subjectsErasedAgain } });
    return { file: backup.file, dialect: this.dialect, migrationsApplied, ledgerEntriesMerged, subjectsErasedAgain, durationMs };
  }
}

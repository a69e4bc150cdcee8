// pg_dump refuses to dump a server of a newer major version, after connecting and with a message
// that names neither fix nor version clearly. `opsenic backup create` asks both first and refuses in
// one line that names the client version to install (a PostgreSQL 17 server needs pg_dump 17 or newer).
import { spawnSync } from 'node:child_process';
import type { Knex } from 'knex';
import { AppError } from '../../platform/errors.js';

/** The client tools are older than the server: nothing was written. */
export class PgDumpTooOldError extends AppError {
  constructor(message: string) {
    super(503, 'pg_dump_too_old', message);
  }
}

/** A PostgreSQL major version: 17, 16, ... and 9.6 style for servers before 10. */
export interface PgVersion {
  major: number;
  text: string;
}

/** `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)` -> 15; `9.6.24` -> 9.6. */
export function parsePgDumpVersion(output: string): PgVersion {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output);
  if (!m) throw new Error(`cannot read the version of pg_dump from "${output.trim()}"`);
  const first = Number(m[1]);
  const major = first >= 10 ? first : Number(`${first}.${m[2] ?? 0}`);
  return { major, text: [m[1], m[2], m[3]].filter((p) => p !== undefined).join('.') };
}

/** server_version_num (170002, 90624) -> 17, 9.6. */
export function parseServerVersionNum(num: number, text = String(num)): PgVersion {
  if (!Number.isInteger(num) || num <= 0) throw new Error(`unexpected server_version_num ${num}`);
  const major = num >= 100000 ? Math.floor(num / 10000) : Math.floor(num / 10000) + (Math.floor(num / 100) % 100) / 10;
  return { major, text };
}

/** The line to show when `client` cannot dump `server`, or undefined when it can. */
export function pgDumpMismatch(client: PgVersion, server: PgVersion): string | undefined {
  if (client.major >= server.major) return undefined;
  return `pg_dump ${client.text} cannot back up this PostgreSQL ${server.text} server: install the PostgreSQL ${server.major} client tools (pg_dump ${server.major} or newer, e.g. apt-get install postgresql-client-${server.major}) and run the backup again.`;
}

/** Throws PgDumpTooOldError when the pg_dump at `pgDumpPath` is older than the connected server. */
export async function assertPgDumpCanDump(pgDumpPath: string, knex: Knex): Promise<void> {
  const probe = spawnSync(pgDumpPath, ['--version'], { encoding: 'utf8' });
  const client = parsePgDumpVersion(probe.stdout ?? '');
  const row = (await knex.raw(`SELECT current_setting('server_version_num')::int AS num, current_setting('server_version') AS text`)).rows[0] as { num: number; text: string };
  const server = parseServerVersionNum(Number(row.num), String(row.text).split(' ')[0]);
  const mismatch = pgDumpMismatch(client, server);
  if (mismatch) throw new PgDumpTooOldError(mismatch);
}

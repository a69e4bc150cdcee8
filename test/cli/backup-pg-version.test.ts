// `opsenic backup create` on PostgreSQL compares pg_dump's major version with the server's before
// anything is written: an older client is refused in one line that names the version to install.
// The older client is simulated by a `pg_dump` first on the PATH that reports an older version
// (and otherwise runs the real one); the server is the real local PostgreSQL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';
import { parsePgDumpVersion, parseServerVersionNum, pgDumpMismatch } from '../../server/components/backup/pg-dump-version.js';

describe('pg_dump and server versions', () => {
  it('when versions are read, then majors come from pg_dump --version and server_version_num, 9.x included', () => {
    assert.deepEqual(parsePgDumpVersion('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n'), { major: 15, text: '15.20' });
    assert.deepEqual(parsePgDumpVersion('pg_dump (PostgreSQL) 9.6.24'), { major: 9.6, text: '9.6.24' });
    assert.equal(parseServerVersionNum(170002).major, 17);
    assert.equal(parseServerVersionNum(90624).major, 9.6);
    assert.throws(() => parsePgDumpVersion('command not found'), /cannot read the version of pg_dump/);
  });

  it('when the client is older than the server, then the message names the client version needed; otherwise nothing is said', () => {
    assert.equal(pgDumpMismatch({ major: 15, text: '15.20' }, { major: 17, text: '17.2' }), 'pg_dump 15.20 cannot back up this PostgreSQL 17.2 server: install the PostgreSQL 17 client tools (pg_dump 17 or newer, e.g. apt-get install postgresql-client-17) and run the backup again.');
    assert.equal(pgDumpMismatch({ major: 17, text: '17.6' }, { major: 13, text: '13.22' }), undefined, 'pg_dump 17 dumps older servers');
    assert.equal(pgDumpMismatch({ major: 17, text: '17.0' }, { major: 17, text: '17.6' }), undefined);
    assert.match(pgDumpMismatch({ major: 9.6, text: '9.6.24' }, { major: 10, text: '10.23' })!, /install the PostgreSQL 10 client tools/);
  });
});

forEachDialect('opsenic backup create: pg_dump version check', (dialect) => {
  if (dialect !== 'postgres') return;
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  let serverMajor: number;
  before(async function () {
    this.timeout(120_000);
    db = await createDatabase(dialect);
    dir = tempDir('opsenic-pgdump-');
    env = cliEnv(db.url, dir);
    const migrated = await runCli(['migrate'], { env, timeoutMs: 120_000 });
    assert.equal(migrated.code, 0, migrated.stderr);
    const num = spawnSync('psql', ['-XAtc', 'SHOW server_version_num', db.url], { encoding: 'utf8' });
    assert.equal(num.status, 0, num.stderr);
    serverMajor = parseServerVersionNum(Number(num.stdout.trim())).major;
  });
  after(async () => db?.drop());

  it('when pg_dump is older than the server, then backup create refuses in one line naming the client version needed and writes nothing', async function () {
    this.timeout(120_000);
    const realPgDump = spawnSync('sh', ['-c', 'command -v pg_dump'], { encoding: 'utf8' }).stdout.trim();
    const bin = path.join(dir, 'old-client');
    fs.mkdirSync(bin);
    const older = `${serverMajor - 2}.9`;
    fs.writeFileSync(path.join(bin, 'pg_dump'), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) ${older}"; exit 0; fi\nexec ${realPgDump} "$@"\n`, { mode: 0o755 });
    const out = path.join(dir, 'refused.backup');
    const result = await runCli(['backup', 'create', '--out', out], { env: { ...env, PATH: `${bin}:${process.env.PATH}` }, timeoutMs: 120_000 });
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, new RegExp(`pg_dump ${older.replace('.', '\\.')} cannot back up this PostgreSQL ${serverMajor}\\.\\d+ server: install the PostgreSQL ${serverMajor} client tools \\(pg_dump ${serverMajor} or newer`));
    assert.equal(fs.existsSync(out), false);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('refused')), [], 'no partial file');
  });

  it('when pg_dump is the server\'s major version, then the backup is written', async function () {
    this.timeout(120_000);
    const out = path.join(dir, 'written.backup');
    const result = await runCli(['backup', 'create', '--out', out, '--json'], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(fs.readFileSync(out).subarray(0, 5).toString(), 'PGDMP');
  });
});

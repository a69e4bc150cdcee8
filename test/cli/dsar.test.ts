// `opsenic dsar` as real child processes on both dialects: open (id, received and due dates), list,
// show, export to a zip, rectify, restrict, close, erase (refused under a legal hold, then done),
// the privacy role, and bad input with a clear message and a non-zero exit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';
import { strongPassword } from '../support/http.js';
import { exportedRows, readZip } from '../support/zip.js';

forEachDialect(
  'opsenic dsar',
  (dialect) => {
    let db: TestDatabase;
    let env: Record<string, string>;
    let dir: string;
    const run = (args: string[], input?: string) => runCli(args, { env, input });
    const json = async (args: string[]) => {
      const r = await run([...args, '--json']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout);
    };

    before(async () => {
      db = await createDatabase(dialect);
      dir = tempDir();
      env = cliEnv(db.url, dir);
      if (dialect === 'postgres') assert.equal((await runCli(['migrate'], { env })).code, 0);
      for (const [email, first, admin] of [['ada@example.com', 'Ada', true], ['zoe@example.com', 'Zoe', false], ['pia@example.com', 'Pia', false]] as const) {
        const r = await run(['users', 'create', ...(admin ? ['--admin'] : []), '--email', email, '--first-name', first, '--last-name', 'Tester', '--password-stdin'], strongPassword);
        assert.equal(r.code, 0, r.stderr);
      }
    });
    after(async () => db?.drop());

    it('when a member is promoted with --role privacy, then they become a privacy contact and a bad role is refused', async () => {
      assert.equal((await json(['users', 'promote', 'pia@example.com', '--role', 'privacy'])).role, 'privacy');
      const bad = await run(['users', 'promote', 'pia@example.com', '--role', 'owner']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--role must be admin or privacy/);
    });

    it('when a request is opened, then it prints its id, received and due dates, and list and show find it', async () => {
      const opened = await json(['dsar', 'open', '--type', 'access', '--user', 'zoe@example.com', '--received', '2026-03-02']);
      assert.match(opened.id, /^[0-9a-f-]{36}$/);
      assert.equal(opened.receivedOn, '2026-03-02');
      assert.equal(opened.dueOn, '2026-03-30');
      const listed = await json(['dsar', 'list']);
      assert.ok(listed.requests.some((r: { id: string }) => r.id === opened.id));
      const table = await run(['dsar', 'list']);
      assert.match(table.stdout, /OVERDUE by \d+ business day/);
      const shown = await run(['dsar', 'show', opened.id]);
      assert.match(shown.stdout, /due\s+2026-03-30/);
      fs.writeFileSync(path.join(dir, 'access-id'), opened.id);
    });

    it('when the export is written, then the zip holds the JSON document, a CSV per table and the summary', async () => {
      const id = fs.readFileSync(path.join(dir, 'access-id'), 'utf8');
      const out = path.join(dir, 'export.zip');
      const result = await json(['dsar', 'export', id, '--out', out]);
      assert.equal(result.file, out);
      const files = readZip(fs.readFileSync(out));
      const data = JSON.parse(files.get('data.json')!.toString('utf8'));
      assert.equal(exportedRows(data, 'users')[0]!.email, 'zoe@example.com');
      assert.ok(files.has('csv/users.csv') && files.has('summary.html'));
      assert.equal(fs.readdirSync(dir).filter((f) => f.includes('.partial-')).length, 0);
      const closed = await json(['dsar', 'close', id]);
      assert.equal(closed.status, 'completed');
      const again = await run(['dsar', 'export', id, '--out', path.join(dir, 'again.zip')]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /closed/);
      assert.ok(!fs.existsSync(path.join(dir, 'again.zip')));
    });

    it('when input is bad, then each command says what is wrong, exits non-zero and changes nothing', async () => {
      const before = (await json(['dsar', 'list'])).requests.length;
      const unknown = await run(['dsar', 'open', '--type', 'access', '--user', 'nobody@example.com']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /no account with this email/);
      const both = await run(['dsar', 'open', '--type', 'access', '--user', 'zoe@example.com', '--email', 'x@example.com']);
      assert.equal(both.code, 1);
      assert.match(both.stderr, /subject: /);
      const type = await run(['dsar', 'open', '--type', 'forget-me', '--email', 'x@example.com']);
      assert.equal(type.code, 1);
      assert.match(type.stderr, /type: Choose a type/);
      const missing = await run(['dsar', 'show', '00000000-0000-4000-8000-000000000000']);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no such request/);
      const future = await run(['dsar', 'open', '--type', 'access', '--email', 'x@example.com', '--received', '2999-01-01']);
      assert.equal(future.code, 1);
      assert.match(future.stderr, /future/);
      assert.equal((await json(['dsar', 'list'])).requests.length, before);
    });

    it('when a rectification and a restriction are handled, then the changes show and the request closes', async () => {
      const rect = await json(['dsar', 'open', '--type', 'rectification', '--user', 'zoe@example.com', '--details', 'wrong title']);
      const changed = await json(['dsar', 'rectify', rect.id, '--title', 'Surveyor']);
      assert.deepEqual(changed.changes, [{ field: 'title', old: null, new: 'Surveyor' }]);
      const nothing = await run(['dsar', 'rectify', rect.id]);
      assert.equal(nothing.code, 1);
      assert.match(nothing.stderr, /Nothing to change/);
      assert.equal((await json(['dsar', 'close', rect.id])).status, 'completed');
      const restriction = await json(['dsar', 'open', '--type', 'restriction', '--user', 'zoe@example.com']);
      assert.equal((await json(['dsar', 'restrict', restriction.id])).restricted, true);
      assert.equal((await json(['dsar', 'restrict', restriction.id, '--lift'])).restricted, false);
      const rejected = await json(['dsar', 'close', restriction.id, '--reject', 'withdrawn by the subject']);
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.statusReason, 'withdrawn by the subject');
    });

    it('when the subject is under a legal hold, then erase refuses naming the hold, and with the override it erases and verifies', async () => {
      const erasure = await json(['dsar', 'open', '--type', 'erasure', '--user', 'zoe@example.com']);
      assert.equal((await run(['hold', 'add', '--user', 'zoe@example.com', '--reason', 'Tribunal case 77'])).code, 0);
      const noTerminal = await run(['dsar', 'erase', erasure.id]);
      assert.equal(noTerminal.code, 1);
      assert.match(noTerminal.stderr, /pass --yes/);
      const held = await run(['dsar', 'erase', erasure.id, '--yes']);
      assert.equal(held.code, 1);
      assert.match(held.stderr, /legal hold protects/);
      assert.match(held.stderr, /Tribunal case 77/);
      assert.equal((await json(['users', 'show', 'zoe@example.com'])).status, 'active');
      const done = await json(['dsar', 'erase', erasure.id, '--yes', '--override-hold']);
      assert.equal(done.report.residue, 0, JSON.stringify(done.report.hits));
      assert.equal(done.request.status, 'completed');
      assert.equal(done.overriddenHolds.length, 1);
      const gone = await run(['users', 'show', 'zoe@example.com']);
      assert.equal(gone.code, 1);
      const audit = await run(['audit', 'verify']);
      assert.equal(audit.code, 0, audit.stdout + audit.stderr);
    });
  },
  { timeoutMs: 120_000 },
);

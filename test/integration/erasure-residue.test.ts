// Erasure that leaves nothing behind (issue 18), on both dialects: a subject with data in every
// category (mentions by others, rows from before sign-in, sessions from two addresses and two browsers,
// an SSO link, a SCIM record, a rate-limit counter), erased through a data subject request. Every check
// here is independent of the product's own scan: row counts per category, and on SQLite a byte search
// of the database file and its WAL written in this file; on PostgreSQL pg_dump's plain output and the
// relation files found with pg_relation_filepath after a CHECKPOINT. The residue check is shown to
// catch what it looks for by planting leftovers.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import pg from 'pg';
import { declaredTables } from '../../server/registry.js';
import type { TableDeclaration } from '../../server/db/declare.js';
import { readLiveSchema } from '../../server/db/introspect.js';
import { closeReadConnection, readRows } from '../../server/db/read-connection.js';
import { bulkInsertSettings } from '../../server/db/bulk-insert.js';
import { createContainer } from '../../server/container.js';
import { cliActor } from '../../server/components/audit/audit.service.js';
import { cliHandler, type Handler } from '../../server/components/dsar/dsar.service.js';
import { findResidue, type SubjectIdentifiers } from '../../server/components/dsar/residue.js';
import { createSigninLimits, rateLimitKeysOf } from '../../server/components/sessions/rate-limits.js';
import { forEachDialect, tempDir } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedInClient, signedUpClient, strongPassword, uniqueEmail, type TestClient } from '../support/http.js';
import { syntheticRow } from '../support/retention.js';
import { cliEnv, runCli } from '../support/cli.js';

const table = (name: string): TableDeclaration => declaredTables.find((t) => t.name === name)!;
const cli: Handler = cliHandler('test');
const IP1 = '203.0.113.71';
const IP2 = '203.0.113.72';
const UA1 = 'ZeldaFox/7.1 (Atlas; rv:71.0)';
const UA2 = 'ZeldaKit/9.2 (Atlas; Mobile)';
const SSO_SUBJECT = 'sso-subject-zq-77f1a9';
const SCIM_EXTERNAL = 'scim-external-zq-8812c4';
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options?: { readonly?: boolean }) => {
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown };
  close(): void;
};

/** Occurrences of each needle (as typed and lower-cased) in a file: this test's own search, not the product's. */
function grepFile(file: string, needles: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (!fs.existsSync(file)) return out;
  const bytes = fs.readFileSync(file);
  for (const needle of needles) {
    for (const form of new Set([needle, needle.toLowerCase()])) {
      let n = 0;
      for (let at = bytes.indexOf(form); at !== -1; at = bytes.indexOf(form, at + 1)) n += 1;
      if (n) out[form] = (out[form] ?? 0) + n;
    }
  }
  return out;
}

forEachDialect(
  'erasure that leaves nothing behind',
  (dialect) => {
    let server: TestServer;
    let workspaceId: string;
    const c = () => server.container;
    const ids: Record<string, string> = {};
    let subjectEmail: string;
    let adminClient: TestClient;
    let identifiers: SubjectIdentifiers;
    let needles: string[];
    let beforeBackup: string;
    const dir = tempDir('opsenic-erasure-');
    const dbFile = () => server.db.url.slice('sqlite:'.length);

    const insert = async (name: string, values: Record<string, unknown>, userId: string | null = null) => {
      const row = syntheticRow(table(name), { workspaceId, userId, values });
      await c().knex(name).insert(row);
      return row;
    };
    const count = async (name: string, where: (q: Knex.QueryBuilder) => void) => Number((await c().knex(name).modify(where).count({ n: '*' }).first())!.n);

    /** pg_dump's plain SQL of the database (uncompressed: searchable). */
    const plainDump = (url: string) => spawnSync('pg_dump', ['--format=plain', '--no-owner', '--no-privileges', `--dbname=${url}`], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }).stdout;
    /** Occurrences of the needles in the files of every relation of the database (tables, indexes, TOAST), after a CHECKPOINT. */
    const relationFileHits = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('CHECKPOINT');
        const dataDir = (await client.query('SHOW data_directory')).rows[0].data_directory as string;
        // The product's tables and indexes, and the TOAST table and index of each of its tables.
        const files = (
          await client.query(`SELECT c.relname, pg_relation_filepath(c.oid) AS path FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')
            UNION ALL SELECT t.relname, pg_relation_filepath(t.oid) FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.relnamespace = 'public'::regnamespace
            UNION ALL SELECT i.relname, pg_relation_filepath(i.oid) FROM pg_class c JOIN pg_index x ON x.indrelid = c.reltoastrelid JOIN pg_class i ON i.oid = x.indexrelid WHERE c.relnamespace = 'public'::regnamespace`)
        ).rows.filter((r: { path: string | null }) => r.path) as Array<{ relname: string; path: string }>;
        const hits: Record<string, Record<string, number>> = {};
        for (const f of files) {
          for (let segment = 0; ; segment++) {
            const file = path.join(dataDir, segment ? `${f.path}.${segment}` : f.path);
            if (!fs.existsSync(file)) break;
            const found = grepFile(file, needles);
            if (Object.keys(found).length) hits[f.relname] = found;
          }
        }
        return hits;
      } finally {
        await client.end();
      }
    };

    before(async () => {
      server = await startTestServer(dialect, { 'dsar.remindersSchedule': false, 'retention.schedule.enabled': false, 'log.level': 'silent' });
      workspaceId = (await c().services.workspaces.getPrimary()).id;
      const adminEmail = uniqueEmail('erasure-admin');
      await c().services.accounts.create({ email: adminEmail, firstName: 'Ada', lastName: 'Admin', password: strongPassword, role: 'admin' });
      adminClient = await signedInClient(server.url, adminEmail, strongPassword);

      const subject = await signedUpClient(server.url, { firstName: 'Zelda', lastName: 'Quarrington' });
      subjectEmail = subject.email;
      const other = await signedUpClient(server.url, { firstName: 'Bruno', lastName: 'Otherwise' });
      const Z = (ids.subject = (await c().repositories.users.findByEmail(subjectEmail))!.id);
      const B = (ids.other = (await c().repositories.users.findByEmail(other.email))!.id);
      const device1 = (ids.device1 = crypto.randomUUID());
      const device2 = (ids.device2 = crypto.randomUUID());

      // Sessions from two addresses and two browsers; requests, a crash and usage; two devices.
      await insert('sessions', { id: crypto.randomUUID(), sid_hash: crypto.randomUUID(), ip: IP1, user_agent: UA1, data: '{}', expires_at: Date.now() + 86_400_000 }, Z);
      await insert('sessions', { id: crypto.randomUUID(), sid_hash: crypto.randomUUID(), ip: IP2, user_agent: UA2, data: '{}', expires_at: Date.now() + 86_400_000 }, Z);
      const session = crypto.randomBytes(16).toString('hex');
      for (let i = 0; i < 3; i++) await insert('request_logs', { id: crypto.randomUUID(), ip: IP1, route: '/people/:id', user_agent: UA1, accept_language: 'eo-ZQ', device_id: device1, session_hash: session, user_id: Z }, Z);
      await insert('request_logs', { id: crypto.randomUUID(), ip: IP2, route: '/org', user_agent: UA2, device_id: device2, user_id: Z }, Z);
      await insert('devices', { id: device1, browser: 'ZeldaFox', os: 'Linux', user_agent: UA1, language: 'eo-ZQ', user_id: Z }, Z);
      await insert('crash_reports', { id: crypto.randomUUID(), message: 'TypeError in the atlas', user_agent: UA1, device_id: device1, user_id: Z }, Z);
      await insert('usage_events', { id: crypto.randomUUID(), area: 'insight', event: 'team-health', user_id: Z }, Z);
      await insert('api_tokens', { id: crypto.randomUUID(), name: 'atlas script', token_hash: crypto.randomUUID(), token_prefix: 'ops_', scope: 'read' }, Z);
      // Before sign-in: the second device's row, requests on the first device and in the session, a crash.
      await insert('devices', { id: device2, browser: 'ZeldaKit', os: 'Android', user_agent: UA2, language: 'eo-ZQ', user_id: null });
      ids.anonymousLog = (await insert('request_logs', { id: crypto.randomUUID(), ip: IP1, route: '/signin', user_agent: UA1, accept_language: 'eo-ZQ', device_id: device1, user_id: null })).id as string;
      await insert('request_logs', { id: crypto.randomUUID(), ip: IP2, route: '/signin', user_agent: UA2, session_hash: session, user_id: null });
      await insert('crash_reports', { id: crypto.randomUUID(), message: 'Error before sign-in', user_agent: UA1, device_id: device1, user_id: null });
      // A reset request from the first address: a reset row and a rate-limit counter keyed by the address.
      await c().services.accounts.requestPasswordReset(subjectEmail, IP1);
      // SSO and SCIM.
      await c().knex('identity_links').insert({ id: crypto.randomUUID(), workspace_id: workspaceId, user_id: Z, provider: 'test-idp', subject: SSO_SUBJECT, email: subjectEmail, linked_by: 'sso', created_at: Date.now(), last_used_at: Date.now() });
      await c().knex('scim_users').insert({ user_id: Z, workspace_id: workspaceId, user_name: subjectEmail, user_name_lower: subjectEmail.toLowerCase(), external_id: SCIM_EXTERNAL, version: 1, created_at: Date.now(), updated_at: Date.now() });

      // Content: their own page's sections (about them: deleted), their comment and private note,
      // feedback both ways, a notification; and others' writing that names them.
      const entity = await c().knex('org_entities').where({ workspace_id: workspaceId }).first();
      const node = await insert('org_nodes', { id: crypto.randomUUID(), entity_id: entity.id, name: 'Atlas', parent_id: null });
      await insert('org_memberships', { id: crypto.randomUUID(), node_id: node.id, role: 'member' }, Z);
      ids.ownSection = (await insert('sections', { id: crypto.randomUUID(), node_id: null, kind: 'about', title: 'About Zelda Quarrington', body: `Reach her at ${subjectEmail}`, visibility: 'public', position: 0, revision: 1, created_by: B, updated_by: B }, Z)).id as string;
      await insert('comments', { id: crypto.randomUUID(), node_id: node.id, section_id: null, body: 'My own comment on the atlas' }, Z);
      ids.mentionLast = (await insert('comments', { id: crypto.randomUUID(), node_id: node.id, section_id: null, body: 'Ask Quarrington about the atlas legend' }, B)).id as string;
      ids.mentionFull = (await insert('sections', { id: crypto.randomUUID(), node_id: null, kind: 'custom', title: 'Thanks', body: 'Zelda Quarrington helped me draw the coast', visibility: 'public', position: 1, revision: 1, created_by: B, updated_by: B }, B)).id as string;
      ids.mentionEmail = (await insert('feedback', { id: crypto.randomUUID(), giver_id: B, recipient_id: B, body: `Note to self: write to ${subjectEmail}`, visibility: 'private' })).id as string;
      const oneOnOne = await insert('one_on_ones', { id: crypto.randomUUID(), person_a_id: B, person_b_id: Z, created_by: B });
      const meeting = await insert('one_on_one_meetings', { id: crypto.randomUUID(), one_on_one_id: oneOnOne.id, shared_notes: 'Roadmap', created_by: B });
      await insert('one_on_one_private_notes', { id: crypto.randomUUID(), meeting_id: meeting.id, body: 'Ask for a raise' }, Z);
      await insert('feedback', { id: crypto.randomUUID(), giver_id: B, body: 'Great maps', visibility: 'private' }, Z);
      await insert('notifications', { id: crypto.randomUUID(), kind: 'feedback', actor_id: B, email_state: 'pending', email_attempts: 0 }, Z);

      await c().services.capture.flush();
      identifiers = await c().services.subjectErasure.identifiersOf(Z);
      needles = [subjectEmail, 'Zelda', 'Quarrington', 'Zelda Quarrington', IP1, IP2, UA1, UA2, device1, device2, Z, SSO_SUBJECT, SCIM_EXTERNAL, 'eo-ZQ'];
      beforeBackup = path.join(dir, "before.bak");
      await c().services.backup.create(beforeBackup, cliActor);
    });
    after(async () => {
      await server?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('when the product opens SQLite connections, then each runs secure_delete and the search indexes use FTS5 secure-delete', async function () {
      if (dialect !== 'sqlite') return this.skip();
      const pool = (await c().knex.raw('PRAGMA secure_delete')) as Array<{ secure_delete: number }>;
      assert.equal(pool[0]!.secure_delete, 1, 'the pool');
      const reader = await readRows(c().knex, 'PRAGMA secure_delete', []);
      assert.equal(reader[0]!.secure_delete, 1, 'the read-only reader');
      assert.equal((await bulkInsertSettings(c().knex))?.secure_delete, 1, 'the insert thread');
      for (const name of ['nodes', 'sections', 'people', 'comments']) {
        const config = (await c().knex.raw(`SELECT v FROM search_fts_${name}_config WHERE k = 'secure-delete'`)) as Array<{ v: number }>;
        assert.equal(config[0]?.v, 1, `search_fts_${name}`);
      }
      // The backup taken before the erasure is a VACUUM INTO copy: no free page.
      const copy = new Database(beforeBackup, { readonly: true });
      try {
        assert.equal(copy.pragma('freelist_count', { simple: true }), 0);
        assert.equal(copy.pragma('journal_mode', { simple: true }), 'delete');
      } finally {
        copy.close();
      }
    });

    it('when the subject is erased, then every category is gone by independent counts, mentions by others are listed for review and the request cannot complete yet', async () => {
      const Z = ids.subject!;
      const r = await c().services.dsar.open({ type: 'erasure', user: subjectEmail, channel: 'email' }, cli);
      ids.request = r.id;
      const outcome = await c().services.dsarErasure.erase(r.id, {}, cli);
      assert.equal(outcome.report.residue, 0, JSON.stringify([outcome.report.hits.filter((h) => h.classification === 'residue'), outcome.report.files]));
      const mentioned = outcome.report.mentionsToReview.map((m) => `${m.table}:${m.row}`).sort();
      assert.deepEqual(mentioned, [`comments:${ids.mentionLast}`, `feedback:${ids.mentionEmail}`, `sections:${ids.mentionFull}`].sort());
      assert.ok(outcome.report.mentionsToReview.every((m) => m.status === 'open' && m.excerpt));
      assert.equal(outcome.request.status, 'in_progress');
      if (dialect === 'sqlite') {
        assert.ok(outcome.report.files && outcome.report.files.scanned.some((f) => f.file === 'database'), 'the file was scanned');
        assert.equal(outcome.report.storage.checkpoint?.busy, 0, 'the WAL was checkpointed and truncated');
      } else {
        assert.ok(outcome.report.storage.vacuumed.includes('request_logs') && outcome.report.storage.vacuumed.includes('users'), 'the touched tables were vacuumed');
        assert.match(outcome.report.limits, /WAL archive/);
        assert.match(outcome.report.limits, /VACUUM FULL/);
      }

      // Independent counts, category by category.
      const byUser = (name: string, column = 'user_id') => count(name, (q) => q.where(column, Z));
      for (const [name, column] of [['sessions', 'user_id'], ['devices', 'user_id'], ['crash_reports', 'user_id'], ['request_logs', 'user_id'], ['usage_events', 'user_id'], ['api_tokens', 'user_id'], ['comments', 'author_id'], ['one_on_one_private_notes', 'author_id'], ['feedback', 'recipient_id'], ['notifications', 'user_id'], ['identity_links', 'user_id'], ['scim_users', 'user_id'], ['password_resets', 'user_id'], ['sections', 'person_id'], ['users', 'id']] as const) {
        assert.equal(await byUser(name, column), 0, `${name}.${column}`);
      }
      assert.equal(await count('sections', (q) => q.where({ id: ids.ownSection! })), 0, 'their own page\'s sections are deleted, not anonymised');
      assert.equal(await count('request_logs', (q) => q.whereIn('device_id', [ids.device1!, ids.device2!]).orWhereIn('ip', [IP1, IP2]).orWhereIn('user_agent', [UA1, UA2]).orWhere('accept_language', 'eo-ZQ')), 0, 'requests from before sign-in');
      assert.equal(await count('devices', (q) => q.whereIn('id', [ids.device1!, ids.device2!]).orWhereIn('user_agent', [UA1, UA2])), 0, 'devices');
      assert.equal(await count('crash_reports', (q) => q.whereIn('device_id', [ids.device1!]).orWhereIn('user_agent', [UA1, UA2])), 0, 'crashes from before sign-in');
      assert.equal(await count('identity_links', (q) => q.where({ subject: SSO_SUBJECT })), 0);
      assert.equal(await count('scim_users', (q) => q.where({ external_id: SCIM_EXTERNAL })), 0);
      const keys = rateLimitKeysOf(createSigninLimits(c().knex, server.config), [subjectEmail, IP1, IP2]);
      assert.equal(await count('rate_limits', (q) => q.whereIn('key', keys)), 0, 'rate-limit counters keyed by their email or addresses');
      assert.ok(await count('comments', (q) => q.where({ id: ids.mentionLast! })), 'others\' content stays until reviewed');

      // No content row carries the ledger's subject: it is a digest, not an id.
      const ledger = await c().knex('erasure_ledger').orderBy('erased_at', 'desc').first();
      assert.notEqual(ledger.subject_id, Z);
      const live = await readLiveSchema(c().knex);
      for (const [name, columns] of Object.entries(live)) {
        if (name === 'erasure_ledger') continue;
        for (const [column, col] of Object.entries(columns)) {
          if (col.type !== 'string' && col.type !== 'text') continue;
          assert.equal(await count(name, (q) => q.where(column, ledger.subject_id).orWhere(column, Z)), 0, `${name}.${column} holds the ledger's subject or the old id`);
        }
      }
      await assert.rejects(c().services.dsar.close(r.id, { outcome: 'completed' }, cli), (e: Error) => e.message === 'dsar.errors.hitsOpen');
    });

    it('when the admin reviews the mentions (browser, API and CLI), then each redaction is audited and the request completes with the last one', async () => {
      const mentions = await c().services.dsarErasure.mentions(ids.request!, cli);
      const byTable = (t: string) => mentions.find((m) => m.table === t)!;
      // The request page lists them with an excerpt and the two decisions.
      const pageReply = await adminClient.get(`/privacy/requests/${ids.request}`);
      assert.equal(pageReply.status, 200);
      assert.match(pageReply.text, /Mentions to review/);
      // Nothing is left to erase (the service refuses a second run): no button, but what remains to do.
      assert.ok(!pageReply.text.includes(`action="/privacy/requests/${ids.request}/erase"`), 'no erase button once it ran');
      assert.match(pageReply.text, /The erasure ran: the person&#39;s data and identifiers are gone/);
      await assert.rejects(c().services.dsarErasure.erase(ids.request!, {}, cli), /subjectErased/);
      // In words: where each one is, what matched, the match marked; no table, column or row id.
      const listed = /<ul class="mentions">([\s\S]*?)<\/ul><\/section>/.exec(pageReply.text)?.[1] ?? '';
      for (const place of ['A comment', 'A section', 'Feedback']) assert.ok(listed.includes(`<strong>${place}</strong>`), place);
      assert.match(listed, /It names them by their last name\./);
      assert.match(listed, /Ask <mark>Quarrington<\/mark> about the atlas legend/);
      for (const raw of ['comments.body', 'sections.body', 'feedback.body', ids.mentionLast!, ids.mentionFull!, ids.mentionEmail!]) assert.ok(!listed.includes(raw), `the list shows ${raw}`);
      const french = await adminClient.get(`/privacy/requests/${ids.request}`, { 'accept-language': 'fr' });
      assert.ok(french.text.includes('<strong>Un commentaire</strong>') && french.text.includes('son nom de famille'), 'the same in French');
      assert.ok(pageReply.text.includes(`/privacy/requests/${ids.request}/mentions/${byTable('comments').id}`));
      // Browser: keeping a mention needs a reason; the refusal shows beside that mention's field alone.
      const keepBare = await adminClient.postForm(`/privacy/requests/${ids.request}/mentions/${byTable('sections').id}`, { decision: 'keep', reason: '' });
      assert.equal(keepBare.status, 400);
      assert.match(keepBare.text, new RegExp(`id="f-mention-${byTable('sections').id}-reason-error"`));
      assert.doesNotMatch(keepBare.text, new RegExp(`id="f-mention-${byTable('comments').id}-reason-error"`));
      assert.equal((await c().services.dsarErasure.mentions(ids.request!, cli)).find((m) => m.id === byTable('sections').id)!.status, 'open', 'nothing decided');
      // Browser: redact the comment.
      const form = await adminClient.postForm(`/privacy/requests/${ids.request}/mentions/${byTable('comments').id}`, { decision: 'redact' });
      assert.equal(form.status, 303, form.text);
      assert.equal((await c().knex('comments').where({ id: ids.mentionLast! }).first()).body, 'Ask [redacted] about the atlas legend');
      assert.equal((await c().services.dsar.find(ids.request!, cli)).status, 'in_progress');
      // API: redact the section.
      const api = await adminClient.sendJson('POST', `/api/v1/privacy/requests/${ids.request}/mentions/${byTable('sections').id}`, { decision: 'redact' });
      assert.equal(api.status, 200, api.text);
      assert.equal(api.json().mention.status, 'redacted');
      assert.match(api.json().mention.decidedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'times in ISO 8601, as everywhere in the API');
      assert.equal((await c().knex('sections').where({ id: ids.mentionFull! }).first()).body, '[redacted] helped me draw the coast');
      const again = await adminClient.sendJson('POST', `/api/v1/privacy/requests/${ids.request}/mentions/${byTable('sections').id}`, { decision: 'redact' });
      assert.equal(again.status, 409, 'decided once');
      // CLI: redact the feedback; the request completes.
      const env = cliEnv(server.db.url, dir);
      const bad = await runCli(['dsar', 'redact', ids.request!, '--mention', byTable('feedback').id], { env });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--redact, or --keep/);
      const done = await runCli(['dsar', 'redact', ids.request!, '--mention', byTable('feedback').id, '--redact', '--json'], { env });
      assert.equal(done.code, 0, done.stderr);
      assert.equal(JSON.parse(done.stdout).request.status, 'completed');
      assert.equal((await c().knex('feedback').where({ id: ids.mentionEmail! }).first()).body, 'Note to self: write to [redacted]');
      const audit = await c().knex('audit_entries').where({ target_id: ids.request! }).whereIn('action', ['dsar.mention.redact', 'dsar.complete']).orderBy('seq');
      assert.deepEqual(audit.map((a) => a.action), ['dsar.mention.redact', 'dsar.mention.redact', 'dsar.mention.redact', 'dsar.complete']);
      assert.ok(audit.every((a) => !String(a.details).includes('Quarrington') && !String(a.details).includes(subjectEmail)));
      assert.ok((await c().services.audit.verify()).ok, 'the audit chain verifies');
      // The other person is intact.
      assert.equal((await c().knex('users').where({ id: ids.other! }).first()).first_name, 'Bruno');
    });

    it('when anyone searches for the erased person, then nothing about them comes back', async () => {
      if (dialect === 'sqlite') {
        // Also with the index's own optimisation merging segments: no segment may bring the terms back.
        for (const name of ['sections', 'people', 'comments']) await c().knex.raw(`INSERT INTO search_fts_${name} (search_fts_${name}) VALUES ('optimize')`);
      }
      for (const q of ['Quarrington', 'Zelda', subjectEmail.split('@')[0]!]) {
        const reply = await adminClient.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
        assert.equal(reply.status, 200, reply.text);
        const results = JSON.stringify(reply.json().results);
        assert.doesNotMatch(results, /quarrington|zelda/i, `${q}: ${results}`);
        assert.ok(!results.includes(subjectEmail));
        assert.ok(Object.values(reply.json().results as Record<string, unknown[]>).every((list) => list.length === 0), `${q}: ${results}`);
      }
    });

    it('when leftovers are planted, then the residue check reports each one', async () => {
      const B = ids.other!;
      const check = () => findResidue(c().knex, declaredTables, identifiers);
      if (dialect === 'sqlite') {
        // A freed page: rows written and deleted by a connection without secure_delete.
        const raw = new Database(dbFile());
        try {
          raw.pragma('secure_delete = OFF');
          raw.exec('CREATE TABLE planted_scratch (x TEXT)');
          for (let i = 0; i < 50; i++) raw.prepare('INSERT INTO planted_scratch (x) VALUES (?)').run(`${'padding '.repeat(40)} ${subjectEmail} ${i}`);
          raw.exec('DELETE FROM planted_scratch');
          raw.exec('DROP TABLE planted_scratch');
          raw.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          raw.close();
        }
        const freed = await check();
        assert.ok(freed.files!.hits.some((h) => h.kind === 'email' && h.classification === 'residue'), JSON.stringify(freed.files));
        assert.ok(freed.residue > 0);
        assert.ok(Object.keys(grepFile(dbFile(), [subjectEmail])).length, 'this test\'s own grep sees it too');
        await c().services.erasure.compact();
        const compacted = await check();
        assert.equal(compacted.residue, 0, JSON.stringify(compacted.files));
        assert.deepEqual(grepFile(dbFile(), [subjectEmail]), {});
        // A name in a full-text table with no row behind it (a stale index entry).
        await c().knex.raw(`INSERT INTO search_fts_comments (rowid, title, body) VALUES (987654321, '', 'quarrington')`);
        const stale = await check();
        assert.ok(stale.hits.some((h) => h.table.startsWith('search_fts_comments') && h.classification === 'residue' && h.kind === 'last_name'), JSON.stringify(stale.hits));
        await c().knex.raw(`DELETE FROM search_fts_comments WHERE rowid = 987654321`);
      }
      // A copied email in someone's comment: a mention to review.
      const comment = await insert('comments', { id: crypto.randomUUID(), node_id: null, section_id: ids.mentionFull!, body: `forwarding to ${subjectEmail}` }, B);
      // The email in a crash message, an address in an anonymous log row, a browser in a device row: residue.
      const crash = await insert('crash_reports', { id: crypto.randomUUID(), message: `mail to ${subjectEmail} bounced`, user_id: B }, B);
      const log = await insert('request_logs', { id: crypto.randomUUID(), ip: IP2, route: '/signin', user_id: null });
      const device = await insert('devices', { id: crypto.randomUUID(), user_agent: UA1, user_id: null });
      // A first name alone in an org node's description (free text no one is the subject of): a mention.
      const entity = await c().knex('org_entities').where({ workspace_id: workspaceId }).first();
      const node = await insert('org_nodes', { id: crypto.randomUUID(), entity_id: entity.id, name: 'Coastlines', description: 'Founded by Zelda in 2019', parent_id: null });
      const report = await check();
      const hit = (t: string, row: unknown, kind: string) => report.hits.find((h) => h.table === t && h.row === String(row) && h.kind === kind);
      assert.equal(hit('comments', comment.id, 'email')?.classification, 'mention');
      assert.equal(hit('crash_reports', crash.id, 'email')?.classification, 'residue');
      assert.equal(hit('request_logs', log.id, 'ip')?.classification, 'residue');
      assert.equal(hit('devices', device.id, 'user_agent')?.classification, 'residue');
      assert.equal(hit('org_nodes', node.id, 'first_name')?.classification, 'mention');
      assert.equal(report.mentions, 2);
      assert.ok(report.residue >= 3);
      await c().knex('comments').where({ id: comment.id }).delete();
      await c().knex('crash_reports').where({ id: crash.id }).delete();
      await c().knex('request_logs').where({ id: log.id }).delete();
      await c().knex('devices').where({ id: device.id }).delete();
      await c().knex('org_nodes').where({ id: node.id }).delete();
      await c().services.subjectErasure.releaseStorage(['comments', 'crash_reports', 'request_logs', 'devices', 'org_nodes']);
      assert.equal((await check()).residue, 0);
    });

    it('when another erasure has a mention to keep, then keeping needs a reason and an admin, is audited by hash, and completes the request', async () => {
      const person = await signedUpClient(server.url, { firstName: 'Yusuf', lastName: 'Keepington' });
      const mention = await insert('comments', { id: crypto.randomUUID(), node_id: null, section_id: ids.mentionFull!, body: 'Keepington signed the 2026 budget' }, ids.other!);
      const r = await c().services.dsar.open({ type: 'erasure', user: person.email, channel: 'email' }, cli);
      const outcome = await c().services.dsarErasure.erase(r.id, {}, cli);
      assert.equal(outcome.report.residue, 0, JSON.stringify(outcome.report.hits));
      const m = outcome.report.mentionsToReview.find((x) => x.row === mention.id)!;
      assert.ok(m);
      const privacyEmail = uniqueEmail('erasure-privacy');
      await c().services.accounts.create({ email: privacyEmail, firstName: 'Paz', lastName: 'Privacy', password: strongPassword, role: 'member' });
      await c().services.accounts.setRole(privacyEmail, 'privacy');
      const privacy = await signedInClient(server.url, privacyEmail, strongPassword);
      const refused = await privacy.sendJson('POST', `/api/v1/privacy/requests/${r.id}/mentions/${m.id}`, { decision: 'keep', reason: 'signed record' });
      assert.equal(refused.status, 403);
      const empty = await adminClient.sendJson('POST', `/api/v1/privacy/requests/${r.id}/mentions/${m.id}`, { decision: 'keep', reason: ' ' });
      assert.equal(empty.status, 400);
      const kept = await adminClient.sendJson('POST', `/api/v1/privacy/requests/${r.id}/mentions/${m.id}`, { decision: 'keep', reason: 'a signed budget is a legal record' });
      assert.equal(kept.status, 200, kept.text);
      assert.equal(kept.json().request.status, 'completed');
      assert.equal((await c().knex('comments').where({ id: mention.id }).first()).body, 'Keepington signed the 2026 budget');
      const entry = await c().knex('audit_entries').where({ target_id: r.id, action: 'dsar.mention.keep' }).first();
      assert.ok(entry && JSON.parse(entry.details).reasonSha256 && !String(entry.details).includes('legal record'));
      const shown = await runCli(['dsar', 'show', r.id], { env: cliEnv(server.db.url, dir) });
      assert.match(shown.stdout, new RegExp(`mention ${m.id} kept \\(a signed budget is a legal record\\)`));
      await c().knex('comments').where({ id: mention.id }).delete();
      await c().services.subjectErasure.releaseStorage(['comments']);
    });

    it('when the bytes are searched (SQLite: the file and its WAL, also after a clean stop; PostgreSQL: pg_dump, and the relation files before and after `erasure compact`), then no identifier is left, and a backup taken now holds none', async () => {
      if (dialect === 'sqlite') {
        assert.deepEqual(grepFile(dbFile(), needles), {}, 'the database file');
        assert.deepEqual(grepFile(`${dbFile()}-wal`, needles), {}, 'the WAL');
        const after = path.join(dir, 'after.bak');
        await c().services.backup.create(after, cliActor);
        assert.deepEqual(grepFile(after, needles), {}, 'a backup taken after the erasure');
        return;
      }
      assert.deepEqual(Object.fromEntries(needles.filter((n) => plainDump(server.db.url).includes(n)).map((n) => [n, true])), {}, 'pg_dump after the erasure');
      // What plain VACUUM leaves: dead space keeps old bytes until reused. The report says so; this
      // records what the files hold, then `opsenic erasure compact` rewrites the tables.
      const plain = await relationFileHits(server.db.url);
      if (Object.keys(plain).length) console.log(`      after plain VACUUM the relation files still hold: ${JSON.stringify(plain)}`);
      const compact = await runCli(['erasure', 'compact', '--json'], { env: cliEnv(server.db.url, dir) });
      assert.equal(compact.code, 0, compact.stderr);
      assert.ok(JSON.parse(compact.stdout).tables.includes('users'));
      assert.deepEqual(await relationFileHits(server.db.url), {}, 'after VACUUM FULL of the touched tables');
    });

    it('when a backup taken before the erasure is restored, then the ledger is re-applied through the same path: no identifier, no row carrying the ledger\'s subject, redactions redone', async () => {
      if (dialect === 'sqlite') {
        // A clean stop first: the file alone holds nothing either.
        await server.stop();
        closeReadConnection(c().knex);
        assert.ok(!fs.existsSync(`${dbFile()}-wal`) || fs.statSync(`${dbFile()}-wal`).size === 0);
        assert.deepEqual(grepFile(dbFile(), needles), {}, 'after a clean stop');
      } else {
        await server.stop();
      }
      const container = createContainer(server.config);
      try {
        const result = await container.services.backup.restore(beforeBackup, cliActor);
        assert.equal(result.subjectsErasedAgain, 1);
        const knex = container.knex;
        assert.equal((await knex('users').where({ id: ids.subject! })).length, 0, 'the pseudonymous account has a fresh id');
        assert.equal((await knex('users').where({ email_lower: subjectEmail.toLowerCase() })).length, 0);
        const ledger = await knex('erasure_ledger').select('subject_id');
        const live = await readLiveSchema(knex);
        for (const [name, columns] of Object.entries(live)) {
          if (name === 'erasure_ledger') continue;
          for (const [column, col] of Object.entries(columns)) {
            if (col.type !== 'string' && col.type !== 'text') continue;
            const n = Number((await knex(name).whereIn(column, [...ledger.map((l) => l.subject_id), ids.subject!]).count({ n: '*' }).first())!.n);
            assert.equal(n, 0, `${name}.${column}`);
          }
        }
        assert.equal((await knex('comments').where({ id: ids.mentionLast! }).first()).body, 'Ask [redacted] about the atlas legend', 'the redaction was redone');
        if (dialect === 'sqlite') {
          assert.deepEqual(grepFile(dbFile(), needles), {}, 'the restored file');
          assert.deepEqual(grepFile(`${dbFile()}-wal`, needles), {}, 'its WAL');
        } else {
          const dump = plainDump(server.db.url);
          assert.deepEqual(needles.filter((n) => dump.includes(n)), []);
        }
      } finally {
        await container.close();
      }
    });
  },
  { timeoutMs: 120_000 },
);

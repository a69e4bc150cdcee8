// The access export's formats on both dialects: on PostgreSQL the database writes data.json's rows
// and the CSVs (COPY), on SQLite Node does; either way the CSV cell of every value is csvCell's, the
// JSON holds the values as stored, and an export abandoned halfway lets go of its connection.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { declaredTables } from '../../server/registry.js';
import { csvCell } from '../../server/components/dsar/export-rows.js';
import type { ExportSubject } from '../../server/components/dsar/export.js';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { strongPassword, uniqueEmail } from '../support/http.js';
import { syntheticRow } from '../support/retention.js';
import { exportedRows, readZip } from '../support/zip.js';
import { parseCsv } from '../support/csv.js';

/** Values a spreadsheet would run, quotes, commas, line breaks, plain numbers, a tab, negative reals. */
const awkward = {
  method: '+GET',
  route: '@mention\r\nsecond line\nthird',
  ip: '\tTAB',
  referrer: 'https://example.com/a,b?c="d"',
  user_agent: '=HYPERLINK("https://evil.example","click")',
  accept_language: '-5',
  session_hash: '-1.25',
  request_id: '-2+3',
  device_id: '\rCR=1',
  duration_ms: -3.25,
  status: 418,
  dnt: true,
  gpc: false,
};

class Collector extends Writable {
  chunks: Buffer[] = [];
  constructor(private readonly failAfter = Infinity) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    this.chunks.push(chunk);
    done(this.chunks.length > this.failAfter ? new Error('the reader went away') : undefined);
  }
}

forEachDialect('access export formats', (dialect) => {
  let server: TestServer;
  let subject: ExportSubject;
  const c = () => server.container;
  const exporter = () => c().services.dsar['exporter'];

  before(async () => {
    server = await startTestServer(dialect, { 'dsar.remindersSchedule': false, 'retention.schedule.enabled': false });
    const workspaceId = (await c().services.workspaces.getPrimary()).id;
    const email = uniqueEmail('format');
    const user = await c().services.accounts.create({ email, firstName: 'Fay', lastName: 'Format', password: strongPassword, role: 'member' });
    const logs = declaredTables.find((t) => t.name === 'request_logs')!;
    await c().knex('request_logs').insert(syntheticRow(logs, { workspaceId, userId: user.id, values: { ...awkward, id: crypto.randomUUID() } }));
    // Enough rows that the COPY streams arrive in several chunks, rows split across them.
    await c().knex.batchInsert('request_logs', Array.from({ length: 3000 }, () => syntheticRow(logs, { workspaceId, userId: user.id, values: { id: crypto.randomUUID(), user_agent: 'Mozilla/5.0 "quoted", and more' } })), 500);
    subject = { userId: user.id, email, workspaceId, role: 'member', name: 'Fay Format' };
  });
  after(async () => server?.close());

  it('when values are formulas, quotes, commas, line breaks or plain numbers, then each CSV cell is csvCell of the value data.json holds', async () => {
    const out = new Collector();
    const summary = await exporter().write(subject, out, { requestId: null });
    const files = readZip(Buffer.concat(out.chunks));
    const data = JSON.parse(files.get('data.json')!.toString('utf8'));
    const rows = exportedRows(data, 'request_logs');
    assert.equal(rows.length, 3001);
    assert.equal(summary.tables.find((t) => t.table === 'request_logs')!.rows, 3001);
    const stored = rows.find((r) => r.method === '+GET')!;
    for (const [column, value] of Object.entries(awkward)) {
      if (typeof value === 'boolean') assert.equal(Boolean(stored[column]), value, column);
      else assert.equal(stored[column], value, column);
    }
    const csv = parseCsv(files.get('csv/request_logs.csv')!.toString('utf8'));
    assert.deepEqual(csv[0], data.tables.request_logs.columns);
    assert.equal(csv.length, 3002);
    const line = csv.find((cells) => cells[csv[0]!.indexOf('method')] === "'+GET")!;
    assert.ok(line, 'the formula-like method is neutralised');
    for (const [i, column] of csv[0]!.entries()) {
      const expected = csvCell(stored[column]);
      // parseCsv gives the cell's text, unquoted: compare with csvCell's text, unquoted the same way.
      assert.equal(line[i], expected.startsWith('"') ? expected.slice(1, -1).replace(/""/g, '"') : expected, column);
    }
    assert.equal(line[csv[0]!.indexOf('route')], "'@mention\r\nsecond line\nthird", 'line breaks inside a value stay as they were');
    // The formula guard against literal cells, not against csvCell: each first character of a formula is neutralised.
    const cell = (column: string) => line[csv[0]!.indexOf(column)];
    assert.equal(cell('user_agent'), `'=HYPERLINK("https://evil.example","click")`, '=');
    assert.equal(cell('method'), "'+GET", '+');
    assert.equal(cell('request_id'), "'-2+3", '- (not a number)');
    assert.equal(cell('route')!.slice(0, 2), "'@", '@');
    assert.equal(cell('ip'), "'\tTAB", 'tab');
    assert.equal(cell('device_id'), "'\rCR=1", 'carriage return');
    assert.equal(cell('session_hash'), '-1.25', 'a negative number stays a number');
    const text = files.get('csv/request_logs.csv')!.toString('utf8');
    assert.ok(text.includes(`"'=HYPERLINK(""https://evil.example"",""click"")"`), 'the raw cell, quoted per RFC 4180');
    assert.ok(text.includes(`"'\rCR=1"`), 'a cell holding a carriage return is quoted');
    assert.equal(line[csv[0]!.indexOf('accept_language')], '-5', 'a plain number is not a formula');
  });

  it('when rows hold times, then data.json (format version 3) and the CSV give them in ISO 8601 UTC, not epoch milliseconds', async () => {
    const out = new Collector();
    await exporter().write(subject, out, { requestId: null });
    const files = readZip(Buffer.concat(out.chunks));
    const data = JSON.parse(files.get('data.json')!.toString('utf8'));
    assert.equal(data.version, 3);
    const storedRow = await c().knex('request_logs').where({ method: '+GET' }).first('id', 'occurred_at');
    const expected = new Date(Number(storedRow.occurred_at)).toISOString();
    const row = exportedRows(data, 'request_logs').find((r) => r.id === storedRow.id)!;
    assert.equal(row.occurred_at, expected);
    const user = exportedRows(data, 'users')[0]!;
    assert.match(String(user.created_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const csv = parseCsv(files.get('csv/request_logs.csv')!.toString('utf8'));
    const line = csv.find((cells) => cells[csv[0]!.indexOf('id')] === storedRow.id)!;
    assert.equal(line[csv[0]!.indexOf('occurred_at')], expected);
  });

  it('when the reader of an export goes away halfway, then the export fails and its database connection is free again', async () => {
    await assert.rejects(exporter().write(subject, new Collector(1), { requestId: null }), /went away/);
    const pool = (c().knex.client as { pool: { numUsed(): number } }).pool;
    for (let i = 0; i < 50 && pool.numUsed() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(pool.numUsed(), 0);
    const again = await exporter().write(subject, new Collector(), { requestId: null });
    assert.equal(again.tables.find((t) => t.table === 'request_logs')!.rows, 3001);
  });
});

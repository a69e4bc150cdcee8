// The SQLite insert thread (see sqlite-insert-thread.ts): its own better-sqlite3 connection to the
// database file, running each batch of rows as one transaction of a prepared INSERT. Plain
// JavaScript so that it starts without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
// Deleted content is overwritten, not left in free pages (server/db/sqlite-client.ts, sqliteSecurity).
db.pragma(`secure_delete = ${workerData.secureDelete === false ? 'OFF' : 'ON'}`);
db.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);
db.pragma('synchronous = NORMAL');
db.pragma(`wal_autocheckpoint = ${workerData.walAutocheckpoint}`);

const statements = new Map();

function prepared(sql) {
  let statement = statements.get(sql);
  if (statement) return statement;
  try {
    statement = db.prepare(sql);
  } catch {
    // prepare() checks the table against this connection's copy of the schema, which is only
    // refreshed when a statement runs: a table created or renamed by another connection since then
    // is "no such table" here. Read the schema table (the read checks the schema's version and
    // reloads a changed schema) and try again.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    statement = db.prepare(sql);
  }
  statements.set(sql, statement);
  return statement;
}
const insertAll = db.transaction((statement, rows) => {
  for (const row of rows) {
    // better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans become 0 and 1.
    for (let i = 0; i < row.length; i++) if (typeof row[i] === 'boolean') row[i] = row[i] ? 1 : 0;
    statement.run(row);
  }
});

parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.postMessage({ id: message.id });
    parentPort.close();
    return;
  }
  if (message.settings) {
    const settings = { secure_delete: db.pragma('secure_delete', { simple: true }), journal_mode: db.pragma('journal_mode', { simple: true }) };
    parentPort.postMessage({ id: message.id, settings });
    return;
  }
  try {
    insertAll(prepared(message.sql), message.rows);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: String(error?.message ?? error), code: error?.code } });
  }
});

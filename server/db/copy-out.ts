// PostgreSQL's COPY ... TO STDOUT for large exports: the database formats the rows (CSV, or one JSON
// value per row) and Node only moves bytes. Reading the same rows through a cursor costs Node as
// much as the SELECT itself (every value decoded to a string, then encoded again as CSV and JSON).
//
// Every COPY of one export runs on one connection in one REPEATABLE READ, READ ONLY transaction, so
// the JSON document and the CSVs show the same snapshot of the data.
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { Knex } from 'knex';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** A read-only snapshot of the database held on one connection until `end`. */
export interface CopySnapshot {
  /** Runs `COPY (<query>) TO STDOUT <options>`; the query's bindings are inlined as literals (COPY takes no parameters). */
  copy(query: Knex.QueryBuilder | Knex.Raw, options: string): Readable;
  /** A plain query inside the snapshot (small reads, such as the summary's sample rows). */
  rows<T>(query: Knex.QueryBuilder): Promise<T[]>;
  /** Commits (or, `failed`, rolls back) and hands the connection back; a COPY still running is cancelled first. */
  end(failed?: boolean): Promise<void>;
}

type PooledClient = pg.Client & { __knex__disposed?: unknown; processID?: number };

export async function openCopySnapshot(knex: Knex): Promise<CopySnapshot> {
  const client = (await knex.client.acquireConnection()) as PooledClient;
  let copying: Readable | undefined;
  let ended = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await client.query('ROLLBACK').catch((failure: unknown) => {
      client.__knex__disposed = failure;
    });
    await knex.client.releaseConnection(client);
    throw error;
  }
  return {
    copy(query, options) {
      // knex inlines literals with PostgreSQL's quoting (E'' when a backslash occurs): the same text a
      // bound parameter would carry.
      copying = client.query(copyTo(`COPY (${query.toQuery()}) TO STDOUT ${options}`));
      const stream = copying;
      stream.once('end', () => {
        if (copying === stream) copying = undefined;
      });
      return stream;
    },
    async rows<T>(query: Knex.QueryBuilder) {
      const { sql, bindings } = query.toSQL().toNative();
      return (await client.query(sql, bindings as unknown[])).rows as T[];
    },
    async end(failed = false) {
      if (ended) return;
      ended = true;
      // An export abandoned in the middle of a COPY (the reader went away): the backend is asked to
      // stop, and what it already sent is read and dropped until it says it has stopped; then the
      // connection can roll back and go back to the pool.
      if (copying && !(await cancelled(knex, client, copying))) {
        client.__knex__disposed = new Error('an abandoned export COPY did not stop');
        await knex.client.releaseConnection(client);
        return;
      }
      try {
        await client.query(failed ? 'ROLLBACK' : 'COMMIT');
      } catch (error) {
        client.__knex__disposed = error;
        if (!failed) throw error;
      } finally {
        await knex.client.releaseConnection(client);
      }
    },
  };
}

/** Cancels the running COPY on `client`; true once its stream has ended (false after 10 s without). */
async function cancelled(knex: Knex, client: PooledClient, copy: Readable): Promise<boolean> {
  const settled = new Promise<boolean>((resolve) => {
    if (copy.readableEnded || copy.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), 10_000);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    copy.once('end', done).once('error', done).once('close', done);
  });
  copy.unpipe();
  copy.on('data', () => {});
  copy.resume();
  // A backend that finished meanwhile is idle: the cancel then does nothing.
  if (client.processID) await knex.raw('SELECT pg_cancel_backend(?)', [client.processID]).catch(() => {});
  return settled;
}

/**
 * Reads `COPY (SELECT <one json value>) TO STDOUT (FORMAT binary)` and passes on the values joined by
 * commas (the inside of a JSON array), counting the rows. Binary COPY frames each value by its length,
 * so nothing is unescaped; json's binary form is its text.
 */
export class JsonValuesFromBinaryCopy extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private count = 0;

  get rows(): number {
    return this.count;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const buffer = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    if (!this.headerRead) {
      // PGCOPY\n\377\r\n\0, flags (4 bytes), header extension length (4 bytes) and the extension.
      if (buffer.length < 19) return this.keep(buffer, done);
      if (buffer.toString('latin1', 0, 11) !== 'PGCOPY\n\xff\r\n\0') return done(new Error('not a binary COPY stream'));
      at = 19 + buffer.readUInt32BE(15);
      if (buffer.length < at) return this.keep(buffer, done);
      this.headerRead = true;
    }
    const parts: Buffer[] = [];
    while (buffer.length - at >= 2) {
      const fields = buffer.readInt16BE(at);
      if (fields === -1) {
        at = buffer.length; // the trailer: nothing follows
        break;
      }
      if (fields !== 1) return done(new Error(`expected one value per row, got ${fields}`));
      if (buffer.length - at < 6) break;
      const length = buffer.readInt32BE(at + 2);
      if (length < 0) return done(new Error('a JSON row value was NULL'));
      if (buffer.length - at - 6 < length) break;
      if (this.count) parts.push(COMMA);
      parts.push(buffer.subarray(at + 6, at + 6 + length));
      this.count++;
      at += 6 + length;
    }
    if (parts.length) this.push(parts.length === 1 ? parts[0] : Buffer.concat(parts));
    this.keep(buffer.subarray(at), done);
  }

  override _flush(done: TransformCallback): void {
    done(this.pending.length ? new Error('the COPY stream ended inside a row') : null);
  }

  private keep(rest: Buffer, done: TransformCallback): void {
    // Copied: the rest of a chunk must not pin the whole chunk in memory.
    this.pending = Buffer.from(rest);
    done();
  }
}

const COMMA = Buffer.from(',');

/**
 * PostgreSQL ends CSV rows with LF; RFC 4180 (and every other CSV of Opsenic) with CRLF. Line feeds
 * inside quoted values are data and stay as they are; the quote state carries across chunks.
 */
export class CsvRowsToCrlf extends Transform {
  private quoted = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const parts: Buffer[] = [];
    let from = 0;
    let at = 0;
    let nextQuote = chunk.indexOf(QUOTE, 0);
    while (at < chunk.length) {
      if (this.quoted) {
        if (nextQuote < 0) break;
        this.quoted = false;
        at = nextQuote + 1;
        nextQuote = chunk.indexOf(QUOTE, at);
        continue;
      }
      const lineEnd = chunk.indexOf(LF, at);
      if (nextQuote >= 0 && (lineEnd < 0 || nextQuote < lineEnd)) {
        this.quoted = true;
        at = nextQuote + 1;
        nextQuote = chunk.indexOf(QUOTE, at);
        continue;
      }
      if (lineEnd < 0) break;
      parts.push(chunk.subarray(from, lineEnd), CRLF);
      from = at = lineEnd + 1;
    }
    if (from < chunk.length) parts.push(chunk.subarray(from));
    done(null, parts.length === 1 ? parts[0] : Buffer.concat(parts));
  }
}

const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

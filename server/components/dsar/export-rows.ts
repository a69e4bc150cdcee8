// Where the access export's rows come from, per dialect. Each table gives data.json the inside of its
// "rows" array and the zip its CSV, both from one view of the data:
// - SQLite: one pass over the rows in Node (a read-only connection iterating the query), data.json
//   streamed and each CSV spooled to a temporary file, added after data.json;
// - PostgreSQL (export-rows.postgres.ts): the database writes both forms (COPY of json_build_array,
//   COPY as CSV) in one read-only snapshot, and Node only moves bytes: reading the rows through a
//   cursor and writing them out again in Node cost about three times the SELECT itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { streamRows } from '../../db/stream.js';
import { dialectOfKnex } from '../../db/knex.js';
import { csvCell, csvHeader, SAMPLE_ROWS, selectOf, type ExportRows, type TableRead } from './export-rows.common.js';

export { csvCell, csvHeader, type ExportRows, type Row, type TableRead } from './export-rows.common.js';

const PAGE = 250;

export async function exportRows(knex: Knex): Promise<ExportRows> {
  if (dialectOfKnex(knex) === 'sqlite') return new IteratedRows(knex);
  // Loaded when first needed, like pg itself: a SQLite server never reads COPY streams.
  const { CopiedRows } = await import('./export-rows.postgres.js');
  return CopiedRows.open(knex);
}

/** SQLite: rows read once in Node; JSON streamed, CSV spooled (the smaller form goes to disk). */
class IteratedRows implements ExportRows {
  private readonly spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsenic-export-'));
  private readonly spooled = new Map<TableRead, { file: string; written: Promise<void> }>();

  constructor(private readonly knex: Knex) {}

  async *json(read: TableRead): AsyncGenerator<string> {
    const file = path.join(this.spoolDir, `${this.spooled.size}.csv`);
    const csv = fs.createWriteStream(file);
    const written = once(csv, 'finish').then(() => undefined);
    written.catch(() => {}); // awaited when the CSV entry is read; an error there fails the zip
    this.spooled.set(read, { file, written });
    const writeCsv = async (text: string) => {
      if (!csv.write(text)) await once(csv, 'drain');
    };
    try {
      await writeCsv(csvHeader(read.columns));
      for await (const page of streamRows(this.knex, selectOf(this.knex, read), PAGE)) {
        let text = '';
        for (const values of page.rows) {
          let line = '';
          for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvCell(values[i]);
          text += line + '\r\n';
        }
        for (const values of page.rows.slice(0, SAMPLE_ROWS - read.sample.length)) read.sample.push(Object.fromEntries(read.columns.map((c, i) => [c, values[i]])));
        await writeCsv(text);
        // One native JSON.stringify per page (not one call per value): the rows without the brackets.
        if (page.rows.length) yield `${read.rows ? ',' : ''}${JSON.stringify(page.rows).slice(1, -1)}`;
        read.rows += page.rows.length;
      }
    } finally {
      csv.end();
    }
    await written;
  }

  async csv(read: TableRead): Promise<Readable> {
    const spool = this.spooled.get(read);
    if (!spool) throw new Error(`the CSV of ${read.table.name} was never written`);
    await spool.written;
    return fs.createReadStream(spool.file, { highWaterMark: 256 * 1024 });
  }

  async end(): Promise<void> {
    fs.rmSync(this.spoolDir, { recursive: true, force: true });
  }
}

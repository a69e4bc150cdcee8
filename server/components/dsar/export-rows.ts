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
import type { TableDeclaration } from '../../db/declare.js';
import { streamRows } from '../../db/stream.js';
import { dialectOfKnex } from '../../db/knex.js';

export type Row = Record<string, unknown>;
type Condition = (qb: Knex.QueryBuilder) => void;

/** One table of the export: what to read, and what the summary learns while it is read. */
export interface TableRead {
  table: TableDeclaration;
  condition: Condition;
  /** The columns exported (the table's columns less the withheld ones), in declared order. */
  columns: string[];
  rows: number;
  sample: Row[];
}

export interface ExportRows {
  /** data.json's rows of the table: JSON arrays of the columns' values, joined by commas. Counts the rows and keeps a sample. */
  json(read: TableRead): AsyncIterable<string | Buffer>;
  /** The table's CSV, header first; asked for after data.json has been written. */
  csv(read: TableRead): Promise<Readable>;
  /** Releases what the export held; `failed` when the zip was not written to its end. */
  end(failed: boolean): Promise<void>;
}

export const SAMPLE_ROWS = 20;
/** csvCell's rule, kept in one place for Node and SQL: the codes of = + - @ tab CR (a formula's first character)... */
const FORMULA_FIRST_CODES = [61, 43, 45, 64, 9, 13];
export const FORMULA_START = FORMULA_FIRST_CODES.join(', ');
/** ...unless the text is a plain number (a POSIX pattern, read by PostgreSQL and by JavaScript alike). */
export const PLAIN_NUMBER = '^-?[0-9]+(\\.[0-9]+)?$';
const plainNumber = new RegExp(PLAIN_NUMBER);
const PAGE = 250;

export async function exportRows(knex: Knex): Promise<ExportRows> {
  if (dialectOfKnex(knex) === 'sqlite') return new IteratedRows(knex);
  // Loaded when first needed, like pg itself: a SQLite server never reads COPY streams.
  const { CopiedRows } = await import('./export-rows.postgres.js');
  return CopiedRows.open(knex);
}

/**
 * Times are stored as epoch milliseconds; a person (and a spreadsheet) reads ISO 8601. A column is a
 * time when it is declared as a whole number and named like one (created_at, held_on, lease_until, expire).
 */
export function isTimeColumn(table: TableDeclaration, column: string): boolean {
  const type = table.columns[column]?.type;
  return (type === 'bigint' || type === 'integer') && /(_at|_on|_until|^expire)$/.test(column);
}

/**
 * The exported value of a column, converted by the database: epoch ms become ISO 8601 UTC text
 * ("2026-12-06T09:14:03.120Z"), the same on both dialects; `alias` names the result.
 */
export function exportedColumn(knex: Knex, read: TableRead, column: string, alias = true): string | Knex.Raw {
  const name = read.table.name;
  if (!isTimeColumn(read.table, column)) return `${name}.${column}`;
  const expression =
    dialectOfKnex(knex) === 'sqlite'
      ? knex.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', ??.?? / 1000.0, 'unixepoch')`, [name, column])
      : knex.raw(`to_char(to_timestamp(??.?? / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`, [name, column]);
  return alias ? knex.raw(`${expression.toQuery()} AS ??`, [column]) : expression;
}

export function selectOf(knex: Knex, read: TableRead): Knex.QueryBuilder {
  return knex(read.table.name).select(read.columns.map((c) => exportedColumn(knex, read, c))).where(read.condition);
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

export function csvHeader(columns: string[]): string {
  return columns.map(csvCell).join(',') + '\r\n';
}

/** RFC 4180 cell; values a spreadsheet would run as a formula get a leading apostrophe. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value); // never quoted, never a formula
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // = + - @ tab CR start a formula in spreadsheets: neutralised, unless the text is a plain number.
  if (FORMULA_FIRST_CODES.includes(text.charCodeAt(0)) && !plainNumber.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

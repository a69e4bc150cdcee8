// The access export's rows on PostgreSQL: see export-rows.ts.
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { openCopySnapshot, JsonValuesFromBinaryCopy, CsvRowsToCrlf, type CopySnapshot } from '../../db/copy-out.js';
import { csvHeader, exportedColumn, FORMULA_START, PLAIN_NUMBER, SAMPLE_ROWS, selectOf, type ExportRows, type Row, type TableRead } from './export-rows.common.js';

/**
 * PostgreSQL: the database formats both forms in one snapshot, one COPY after the other, and Node only
 * passes the bytes on. (Writing the CSVs on a second connection at the same time was measured no
 * faster: each COPY keeps a core of the database busy and the deflate takes the rest.)
 */
export class CopiedRows implements ExportRows {
  static async open(knex: Knex): Promise<CopiedRows> {
    return new CopiedRows(knex, await openCopySnapshot(knex));
  }

  private constructor(
    private readonly knex: Knex,
    private readonly snapshot: CopySnapshot,
  ) {}

  async *json(read: TableRead): AsyncGenerator<Buffer> {
    const values = new JsonValuesFromBinaryCopy();
    const array = this.knex.raw(`json_build_array(${read.columns.map(() => '?').join(', ')})`, read.columns.map((c) => { const e = exportedColumn(this.knex, read, c, false); return typeof e === 'string' ? this.knex.ref(e) : e; }));
    const copy = this.snapshot.copy(this.knex(read.table.name).select(array).where(read.condition), '(FORMAT binary)');
    copy.on('error', (error) => values.destroy(error));
    for await (const chunk of copy.pipe(values)) yield chunk as Buffer;
    read.rows = values.rows;
    // Most tables hold nothing of a subject: no query for their sample, no COPY for their CSV.
    if (read.rows) read.sample = await this.snapshot.rows<Row>(selectOf(this.knex, read).limit(SAMPLE_ROWS));
  }

  async csv(read: TableRead): Promise<Readable> {
    if (!read.rows) return Readable.from([csvHeader(read.columns)]);
    const name = read.table.name;
    // What csvCell does in Node: booleans as true/false; text a spreadsheet would run as a formula
    // (= + - @ tab CR first, unless a plain number) gets a leading apostrophe. The first character
    // is looked at before any regular expression: most values start with none of them.
    const cells = read.columns.map((c) => {
      const type = read.table.columns[c]!.type;
      if (type === 'boolean') return this.knex.raw(`CASE WHEN ??.?? THEN 'true' WHEN NOT ??.?? THEN 'false' END AS ??`, [name, c, name, c, c]);
      if (type === 'string' || type === 'text') return this.knex.raw(`CASE WHEN ascii(??.??) IN (${FORMULA_START}) AND ??.?? !~ ? THEN ? || ??.?? ELSE ??.?? END AS ??`, [name, c, name, c, PLAIN_NUMBER, "'", name, c, name, c, c]);
      return exportedColumn(this.knex, read, c);
    });
    const copy = this.snapshot.copy(this.knex(name).select(cells).where(read.condition), '(FORMAT csv, HEADER true)');
    const crlf = new CsvRowsToCrlf();
    copy.on('error', (error) => crlf.destroy(error));
    return copy.pipe(crlf);
  }

  async end(failed: boolean): Promise<void> {
    await this.snapshot.end(failed);
  }
}

// The access and portability export: every personal datum of a subject, found through the data map
// (each table's subject column and access rule, server/db/declare.ts), written as one zip with a
// machine-readable JSON document, a CSV per table and a readable HTML summary.
//
// Memory stays bounded whatever the size: rows are read page by page in one pass; the JSON document
// is a pull stream that yazl drains as it compresses, each table's CSV (the smaller form) is spooled
// to a temporary file in the same pass and added afterwards, and the summary keeps only a few rows
// per table.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import type { Knex } from 'knex';
import yazl from 'yazl';
import './native-crc32.js';
import type { TableDeclaration } from '../../db/declare.js';
import { html, type SafeHtml } from '../../web/html.js';
import { translator, isLanguage } from '../../platform/i18n.js';
import { filters, type Actor as PolicyActor } from '../policy/policy.js';
import { streamRows, type RowPage } from '../../db/stream.js';

export interface ExportSubject {
  /** The account, when the subject has one. */
  userId: string | null;
  /** Email address (for a subject without an account, the only link). */
  email: string | null;
  workspaceId: string;
  /** Role of the account (what the subject can already see); member for subjects without one. */
  role: string;
  name: string | null;
  language?: string | null;
}

export interface TableAccess {
  table: TableDeclaration;
  /** The rule in words (from the data map, or generated from it). */
  rule: string;
  categories: string[];
  withheld: string[];
  excluded: boolean;
}

export interface ExportSummary {
  tables: Array<{ table: string; rows: number; categories: string[] }>;
  categories: Record<string, number>;
  rows: number;
  bytes: number;
  sha256: string;
  generatedAt: string;
}

const PAGE = 250;
const SAMPLE_ROWS = 20;
const MAX_DEPTH = 4;

type Row = Record<string, unknown>;
type Builder = Knex.QueryBuilder;

const visibilityText: Record<string, string> = {
  readableSections: 'sections written by others appear only where you can read them (public, your page, your teams, your grants)',
  readableFeedback: 'feedback written by others appears only where you can read it (given to you, or public)',
  readableComments: 'comments written by others appear only where you can read the page or section they are on',
};

/** What the data map says about a table, for the export. */
export function accessOf(table: TableDeclaration): TableAccess {
  const a = table.access ?? {};
  const subject = table.subject === 'none' ? null : table.subject.column;
  const categories = [...new Set(Object.values(table.columns).flatMap((c) => (c.personal === 'none' ? [] : [c.personal.category])))];
  const parts: string[] = [];
  if (subject) parts.push(`rows where ${table.name}.${subject} is you`);
  for (const link of a.links ?? []) parts.push(`rows where ${table.name}.${link} is you`);
  for (const t of a.through ?? []) parts.push(`rows whose ${t.column} points at one of your ${t.table} rows`);
  if (a.emailColumn) parts.push(`rows where ${table.name}.${a.emailColumn} is your email address`);
  let generated = parts.join('; ');
  if (a.visibleWith) generated += `; ${visibilityText[a.visibleWith]}`;
  if (a.withhold?.length) generated += `; withheld: ${a.withhold.join(', ')}`;
  return { table, rule: a.rule ? `${a.rule} (${generated})` : generated, categories, withheld: a.withhold ?? [], excluded: Boolean(a.excluded) };
}

/** Tables that can hold rows of a subject: a subject column, an email column or a chain to one. */
export function linkedTables(tables: TableDeclaration[]): TableAccess[] {
  return tables.filter((t) => t.subject !== 'none' || t.access?.through?.length || t.access?.emailColumn).map(accessOf);
}

export class AccessExporter {
  private readonly byName: Map<string, TableDeclaration>;

  constructor(
    private readonly knex: Knex,
    private readonly tables: TableDeclaration[],
  ) {
    this.byName = new Map(tables.map((t) => [t.name, t]));
  }

  private policyActor(subject: ExportSubject): PolicyActor {
    return { id: subject.userId ?? '', workspaceId: subject.workspaceId, role: subject.role === 'admin' ? 'admin' : 'member' };
  }

  /**
   * The condition that selects the subject's rows of a table (qualified by the table's name): their
   * own rows, or rows reached through links and parent tables that the policy lets them read.
   */
  condition(table: TableDeclaration, subject: ExportSubject, depth = 0): ((qb: Builder) => void) | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const a = table.access ?? {};
    const col = (c: string) => `${table.name}.${c}`;
    const own: Array<(qb: Builder) => void> = [];
    const others: Array<(qb: Builder) => void> = [];
    if (subject.userId && table.subject !== 'none') {
      const s = table.subject.column;
      own.push((qb) => qb.orWhere(col(s), subject.userId!));
    }
    if (subject.email && a.emailColumn) {
      const e = a.emailColumn;
      own.push((qb) => qb.orWhere(col(e), subject.email!.toLowerCase()));
    }
    if (subject.userId) for (const link of a.links ?? []) others.push((qb) => qb.orWhere(col(link), subject.userId!));
    for (const through of a.through ?? []) {
      const parent = this.byName.get(through.table);
      const parentCondition = parent && this.condition(parent, subject, depth + 1);
      if (!parent || !parentCondition) continue;
      others.push((qb) => qb.orWhereIn(col(through.column), (sub) => sub.select(`${parent.name}.${through.parentColumn ?? 'id'}`).from(parent.name).where(parentCondition)));
    }
    if (!own.length && !others.length) return undefined;
    const visible = a.visibleWith && subject.userId ? filters[a.visibleWith](this.policyActor(subject), table.name) : undefined;
    return (qb) => {
      qb.where((w) => {
        for (const c of own) c(w);
        if (others.length) {
          w.orWhere((o) => {
            o.where((any) => {
              for (const c of others) c(any);
            });
            if (visible) o.where(visible);
          });
        }
      });
    };
  }

  /** Rows of one table for the subject, page by page, in the table's natural order (no sort, no page queries). */
  rows(table: TableDeclaration, condition: (qb: Builder) => void, columns: string[]): AsyncGenerator<RowPage> {
    return streamRows(this.knex, this.knex(table.name).select(columns.map((c) => `${table.name}.${c}`)).where(condition), PAGE);
  }

  /** Counts of the subject's rows per table (the privacy center's overview). */
  async counts(subject: ExportSubject): Promise<Array<{ access: TableAccess; rows: number }>> {
    const out: Array<{ access: TableAccess; rows: number }> = [];
    for (const access of linkedTables(this.tables)) {
      if (access.excluded) continue;
      const condition = this.condition(access.table, subject);
      if (!condition) continue;
      const row = await this.knex(access.table.name).where(condition).count<{ n: number }[]>({ n: '*' }).first();
      out.push({ access, rows: Number(row?.n ?? 0) });
    }
    return out;
  }

  /** Writes the zip to `out` (a file or an HTTP response) and resolves with what it holds. */
  /** With `end: false` the destination stays open (the caller ends it, e.g. after recording the export). */
  async write(subject: ExportSubject, out: Writable, meta: { requestId: string | null; compressionLevel?: number; end?: boolean } = { requestId: null }): Promise<ExportSummary> {
    const generatedAt = new Date().toISOString();
    const t = translator(isLanguage(subject.language) ? subject.language : 'en');
    const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsenic-export-'));
    const zip = new yazl.ZipFile();
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    const level = meta.compressionLevel ?? 1; // the fastest deflate: most of the gain in size for a fraction of the time
    const results: Array<{ access: TableAccess; rows: number; sample: Row[] }> = [];
    // The tables to read, each with its CSV spool file (written during the pass, added after data.json).
    const reads: Array<{ access: TableAccess; condition: (qb: Builder) => void; entry: (typeof results)[number]; csvPath: string; spooled?: Promise<void> }> = [];
    for (const access of linkedTables(this.tables)) {
      if (access.excluded) {
        results.push({ access, rows: 0, sample: [] });
        continue;
      }
      const condition = this.condition(access.table, subject);
      if (!condition) continue;
      const entry = { access, rows: 0, sample: [] as Row[] };
      results.push(entry);
      reads.push({ access, condition, entry, csvPath: path.join(spoolDir, `${reads.length}.csv`) });
    }

    const end = meta.end !== false;
    const finished = new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      out.on('error', reject);
      if (end) {
        out.on('finish', resolve);
        out.on('close', resolve);
      } else {
        zip.outputStream.on('end', resolve);
      }
      zip.outputStream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      zip.outputStream.pipe(out, { end });
    });

    const self = this;
    // One pass over the rows: data.json goes straight into the zip while each table's CSV is spooled
    // (the CSV is the smaller of the two, so less is written to disk and compressed after the pass).
    async function* document(): AsyncGenerator<string> {
      yield `{"kind":"opsenic-access-export","version":1,"generatedAt":${JSON.stringify(generatedAt)},"request":${JSON.stringify(meta.requestId)},"subject":${JSON.stringify({ userId: subject.userId, email: subject.email, name: subject.name })},"tables":{`;
      for (const [index, read] of reads.entries()) {
        const { access, entry } = read;
        const exported = Object.keys(access.table.columns).filter((c) => !access.withheld.includes(c));
        const csv = fs.createWriteStream(read.csvPath);
        read.spooled = once(csv, 'finish').then(() => undefined);
        read.spooled.catch(() => {}); // awaited when the CSV entry is read; an error also fails the write below
        const writeCsv = async (text: string) => {
          if (!csv.write(text)) await once(csv, 'drain');
        };
        try {
          yield `${index ? ',' : ''}${JSON.stringify(access.table.name)}:{"rule":${JSON.stringify(access.rule)},"categories":${JSON.stringify(access.categories)},"withheld":${JSON.stringify(access.withheld)},"rows":[`;
          await writeCsv(exported.map(csvCell).join(',') + '\r\n');
          const toObject = rowObjectBuilder(exported);
          for await (const page of self.rows(access.table, read.condition, exported)) {
            let text = '';
            const objects = new Array<Row>(page.rows.length);
            for (let r = 0; r < page.rows.length; r++) {
              const values = page.rows[r]!;
              let line = '';
              for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvCell(values[i]);
              text += line + '\r\n';
              objects[r] = toObject(values);
              if (entry.sample.length < SAMPLE_ROWS) entry.sample.push(objects[r]!);
            }
            await writeCsv(text);
            // One native JSON.stringify per page (not one call per value): the rows without the brackets.
            if (objects.length) yield `${entry.rows ? ',' : ''}${JSON.stringify(objects).slice(1, -1)}`;
            entry.rows += objects.length;
          }
          yield ']}';
        } finally {
          csv.end();
        }
        await read.spooled;
      }
      yield '}}\n';
    }

    try {
      zip.addReadStreamLazy('data.json', { compressionLevel: level }, (cb) => cb(null, Readable.from(document(), { highWaterMark: 1 })));
      for (const read of reads) {
        zip.addReadStreamLazy(`csv/${read.access.table.name}.csv`, { compressionLevel: level }, (cb) => {
          // Entries are read in order: data.json (the pass that writes this file) has ended by now.
          (read.spooled ?? Promise.reject(new Error(`the CSV of ${read.access.table.name} was never written`))).then(
            () => cb(null, fs.createReadStream(read.csvPath, { highWaterMark: 256 * 1024 })),
            (error: Error) => cb(error, undefined as never),
          );
        });
      }
      zip.addReadStreamLazy('summary.html', { compressionLevel: level }, (cb) => {
        cb(null, Readable.from([summaryHtml(t, subject, results, generatedAt, meta.requestId)]));
      });
      zip.end();
      await finished;
    } finally {
      fs.rmSync(spoolDir, { recursive: true, force: true });
    }
    const categories: Record<string, number> = {};
    for (const r of results) for (const c of r.access.categories) categories[c] = (categories[c] ?? 0) + r.rows;
    return {
      tables: results.filter((r) => !r.access.excluded).map((r) => ({ table: r.access.table.name, rows: r.rows, categories: r.access.categories })),
      categories,
      rows: results.reduce((a, r) => a + r.rows, 0),
      bytes,
      sha256: hash.digest('hex'),
      generatedAt,
    };
  }
}

/** RFC 4180 cell; values a spreadsheet would run as a formula get a leading apostrophe. */
/**
 * A function turning a row of values into an object with the given keys, in order, all of one
 * shape (so V8 and JSON.stringify take their fast paths). Keys are declared column names.
 */
function rowObjectBuilder(columns: string[]): (values: unknown[]) => Row {
  const body = `return {${columns.map((c, i) => `${JSON.stringify(c)}: v[${i}] ?? null`).join(', ')}};`;
  return new Function('v', body) as (values: unknown[]) => Row;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value); // never quoted, never a formula
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const first = text.charCodeAt(0);
  // = + - @ tab CR start a formula in spreadsheets: neutralised, unless the text is a plain number.
  if ((first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const cell = (value: unknown) => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

function summaryHtml(t: ReturnType<typeof translator>, subject: ExportSubject, results: Array<{ access: TableAccess; rows: number; sample: Row[] }>, generatedAt: string, requestId: string | null): string {
  const byCategory = new Map<string, number>();
  for (const r of results) for (const c of r.access.categories) byCategory.set(c, (byCategory.get(c) ?? 0) + r.rows);
  const section = (r: { access: TableAccess; rows: number; sample: Row[] }): SafeHtml => {
    const columns = Object.entries(r.access.table.columns).filter(([c]) => !r.access.withheld.includes(c));
    return html`<section id="t-${r.access.table.name}">
      <h2>${r.access.table.name}</h2>
      <p><strong>${t('dsar.export.rule')}:</strong> ${r.access.rule}</p>
      <p><strong>${t('dsar.export.categories')}:</strong> ${r.access.categories.join(', ') || '—'} · <strong>${t('dsar.export.rows')}:</strong> ${r.access.excluded ? t('dsar.export.excluded') : r.rows}</p>
      <details><summary>${t('dsar.export.columns')}</summary><ul>${columns.map(([c, d]) => html`<li><code>${c}</code>: ${d.personal === 'none' ? t('dsar.export.notPersonal') : `${d.personal.category} — ${d.personal.purpose}`}</li>`)}</ul></details>
      ${r.sample.length
        ? html`<div class="scroll"><table><thead><tr>${columns.map(([c]) => html`<th scope="col">${c}</th>`)}</tr></thead><tbody>${r.sample.map((row) => html`<tr>${columns.map(([c]) => html`<td>${cell(row[c])}</td>`)}</tr>`)}</tbody></table></div>
          ${r.rows > r.sample.length ? html`<p>${t('dsar.export.more', { count: r.rows - r.sample.length, file: `csv/${r.access.table.name}.csv` })}</p>` : ''}`
        : ''}
    </section>`;
  };
  return html`<!doctype html>
<html lang="${isLanguage(subject.language) ? subject.language : 'en'}"><head><meta charset="utf-8"><title>${t('dsar.export.title')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top;text-align:left}.scroll{overflow-x:auto}</style></head>
<body><h1>${t('dsar.export.title')}</h1>
<p>${t('dsar.export.intro', { name: subject.name ?? subject.email ?? '', at: generatedAt })}${requestId ? ` ${t('dsar.export.request', { id: requestId })}` : ''}</p>
<p>${t('dsar.export.files')}</p>
<h2>${t('dsar.export.byCategory')}</h2>
<table><thead><tr><th scope="col">${t('dsar.export.category')}</th><th scope="col">${t('dsar.export.rows')}</th></tr></thead><tbody>${[...byCategory].map(([c, n]) => html`<tr><td>${c}</td><td>${n}</td></tr>`)}</tbody></table>
<h2>${t('dsar.export.byTable')}</h2>
<ul>${results.map((r) => html`<li><a href="#t-${r.access.table.name}">${r.access.table.name}</a>: ${r.access.excluded ? t('dsar.export.excluded') : r.rows}</li>`)}</ul>
${results.map(section)}
</body></html>`.toString();
}

// The access and portability export: every personal datum of a subject, found through the data map
// (each table's subject column and access rule, server/db/declare.ts), written as one zip with a
// machine-readable JSON document, a CSV per table and a readable HTML summary.
//
// Memory stays bounded whatever the size: the JSON document is a pull stream that yazl drains as it
// compresses, each CSV follows it as a stream, and the summary keeps only a few rows per table. Where
// the rows come from differs per dialect (export-rows.ts).
import crypto from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import type { Knex } from 'knex';
import './native-crc32.js';
import type { TableDeclaration } from '../../db/declare.js';
import { html, type SafeHtml } from '../../web/html.js';
import { translator, isLanguage } from '../../platform/i18n.js';
import { filters, type Actor as PolicyActor } from '../policy/policy.js';
import { exportRows, type Row, type TableRead } from './export-rows.js';
import { datamapText } from '../../web/datamap-text.js';

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

const MAX_DEPTH = 4;

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

  /** Counts of the subject's rows per table (the privacy center's overview). */
  /** Per table, how many rows are the person's and (where rows have a creation time) the latest one's. */
  async counts(subject: ExportSubject): Promise<Array<{ access: TableAccess; rows: number; latest: number | null }>> {
    const out: Array<{ access: TableAccess; rows: number; latest: number | null }> = [];
    for (const access of linkedTables(this.tables)) {
      if (access.excluded) continue;
      const condition = this.condition(access.table, subject);
      if (!condition) continue;
      const query = this.knex(access.table.name).where(condition).count<{ n: number; latest?: number | string | null }[]>({ n: '*' });
      if (access.table.columns.created_at) query.max({ latest: `${access.table.name}.created_at` });
      const row = await query.first();
      out.push({ access, rows: Number(row?.n ?? 0), latest: row?.latest == null ? null : Number(row.latest) });
    }
    return out;
  }

  /** Writes the zip to `out` (a file or an HTTP response) and resolves with what it holds. */
  /** With `end: false` the destination stays open (the caller ends it, e.g. after recording the export). */
  async write(subject: ExportSubject, out: Writable, meta: { requestId: string | null; compressionLevel?: number; end?: boolean } = { requestId: null }): Promise<ExportSummary> {
    const generatedAt = new Date().toISOString();
    const t = translator(isLanguage(subject.language) ? subject.language : 'en');
    // Loaded with the first export: the zip writer serves data requests, not every replica's idle memory.
    const { default: yazl } = await import('yazl');
    const zip = new yazl.ZipFile();
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    let complete = false;
    const level = meta.compressionLevel ?? 1; // the fastest deflate: most of the gain in size for a fraction of the time
    const results: Array<{ access: TableAccess; read?: TableRead }> = [];
    const reads: TableRead[] = [];
    for (const access of linkedTables(this.tables)) {
      const condition = access.excluded ? undefined : this.condition(access.table, subject);
      if (!access.excluded && !condition) continue;
      const read = condition && { table: access.table, condition, columns: Object.keys(access.table.columns).filter((c) => !access.withheld.includes(c)), rows: 0, sample: [] };
      if (read) reads.push(read);
      results.push({ access, read });
    }

    const source = await exportRows(this.knex);
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
      zip.outputStream.on('end', () => {
        complete = true;
      });
      zip.outputStream.pipe(out, { end });
    });

    // data.json streams straight into the zip; each table's CSV follows it (zip entries are written in
    // order). A table's rows are arrays of values in the order of its "columns", like its CSV (format
    // version 3: times as ISO 8601 text; version 2 gave them as epoch milliseconds; version 1 had an
    // object per row: a third larger and slower to write, no more data).
    async function* document(): AsyncGenerator<string | Buffer> {
      yield `{"kind":"opsenic-access-export","version":3,"generatedAt":${JSON.stringify(generatedAt)},"request":${JSON.stringify(meta.requestId)},"subject":${JSON.stringify({ userId: subject.userId, email: subject.email, name: subject.name })},"tables":{`;
      for (const [index, { access, read }] of results.filter((r) => r.read).entries()) {
        yield `${index ? ',' : ''}${JSON.stringify(access.table.name)}:{"rule":${JSON.stringify(access.rule)},"categories":${JSON.stringify(access.categories)},"withheld":${JSON.stringify(access.withheld)},"columns":${JSON.stringify(read!.columns)},"rows":[`;
        yield* source.json(read!);
        yield ']}';
      }
      yield '}}\n';
    }
    const json = Readable.from(document(), { highWaterMark: 1 });

    try {
      zip.addReadStreamLazy('data.json', { compressionLevel: level }, (cb) => cb(null, json));
      for (const read of reads) {
        zip.addReadStreamLazy(`csv/${read.table.name}.csv`, { compressionLevel: level }, (cb) => {
          source.csv(read).then(
            (stream) => cb(null, stream),
            (error: Error) => cb(error, undefined as never),
          );
        });
      }
      zip.addReadStreamLazy('summary.html', { compressionLevel: level }, (cb) => {
        cb(null, Readable.from([summaryHtml(t, subject, results.map(({ access, read }) => ({ access, rows: read?.rows ?? 0, sample: read?.sample ?? [] })), generatedAt, meta.requestId)]));
      });
      zip.end();
      await finished;
    } finally {
      if (!complete) json.destroy(); // an abandoned download: the rows' reader stops and lets go of its connection
      await source.end(!complete);
    }
    const categories: Record<string, number> = {};
    for (const r of results) for (const c of r.access.categories) categories[c] = (categories[c] ?? 0) + (r.read?.rows ?? 0);
    return {
      tables: results.filter((r) => !r.access.excluded).map((r) => ({ table: r.access.table.name, rows: r.read?.rows ?? 0, categories: r.access.categories })),
      categories,
      rows: reads.reduce((a, r) => a + r.rows, 0),
      bytes,
      sha256: hash.digest('hex'),
      generatedAt,
    };
  }
}

const cell = (value: unknown) => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

function summaryHtml(t: ReturnType<typeof translator>, subject: ExportSubject, results: Array<{ access: TableAccess; rows: number; sample: Row[] }>, generatedAt: string, requestId: string | null): string {
  const byCategory = new Map<string, number>();
  for (const r of results) for (const c of r.access.categories) byCategory.set(c, (byCategory.get(c) ?? 0) + r.rows);
  const reader = { lang: isLanguage(subject.language) ? subject.language : 'en' };
  const section = (r: { access: TableAccess; rows: number; sample: Row[] }): SafeHtml => {
    const columns = Object.entries(r.access.table.columns).filter(([c]) => !r.access.withheld.includes(c));
    return html`<section id="t-${r.access.table.name}">
      <h2>${r.access.table.name}</h2>
      <p><strong>${t('dsar.export.rule')}:</strong> ${datamapText(reader, r.access.rule)}</p>
      <p><strong>${t('dsar.export.categories')}:</strong> ${r.access.categories.join(', ') || '—'} · <strong>${t('dsar.export.rows')}:</strong> ${r.access.excluded ? t('dsar.export.excluded') : r.rows}</p>
      <details><summary>${t('dsar.export.columns')}</summary><ul>${columns.map(([c, d]) => html`<li><code>${c}</code>: ${d.personal === 'none' ? t('dsar.export.notPersonal') : `${d.personal.category} — ${datamapText(reader, d.personal.purpose)}`}</li>`)}</ul></details>
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

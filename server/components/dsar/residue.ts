// The check after an erasure, which must tell the truth. It looks for every identifier of the subject
// (email, full name, a distinctive first or last name, user id, the IP addresses, user agents, device
// ids and session hashes seen in their sessions and requests, SSO subjects, SCIM ids):
// - in every column of every table, including on SQLite the full-text tables and their shadow tables
//   (and each FTS5 index's own list of terms, through fts5vocab);
// - on SQLite, in the raw bytes of the database file and of its WAL: what no query can see (freed
//   pages, stale cells, old index segments, older WAL frames) is found there.
// Each hit is classified: `residue` (must not be there), `shared` (an address or user agent in a row
// that belongs to someone else: their data), `mention` (content, someone's writing, that names the
// person: listed for review, redact or keep), `index` (a search index entry of a row that is itself a
// hit: resolved with it). The report names each hit by table, column, row key and kind of identifier,
// never by the identifier itself (the report outlives the erasure).
import fs from 'node:fs';
import type { Knex } from 'knex';
import type { TableDeclaration } from '../../db/declare.js';
import { readLiveSchema } from '../../db/introspect.js';
import { dialectOfKnex } from '../../db/knex.js';
import { searchSources } from '../search/search.sources.js';

export interface SubjectIdentifiers {
  userId: string | null;
  emails: string[];
  /** "First Last". */
  fullNames: string[];
  firstName: string | null;
  lastName: string | null;
  ips: string[];
  userAgents: string[];
  deviceIds: string[];
  sessionHashes: string[];
  ssoSubjects: string[];
  /** SCIM external ids and user names. */
  scimIds: string[];
}

export type IdentifierKind = 'user_id' | 'email' | 'name' | 'first_name' | 'last_name' | 'ip' | 'user_agent' | 'device_id' | 'session' | 'sso_subject' | 'scim_id';
export const identifierKinds: IdentifierKind[] = ['user_id', 'email', 'name', 'first_name', 'last_name', 'ip', 'user_agent', 'device_id', 'session', 'sso_subject', 'scim_id'];

export type HitClassification = 'residue' | 'shared' | 'mention' | 'index';

export interface ResidueHit {
  table: string;
  column: string;
  /** The row's key (id, or SQLite's rowid) when the table has one. */
  row: string | null;
  kind: IdentifierKind;
  classification: HitClassification;
}

export interface FileHit {
  file: 'database' | 'wal';
  kind: IdentifierKind;
  occurrences: number;
  /** `live`: the same identifier is in a live row reported above (a mention, a shared address); `residue`: in bytes no row explains. */
  classification: 'residue' | 'live';
}

export interface ResidueReport {
  checkedAt: string;
  tables: number;
  columns: number;
  identifiers: Record<IdentifierKind, number>;
  /** Hits that must not be there: rows classified residue and file bytes no live row explains. */
  residue: number;
  /** Rows of content naming the person, to review. */
  mentions: number;
  hits: ResidueHit[];
  /** SQLite: the raw byte scan of the database file and its WAL (absent on PostgreSQL). */
  files: { scanned: Array<{ file: 'database' | 'wal'; bytes: number }>; hits: FileHit[] } | null;
  /** Columns deliberately not searched, with the reason. */
  exempt: Array<{ table: string; column: string; reason: string }>;
}

export interface Needle {
  kind: IdentifierKind;
  /** Lower-cased (as compared with lower(column)); `raw` as it was typed. */
  value: string;
  raw: string;
  /** An IP address or id is matched whole in a column (a substring of another address is someone else's); the rest anywhere. */
  exact: boolean;
}

const EXEMPT: Record<string, Record<string, string>> = {
  knex_migrations: { name: 'migration names' },
  // Base64 image bytes: a name "found" in them is chance, not the person; the rows go with their subject.
  user_photos: { large: 'profile photo image bytes (base64)', small: 'profile photo image bytes (base64)' },
};

const MAX_HITS = 500;
/** A first or last name alone is looked for when at least this long and no other account has it (then it is telling). */
const MIN_NAME = 4;

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The needles of a subject: distinctive names only (other accounts' names are not the person's). */
export async function needlesOf(knex: Knex, ids: SubjectIdentifiers): Promise<Needle[]> {
  const needles: Needle[] = [];
  const add = (kind: IdentifierKind, value: string | null | undefined, exact = false) => {
    const v = value?.trim();
    // A value already looked for under another kind (a SCIM user name that is the email) is looked for once.
    if (v && v.length >= 3 && !needles.some((n) => n.value === v.toLowerCase())) needles.push({ kind, value: v.toLowerCase(), raw: v, exact });
  };
  add('user_id', ids.userId);
  for (const e of ids.emails) add('email', e);
  for (const n of ids.fullNames) add('name', n);
  for (const [kind, name] of [['first_name', ids.firstName], ['last_name', ids.lastName]] as const) {
    if (!name || name.trim().length < MIN_NAME) continue;
    const others = await knex('users').whereRaw(`lower(first_name) = ? or lower(last_name) = ?`, [name.trim().toLowerCase(), name.trim().toLowerCase()]).whereNot('id', ids.userId ?? '').first(knex.raw('1 as hit'));
    if (!others) add(kind, name);
  }
  // An address or browser that other accounts' rows hold too (an office, a common browser build) does not
  // identify the person: it is not looked for (their own rows are gone; anonymous ones cannot be told apart).
  for (const ip of ids.ips) if (!(await heldByOthers(knex, 'ip', ip, ids.userId))) add('ip', ip, true);
  for (const ua of ids.userAgents) if (!(await heldByOthers(knex, 'user_agent', ua, ids.userId))) add('user_agent', ua, true);
  for (const d of ids.deviceIds) add('device_id', d);
  for (const s of ids.sessionHashes) add('session', s);
  for (const s of ids.ssoSubjects) add('sso_subject', s);
  for (const s of ids.scimIds) add('scim_id', s);
  return needles;
}

/** Whether a session or request row of another account holds this value. */
async function heldByOthers(knex: Knex, column: 'ip' | 'user_agent', value: string, userId: string | null): Promise<boolean> {
  for (const table of ['sessions', 'request_logs']) {
    const row = await knex(table).where(column, value).whereNotNull('user_id').whereNot('user_id', userId ?? '').first(knex.raw('1 as hit'));
    if (row) return true;
  }
  return false;
}

interface TableInfo {
  name: string;
  columns: Array<{ name: string; blob: boolean }>;
  key: string | null;
}

/** Every table and column to search: SQLite's full schema (virtual and shadow tables included), PostgreSQL's text columns. */
async function tablesToSearch(knex: Knex, declared: Map<string, TableDeclaration>): Promise<TableInfo[]> {
  if (dialectOfKnex(knex) === 'postgres') {
    const live = await readLiveSchema(knex);
    return Object.entries(live).map(([name, cols]) => ({
      name,
      columns: Object.entries(cols).filter(([, c]) => c.type === 'string' || c.type === 'text').map(([column]) => ({ name: column, blob: false })),
      key: declared.get(name)?.key ?? (cols.id ? 'id' : null),
    }));
  }
  const tables = (await knex.raw(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)) as Array<{ name: string; sql: string | null }>;
  const out: TableInfo[] = [];
  for (const t of tables) {
    const columns = (await knex.raw(`PRAGMA table_info("${t.name}")`)) as Array<{ name: string; type: string }>;
    const withoutRowid = /WITHOUT\s+ROWID/i.test(t.sql ?? '');
    const key = declared.get(t.name)?.key ?? (columns.some((c) => c.name === 'id') ? 'id' : withoutRowid ? null : 'rowid');
    // Typed numeric columns cannot hold an identifier; untyped ones (FTS shadow tables) and blobs can.
    const searchable = columns.filter((c) => !/^(INTEGER|INT|BIGINT|REAL|BOOLEAN|FLOAT|DOUBLE)/i.test(c.type));
    out.push({ name: t.name, columns: searchable.map((c) => ({ name: c.name, blob: /BLOB/i.test(c.type) })), key });
  }
  return out;
}

/** The search source of a SQLite FTS table (search_fts_people, search_fts_people_content, ...). */
function ftsSourceOf(table: string): { name: string; table: string; shadow: string | null } | undefined {
  for (const s of searchSources) {
    const base = `search_fts_${s.name}`;
    if (table === base) return { name: s.name, table: s.table, shadow: null };
    if (table.startsWith(`${base}_`)) return { name: s.name, table: s.table, shadow: table.slice(base.length + 1) };
  }
  return undefined;
}

export async function findResidue(knex: Knex, declared: TableDeclaration[], ids: SubjectIdentifiers, options: { scanFiles?: boolean } = {}): Promise<ResidueReport> {
  const sqlite = dialectOfKnex(knex) === 'sqlite';
  const declaredByName = new Map(declared.map((t) => [t.name, t]));
  const needles = await needlesOf(knex, ids);
  const tables = await tablesToSearch(knex, declaredByName);

  const hits: ResidueHit[] = [];
  const exempt: ResidueReport['exempt'] = [];
  const foundNeedles = new Set<Needle>();
  /** Source rows (table:key) hit, by kind: an FTS entry of such a row is an index hit, resolved with it. */
  const sourceHits = new Set<string>();
  const ftsPending: Array<ResidueHit & { source: { name: string; table: string; shadow: string | null } }> = [];
  let columns = 0;
  const push = (hit: ResidueHit) => {
    if (hits.length < MAX_HITS) hits.push(hit);
  };

  for (const t of tables) {
    const declaration = declaredByName.get(t.name);
    const subjectColumn = declaration && declaration.subject !== 'none' ? declaration.subject.column : null;
    const fts = sqlite ? ftsSourceOf(t.name) : undefined;
    for (const col of t.columns) {
      const reason = EXEMPT[t.name]?.[col.name];
      if (reason) {
        exempt.push({ table: t.name, column: col.name, reason });
        continue;
      }
      columns += 1;
      const personal = declaration?.columns[col.name]?.personal;
      // Writing someone may review (redact or keep): content columns, and free text declared as no one's
      // data (an org node's description); not what the product recorded (logs, crashes, the audit log).
      const declaredColumn = declaration?.columns[col.name];
      const isContent = (personal !== undefined && personal !== 'none' && personal.category === 'content') || (declaredColumn?.type === 'text' && personal === 'none' && declaration?.owner !== 'audit' && t.name !== 'dsar_results' && t.name !== 'dsar_mentions');
      if (!needles.length) continue;
      // One query per column for every needle; which needle matched is decided on the returned value.
      const ref = `${t.name}.${col.name}`;
      const q = knex(t.name).select(knex.raw(t.key ? '?? as k' : 'null as k', t.key ? [`${t.name}.${t.key}`] : []));
      q.select(knex.raw(sqlite && !col.blob ? 'CAST(?? AS TEXT) as v' : '?? as v', [ref]));
      if (subjectColumn) q.select(knex.raw('?? as s', [`${t.name}.${subjectColumn}`]));
      q.where((w) => {
        for (const needle of needles) {
          if (sqlite && col.blob) w.orWhereRaw('instr(??, ?) > 0', [ref, Buffer.from(needle.value, 'utf8')]);
          else if (sqlite) w.orWhereRaw(needle.exact ? 'lower(CAST(?? AS TEXT)) = ?' : 'instr(lower(CAST(?? AS TEXT)), ?) > 0', [ref, needle.value]);
          else if (needle.exact) w.orWhereRaw('lower(??) = ?', [ref, needle.value]);
          else w.orWhereRaw('strpos(lower(??), ?) > 0', [ref, needle.value]);
        }
      });
      const rows: Array<{ k: unknown; v: unknown; s?: unknown }> = await q.limit(MAX_HITS);
      for (const row of rows) {
        const key = row.k === null || row.k === undefined ? null : String(row.k);
        const blob = Buffer.isBuffer(row.v) ? row.v : null;
        const text = blob ? '' : String(row.v ?? '').toLowerCase();
        for (const needle of needles) {
          const matched = blob ? blob.includes(Buffer.from(needle.value, 'utf8')) : needle.exact ? text === needle.value : text.includes(needle.value);
          if (!matched) continue;
          foundNeedles.add(needle);
          const sharedKind = needle.kind === 'ip' || needle.kind === 'user_agent';
          const shared = sharedKind && subjectColumn !== null && row.s !== null && row.s !== undefined && row.s !== ids.userId;
          const nameLike = needle.kind === 'name' || needle.kind === 'first_name' || needle.kind === 'last_name' || needle.kind === 'email';
          const hit: ResidueHit = { table: t.name, column: col.name, row: key, kind: needle.kind, classification: shared ? 'shared' : isContent && nameLike ? 'mention' : 'residue' };
          if (fts) ftsPending.push({ ...hit, source: fts });
          else {
            if (key) sourceHits.add(`${t.name}:${key}`);
            push(hit);
          }
        }
      }
    }
  }

  // FTS rows and terms: an entry of a source row that is itself a hit goes with it; anything else is residue.
  if (sqlite) {
    const sourcesWithHits = new Set([...sourceHits].map((k) => k.split(':')[0]));
    for (const hit of ftsPending) {
      let resolved = false;
      if ((hit.source.shadow === null || hit.source.shadow === 'content') && hit.row) {
        const key = (await knex('search_fts_keys').where({ rowid: Number(hit.row), kind: hit.source.name }).first()) as { ref_id: string } | undefined;
        resolved = !!key && sourceHits.has(`${hit.source.table}:${key.ref_id}`);
      } else {
        resolved = sourcesWithHits.has(hit.source.table);
      }
      push({ table: hit.table, column: hit.column, row: hit.row, kind: hit.kind, classification: resolved ? 'index' : 'residue' });
    }
    // The index's own list of terms (what a search finds), word by word.
    const nameWords: string[] = needles.filter((n) => n.kind === 'first_name' || n.kind === 'last_name' || n.kind === 'email').flatMap((n) => fold(n.value).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= MIN_NAME);
    if (nameWords.length) {
      for (const s of searchSources) {
        const fts = `search_fts_${s.name}`;
        const exists = await knex.raw(`SELECT 1 FROM sqlite_master WHERE name = ?`, [fts]);
        if (!(exists as unknown[]).length) continue;
        await knex.raw(`CREATE VIRTUAL TABLE IF NOT EXISTS temp."${fts}_vocab" USING fts5vocab(main, '${fts}', 'row')`);
        const words = [...new Set(nameWords)];
        const terms = (await knex.raw(`SELECT term FROM temp."${fts}_vocab" WHERE term IN (${words.map(() => '?').join(', ')})`, words)) as Array<{ term: string }>;
        for (const term of terms) {
          const needle = needles.find((n) => ((fold(n.value).match(/[\p{L}\p{N}]+/gu) ?? []) as string[]).includes(term.term))!;
          foundNeedles.add(needle);
          push({ table: fts, column: 'term', row: null, kind: needle.kind, classification: sourcesWithHits.has(s.table) ? 'index' : 'residue' });
        }
      }
    }
  }

  const files = sqlite && options.scanFiles !== false ? scanFiles((knex.client.config.connection as { filename: string }).filename, needles, foundNeedles) : null;
  const count = (kind: IdentifierKind) => needles.filter((n) => n.kind === kind).length;
  return {
    checkedAt: new Date().toISOString(),
    tables: tables.length,
    columns,
    identifiers: Object.fromEntries(identifierKinds.map((k) => [k, count(k)])) as Record<IdentifierKind, number>,
    residue: hits.filter((h) => h.classification === 'residue').length + (files?.hits.filter((h) => h.classification === 'residue').length ?? 0),
    mentions: hits.filter((h) => h.classification === 'mention').length,
    hits,
    files,
    exempt,
  };
}

/** Occurrences of each needle in a file, as typed and lower-cased, read in chunks (overlapping by the longest needle). */
export function countInFile(file: string, patterns: Buffer[]): number[] {
  const counts = patterns.map(() => 0);
  if (!fs.existsSync(file)) return counts;
  const longest = Math.max(1, ...patterns.map((p) => p.length));
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  const fd = fs.openSync(file, 'r');
  try {
    let position = 0;
    let carry = Buffer.alloc(0);
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, position);
      if (n <= 0) break;
      position += n;
      const window = Buffer.concat([carry, chunk.subarray(0, n)]);
      // Only matches that start in this window after the carried part's possible starts are new.
      patterns.forEach((p, i) => {
        let at = window.indexOf(p, 0);
        while (at !== -1) {
          if (at + p.length > carry.length) counts[i]! += 1;
          at = window.indexOf(p, at + 1);
        }
      });
      carry = window.subarray(Math.max(0, window.length - (longest - 1)));
    }
  } finally {
    fs.closeSync(fd);
  }
  return counts;
}

function variants(needle: Needle): Buffer[] {
  const v = needle.raw;
  const forms = new Set([v, v.toLowerCase(), v.toUpperCase(), v.charAt(0).toUpperCase() + v.slice(1), fold(v)]);
  return [...forms].map((f) => Buffer.from(f, 'utf8'));
}

function scanFiles(dbFile: string, needles: Needle[], found: Set<Needle>): NonNullable<ResidueReport['files']> {
  const scanned: Array<{ file: 'database' | 'wal'; bytes: number }> = [];
  const hits: FileHit[] = [];
  for (const [label, file] of [['database', dbFile], ['wal', `${dbFile}-wal`]] as const) {
    if (dbFile === ':memory:' || !fs.existsSync(file)) continue;
    scanned.push({ file: label, bytes: fs.statSync(file).size });
    const patterns: Array<{ needle: Needle; bytes: Buffer }> = needles.flatMap((needle) => variants(needle).map((bytes) => ({ needle, bytes })));
    const counts = countInFile(file, patterns.map((p) => p.bytes));
    const perNeedle = new Map<Needle, number>();
    patterns.forEach((p, i) => perNeedle.set(p.needle, (perNeedle.get(p.needle) ?? 0) + counts[i]!));
    for (const [needle, occurrences] of perNeedle) {
      if (!occurrences) continue;
      hits.push({ file: label, kind: needle.kind, occurrences, classification: found.has(needle) ? 'live' : 'residue' });
    }
  }
  return { scanned, hits };
}

// The check after an erasure: every text column of every table of the live schema (both dialects,
// server/db/introspect.ts) is searched for the subject's identifiers — email, names, user id and the
// IP addresses seen in their sessions and requests. The report names each hit by table, column, row
// key and kind of identifier, never by the identifier itself (the report outlives the erasure).
import type { Knex } from 'knex';
import type { TableDeclaration } from '../../db/declare.js';
import { readLiveSchema } from '../../db/introspect.js';

export interface SubjectIdentifiers {
  userId: string | null;
  email: string | null;
  /** "First Last" and the last name alone when it is long enough to be telling. */
  names: string[];
  ips: string[];
}

export type IdentifierKind = 'user_id' | 'email' | 'name' | 'ip';

export interface ResidueHit {
  table: string;
  column: string;
  /** The row's key (id) when the table has one. */
  row: string | null;
  kind: IdentifierKind;
  /** 'shared': an IP address found in a row that belongs to another person (their data, left alone). */
  classification: 'residue' | 'shared';
}

export interface ResidueReport {
  checkedAt: string;
  tables: number;
  columns: number;
  identifiers: Record<IdentifierKind, number>;
  residue: number;
  hits: ResidueHit[];
  /** Columns deliberately not searched, with the reason. */
  exempt: Array<{ table: string; column: string; reason: string }>;
}

/** The ledger keeps the ids of erased subjects so that a restored backup erases them again. */
const EXEMPT: Record<string, Record<string, string>> = {
  erasure_ledger: { subject_id: 'the erasure ledger keeps the opaque id of every erased subject, so that restoring an older backup erases them again' },
  knex_migrations: { name: 'migration names' },
};

const MAX_HITS = 500;

export async function findResidue(knex: Knex, declared: TableDeclaration[], ids: SubjectIdentifiers): Promise<ResidueReport> {
  const live = await readLiveSchema(knex);
  const declaredByName = new Map(declared.map((t) => [t.name, t]));
  const needles: Array<{ kind: IdentifierKind; value: string; exact: boolean }> = [];
  if (ids.userId) needles.push({ kind: 'user_id', value: ids.userId, exact: false });
  if (ids.email) needles.push({ kind: 'email', value: ids.email.toLowerCase(), exact: false });
  for (const name of ids.names) if (name.trim().length >= 3) needles.push({ kind: 'name', value: name.trim().toLowerCase(), exact: false });
  for (const ip of ids.ips) if (ip) needles.push({ kind: 'ip', value: ip.toLowerCase(), exact: true });

  const hits: ResidueHit[] = [];
  const exempt: ResidueReport['exempt'] = [];
  let columns = 0;
  for (const [table, cols] of Object.entries(live).sort(([a], [b]) => a.localeCompare(b))) {
    const declaration = declaredByName.get(table);
    const key = declaration?.key ?? (cols.id ? 'id' : null);
    const subjectColumn = declaration && declaration.subject !== 'none' ? declaration.subject.column : null;
    for (const [column, c] of Object.entries(cols)) {
      if (c.type !== 'string' && c.type !== 'text') continue;
      const reason = EXEMPT[table]?.[column];
      if (reason) {
        exempt.push({ table, column, reason });
        continue;
      }
      columns += 1;
      for (const needle of needles) {
        const q = knex(table).select(knex.raw('?? as k', [key ? `${table}.${key}` : `${table}.${column}`]));
        if (subjectColumn) q.select(knex.raw('?? as s', [`${table}.${subjectColumn}`]));
        // An IP address is matched whole (a substring of another address is someone else's); the rest anywhere in the text.
        if (needle.exact) q.whereRaw('lower(??) = ?', [`${table}.${column}`, needle.value]);
        else q.whereRaw(`lower(??) like ? escape '\\'`, [`${table}.${column}`, `%${needle.value.replace(/[\\%_]/g, (m) => `\\${m}`)}%`]);
        const rows: Array<{ k: unknown; s?: unknown }> = await q.limit(MAX_HITS);
        for (const row of rows) {
          // A shared IP address (same office, same proxy) in a row that belongs to someone else is their data.
          const shared = needle.kind === 'ip' && subjectColumn !== null && row.s !== null && row.s !== undefined && row.s !== ids.userId;
          if (hits.length < MAX_HITS) hits.push({ table, column, row: key ? String(row.k) : null, kind: needle.kind, classification: shared ? 'shared' : 'residue' });
        }
      }
    }
  }
  const count = (kind: IdentifierKind) => needles.filter((n) => n.kind === kind).length;
  return {
    checkedAt: new Date().toISOString(),
    tables: Object.keys(live).length,
    columns,
    identifiers: { user_id: count('user_id'), email: count('email'), name: count('name'), ip: count('ip') },
    residue: hits.filter((h) => h.classification === 'residue').length,
    hits,
    exempt,
  };
}

// SCIM filters to SQL: each supported attribute maps to a column expression of a known type, so a
// filter becomes one WHERE clause (same SQL on SQLite and PostgreSQL) and pagination stays in the
// database. An attribute that is not in the map is a 400 invalidFilter naming it.
import { invalidFilter } from './scim.errors.js';
import { matches, type CompareOp, type Filter, type Value } from './scim.filter.js';

export type Column =
  /** Compared case-insensitively (caseExact false in the schema). */
  | { type: 'string'; sql: string }
  | { type: 'exact'; sql: string }
  | { type: 'boolean'; sql: string }
  /** Epoch milliseconds; compared with an ISO 8601 value. */
  | { type: 'datetime'; sql: string }
  /** A constant sub-attribute (our single email is always type work and primary). */
  | { type: 'const'; value: Value }
  /** EXISTS over a related table: `sql` holds one `?` for the compared value. */
  | { type: 'exists'; sql: string; presentSql: string };

export interface Sql {
  sql: string;
  bindings: Array<string | number>;
}

const likeEscape = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Lowercases and strips the core schema URN prefix (urn:...:core:2.0:User:userName -> username). */
export function normaliseAttr(attr: string, coreSchema: string): string {
  const lower = attr.toLowerCase();
  const prefix = `${coreSchema.toLowerCase()}:`;
  return lower.startsWith(prefix) ? lower.slice(prefix.length) : lower;
}

export function filterToSql(filter: Filter, columns: Record<string, Column>, coreSchema: string, prefix = ''): Sql {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      const left = filterToSql(filter.left, columns, coreSchema, prefix);
      const right = filterToSql(filter.right, columns, coreSchema, prefix);
      return { sql: `(${left.sql} ${filter.kind} ${right.sql})`, bindings: [...left.bindings, ...right.bindings] };
    }
    case 'not': {
      const inner = filterToSql(filter.filter, columns, coreSchema, prefix);
      return { sql: `(not ${inner.sql})`, bindings: inner.bindings };
    }
    case 'valuePath': {
      if (prefix) throw invalidFilter('invalid filter: a value filter cannot be nested');
      return filterToSql(filter.filter, columns, coreSchema, `${normaliseAttr(filter.attr, coreSchema)}.`);
    }
    case 'present':
    case 'compare': {
      const name = prefix + normaliseAttr(filter.attr, coreSchema);
      const column = columns[name];
      if (!column) throw invalidFilter(`invalid filter: the attribute "${filter.attr}" cannot be filtered on (supported: ${Object.keys(columns).filter((k) => columns[k]!.type !== 'const').join(', ')})`);
      return filter.kind === 'present' ? present(column) : comparison(column, filter.op, filter.value, filter.attr);
    }
  }
}

function present(column: Column): Sql {
  switch (column.type) {
    case 'string':
    case 'exact':
    case 'datetime':
      return { sql: `(${column.sql} is not null)`, bindings: [] };
    case 'boolean':
      return { sql: '(1 = 1)', bindings: [] };
    case 'const':
      return { sql: column.value === null ? '(1 = 0)' : '(1 = 1)', bindings: [] };
    case 'exists':
      return { sql: column.presentSql, bindings: [] };
  }
}

function comparison(column: Column, op: CompareOp, value: Value, attr: string): Sql {
  const bad = (why: string) => invalidFilter(`invalid filter: ${attr} ${op} ${JSON.stringify(value)}: ${why}`);
  switch (column.type) {
    case 'const':
      return { sql: matches({ kind: 'compare', attr: 'v', op, value }, { v: column.value }) ? '(1 = 1)' : '(1 = 0)', bindings: [] };
    case 'boolean': {
      if (typeof value !== 'boolean') throw bad('compare a boolean attribute with true or false');
      if (op !== 'eq' && op !== 'ne') throw bad('a boolean attribute takes eq or ne');
      return { sql: (op === 'eq') === value ? `(${column.sql})` : `(not ${column.sql})`, bindings: [] };
    }
    case 'datetime': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw bad('compare a date with an ISO 8601 string such as "2026-01-31T00:00:00Z"');
      if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw bad('a date takes eq, ne, gt, ge, lt or le');
      const sqlOp = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' }[op as 'eq'];
      return { sql: `(${column.sql} ${sqlOp} ?)`, bindings: [Date.parse(value)] };
    }
    case 'exists': {
      if (op !== 'eq' || typeof value !== 'string') throw bad('members take eq with an id');
      return { sql: column.sql, bindings: [value] };
    }
    case 'string':
    case 'exact': {
      if (typeof value !== 'string') {
        if (value === null && (op === 'eq' || op === 'ne')) return { sql: op === 'eq' ? `(${column.sql} is null)` : `(${column.sql} is not null)`, bindings: [] };
        throw bad('compare a string attribute with a "string"');
      }
      const expr = column.type === 'string' ? `lower(${column.sql})` : column.sql;
      const v = column.type === 'string' ? value.toLowerCase() : value;
      switch (op) {
        case 'eq':
          return { sql: `(${expr} = ?)`, bindings: [v] };
        case 'ne':
          return { sql: `(${column.sql} is null or ${expr} <> ?)`, bindings: [v] };
        case 'co':
          return { sql: `(${expr} like ? escape '\\')`, bindings: [`%${likeEscape(v)}%`] };
        case 'sw':
          return { sql: `(${expr} like ? escape '\\')`, bindings: [`${likeEscape(v)}%`] };
        case 'ew':
          return { sql: `(${expr} like ? escape '\\')`, bindings: [`%${likeEscape(v)}`] };
        default: {
          const sqlOp = { gt: '>', ge: '>=', lt: '<', le: '<=' }[op];
          return { sql: `(${expr} ${sqlOp} ?)`, bindings: [v] };
        }
      }
    }
  }
}

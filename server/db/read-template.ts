// A read query built with knex once per shape and kept as SQL, then run with each call's values.
// Why: on the pages every signed-in person opens (Home, the session read), building and compiling a
// knex query with joins and EXISTS rules cost more than the database took to answer it (a profile of
// GET / put ~30% of the server's CPU in knex's query compiler). The values a query is run with never
// change its SQL, so the query is built once with stand-ins in their place, and each call only puts
// the real values into the kept bindings. What does change the SQL (the reader's role, a limit, an
// optional filter) is the shape: one kept SQL per shape.
//
// On a SQLite file the SQL runs on the reader connection (db/read-connection.ts); elsewhere through
// knex.raw, the same SQL on both dialects. For reads outside a transaction only.
import type { Knex } from 'knex';
import { readRows } from './read-connection.js';

type Row = Record<string, any>;
/** A value a template is run with: bound as a value, never written into the SQL. */
export type TemplateValue = string | number | boolean | null;

interface Compiled {
  sql: string;
  /** Per binding: the name of the value it takes, or the constant the build bound. */
  slots: Array<{ param: string } | { constant: unknown }>;
}

const STAND_IN = '\u0000opsenic-template:';

/** What changes a template's SQL: the reader's role, a limit, which optional filters apply. */
export type TemplateShape = Record<string, string | number | boolean>;

export class ReadTemplate<P extends Record<string, TemplateValue>, S extends TemplateShape = Record<string, never>> {
  private readonly compiled = new WeakMap<Knex, Map<string, Compiled>>();

  /**
   * `build` gets stand-ins for the values (hand them to knex as values only: `where`, `andOnVal`,
   * bindings of `raw`; never into SQL text or arithmetic) and the shape, which it may branch on.
   */
  constructor(
    private readonly name: string,
    private readonly build: (knex: Knex, values: P, shape: S) => Knex.QueryBuilder,
  ) {}

  async rows(knex: Knex, values: P, shape: S = {} as S): Promise<Row[]> {
    const { sql, slots } = this.compile(knex, values, shape);
    return readRows(knex, sql, slots.map((slot) => ('param' in slot ? values[slot.param] : slot.constant)));
  }

  private compile(knex: Knex, values: P, shape: S): Compiled {
    let byShape = this.compiled.get(knex);
    if (!byShape) this.compiled.set(knex, (byShape = new Map()));
    const key = JSON.stringify(shape);
    const known = byShape.get(key);
    if (known) return known;
    const standIns = Object.fromEntries(Object.keys(values).map((key) => [key, `${STAND_IN}${key}`])) as unknown as P;
    const { sql, bindings } = this.build(knex, standIns, shape).toSQL();
    // A stand-in in the SQL text (a value written into whereRaw) would run with the stand-in itself.
    if (sql.includes(STAND_IN)) throw new Error(`read template ${this.name}: a value is written into the SQL instead of bound`);
    const slots = bindings.map((b) => (typeof b === 'string' && b.startsWith(STAND_IN) ? { param: b.slice(STAND_IN.length) } : { constant: b }));
    // ... and one inside a bound value ('%' + value + '%') would be bound as a constant.
    if (slots.some((slot) => 'constant' in slot && typeof slot.constant === 'string' && slot.constant.includes(STAND_IN))) throw new Error(`read template ${this.name}: a value is changed before it is bound`);
    const compiled = { sql, slots };
    byShape.set(key, compiled);
    return compiled;
  }
}

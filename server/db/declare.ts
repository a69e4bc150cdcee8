// The declared schema and data map. Each component declares its tables here (in its own
// <name>.datamap.ts): every column's type and nullability, and whether it can hold personal data.
// A test compares the live schema after all migrations, on both dialects, with these declarations,
// so a column can neither be added without a migration nor slip past retention and erasure.

/** Canonical column types; server/db/introspect.ts maps each dialect's types onto these. */
export type ColumnType = 'string' | 'text' | 'integer' | 'bigint' | 'boolean' | 'real';

/** What kind of personal data a column holds (the record of processing groups by this). */
export type PersonalCategory = 'account' | 'profile' | 'content' | 'log' | 'device' | 'crash' | 'usage' | 'integration' | 'audit' | 'security';

export interface PersonalData {
  category: PersonalCategory;
  /** The retention category whose policy governs how long this column is kept. */
  retention: string;
  /** Why it is kept, in a few words (shown in the record of processing). */
  purpose: string;
}

export interface ColumnDeclaration {
  type: ColumnType;
  nullable: boolean;
  /** `none` declares, explicitly, that the column holds no personal data. */
  personal: PersonalData | 'none';
}

export interface TableDeclaration {
  name: string;
  /** The component that owns the table. */
  owner: string;
  /** How a row links to its data subject: a column holding a users.id, or `none` for tables about no one. */
  subject: { column: string } | 'none';
  columns: Record<string, ColumnDeclaration>;
  /** How retention ages and removes the table's rows (absent: rows are removed only with their subject or workspace). */
  retention?: TableRetention;
  /** Rows are content a person wrote (subject = the author): on account deletion they follow retention.authoredContent. */
  authored?: boolean;
  /** The column that identifies a row (sample ids in retention plans); defaults to `id`. */
  key?: string;
  /**
   * What the purge of a deleted account does to the rows it is the subject of (not authored
   * content): delete (default), anonymise, or keep (the owning component's eraser handles them).
   */
  erasure?: 'delete' | 'anonymise' | 'keep';
}

/** The retention declaration of a table: which retention category governs its rows and what ages them. */
export interface TableRetention {
  /** A retention category of the `retention.policies` config (snake_case, e.g. `log`, `email_outbox`). */
  category: string;
  /** Epoch-millisecond column whose age is compared with the policy's maximum age; NULL never ages. */
  ageColumn: string;
  /** Overrides the policy's action for this table (e.g. anonymise where other tables still point at the rows). */
  action?: 'delete' | 'anonymise';
  /** Only rows matching these column values are governed (e.g. `{ kind: 'sandbox' }`). */
  where?: Record<string, string | number | boolean>;
  /** The age lives in a parent row: `ageColumn` belongs to `table`, joined by this table's `column` = parent `id`. */
  via?: { table: string; column: string };
}

export interface TableOptions {
  retention?: TableRetention;
  authored?: boolean;
  key?: string;
  erasure?: 'delete' | 'anonymise' | 'keep';
}

type Shorthand = [ColumnType, 'null' | 'not null', PersonalData | 'none'];

/** Declares a table with one compact line per column: `email: ['string', 'not null', personal(...)]`. */
export function declareTable(name: string, owner: string, subject: TableDeclaration['subject'], columns: Record<string, Shorthand>, options: TableOptions = {}): TableDeclaration {
  const declared: Record<string, ColumnDeclaration> = {};
  for (const [column, [type, nullability, personal]] of Object.entries(columns)) {
    declared[column] = { type, nullable: nullability === 'null', personal };
  }
  return { name, owner, subject, columns: declared, ...options };
}

export function personal(category: PersonalCategory, retention: string, purpose: string): PersonalData {
  return { category, retention, purpose };
}

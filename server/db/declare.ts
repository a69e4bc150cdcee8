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
}

type Shorthand = [ColumnType, 'null' | 'not null', PersonalData | 'none'];

/** Declares a table with one compact line per column: `email: ['string', 'not null', personal(...)]`. */
export function declareTable(name: string, owner: string, subject: TableDeclaration['subject'], columns: Record<string, Shorthand>): TableDeclaration {
  const declared: Record<string, ColumnDeclaration> = {};
  for (const [column, [type, nullability, personal]] of Object.entries(columns)) {
    declared[column] = { type, nullable: nullability === 'null', personal };
  }
  return { name, owner, subject, columns: declared };
}

export function personal(category: PersonalCategory, retention: string, purpose: string): PersonalData {
  return { category, retention, purpose };
}

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
  /** How a data subject's access export (issue 6) finds and shows this table's rows; absent: the rows whose subject column is the person. */
  access?: SubjectAccess;
}

/** Policy filters (server/components/policy) an access export may apply to rows written by others. */
export type AccessVisibility = 'readableSections' | 'readableFeedback' | 'readableComments';

/**
 * The access rule of a table: which rows an access or portability export holds for a person. Rows
 * whose subject column is the person are always theirs; rows reached through `links` or `through`
 * may be written by others, and with `visibleWith` appear only where the person can already see them.
 */
export interface SubjectAccess {
  /** Further columns holding a users.id of the person (e.g. feedback.giver_id). */
  links?: string[];
  /** Rows whose `column` holds the `parentColumn` (default `id`) of a row of `table` that is the person's. */
  through?: Array<{ table: string; column: string; parentColumn?: string }>;
  /** Rows found through links or through that are not the person's own appear only when this policy filter lets the person read them. */
  visibleWith?: AccessVisibility;
  /** An email column that finds the rows of someone without an account (matched lowercased). */
  emailColumn?: string;
  /** Columns never exported (secrets such as hashes of passwords and tokens). */
  withhold?: string[];
  /** The table is not exported at all (the reason goes in `rule`). */
  excluded?: boolean;
  /** The rule in words, shown in the export's summary (generated from the above when absent). */
  rule?: string;
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
  access?: SubjectAccess;
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

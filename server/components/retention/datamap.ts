// The record of processing: per table and column, the personal-data category, how rows link to a
// data subject, and the retention rule in force (from the data map and the retention config).
import type { TableDeclaration } from '../../db/declare.js';
import { isRetentionCategory } from './policies.js';
import { policyOf, type RetentionConfig } from './retention.config.js';

export interface ColumnRecord {
  column: string;
  type: string;
  nullable: boolean;
  personal: boolean;
  category: string | null;
  purpose: string | null;
  retentionCategory: string | null;
  rule: string | null;
}

export interface TableRecord {
  table: string;
  owner: string;
  subject: string | null;
  /** The rule that removes whole rows, e.g. "sessions: 30d after expires_at, delete". */
  rowRule: string | null;
  authored: boolean;
  onAccountPurge: string;
  columns: ColumnRecord[];
}

export function ruleText(config: RetentionConfig, category: string, ageColumn?: string, action?: string): string {
  if (!isRetentionCategory(category)) return `${category}: unknown retention category`;
  const policy = policyOf(config, category);
  if (category === 'deleted_accounts' && !ageColumn) return `deleted_accounts: until the account is deleted, then purged ${policy.maxAge} later`;
  if (policy.maxAge === 'forever') return `${category}: kept forever`;
  return `${category}: ${policy.action === 'anonymise' || action === 'anonymise' ? 'anonymised' : 'deleted'} ${policy.maxAge} after ${ageColumn ?? 'collection'}`;
}

export function recordOfProcessing(tables: TableDeclaration[], config: RetentionConfig): TableRecord[] {
  return tables.map((t) => {
    const subjectColumn = t.subject === 'none' ? undefined : t.subject.column;
    const subjectCategory = subjectColumn ? t.columns[subjectColumn]?.personal : undefined;
    const authored = t.authored ?? (typeof subjectCategory === 'object' && subjectCategory.category === 'content');
    const onAccountPurge = !subjectColumn ? 'not linked to a person' : t.name === 'users' ? 'anonymised ("Former member 7f3a")' : t.erasure === 'keep' ? `kept (handled by ${t.owner})` : authored ? `authored content: ${config.authoredContent}` : t.erasure === 'anonymise' ? 'anonymised' : 'deleted';
    return {
      table: t.name,
      owner: t.owner,
      subject: subjectColumn ? `${t.name}.${subjectColumn} -> users.id` : null,
      rowRule: t.retention ? `${ruleText(config, t.retention.category, t.retention.via ? `${t.retention.via.table}.${t.retention.ageColumn}` : t.retention.ageColumn, t.retention.action)}${t.retention.where ? ` (where ${Object.entries(t.retention.where).map(([k, v]) => `${k} = ${v}`).join(', ')})` : ''}` : null,
      authored,
      onAccountPurge,
      columns: Object.entries(t.columns).map(([column, c]) => ({
        column,
        type: c.type,
        nullable: c.nullable,
        personal: c.personal !== 'none',
        category: c.personal === 'none' ? null : c.personal.category,
        purpose: c.personal === 'none' ? null : c.personal.purpose,
        retentionCategory: c.personal === 'none' ? null : c.personal.retention,
        rule: c.personal === 'none' ? null : t.retention && t.retention.category === c.personal.retention ? ruleText(config, c.personal.retention, t.retention.ageColumn) : ruleText(config, c.personal.retention, c.personal.retention === 'deleted_accounts' ? undefined : t.retention?.ageColumn),
      })),
    };
  });
}

const cell = (v: string | null | undefined) => (v ?? '').replace(/\|/g, '\\|');

export function renderMarkdown(records: TableRecord[]): string {
  const out: string[] = ['# Record of processing', '', 'Generated from the data map (each component\'s *.datamap.ts) and the retention policies in force.', ''];
  for (const r of records) {
    out.push(`## ${r.table}`, '');
    out.push(`- Owner: ${r.owner}`);
    out.push(`- Data subject: ${r.subject ?? 'none (no person)'}`);
    out.push(`- Rows removed: ${r.rowRule ?? 'only with their subject or workspace'}`);
    out.push(`- When the subject's account is purged: ${r.onAccountPurge}`, '');
    out.push('| Column | Type | Personal data | Purpose | Retention |', '|---|---|---|---|---|');
    for (const c of r.columns) out.push(`| ${c.column} | ${c.type}${c.nullable ? ', null' : ''} | ${c.personal ? cell(c.category) : 'none'} | ${cell(c.purpose)} | ${cell(c.rule)} |`);
    out.push('');
  }
  return out.join('\n');
}

// What this deployment collects, generated from the data map (server/db/tables.ts) and the live
// config: per personal-data category, whether it is on, what exactly is recorded, how long each
// table keeps it (retention policies), and who can see it. Nothing here is written per deployment.
import type { Config } from '../../config.js';
import type { PersonalCategory, TableDeclaration } from '../../db/declare.js';

export interface RetentionRule {
  /** Retention category id (snake_case), as the data map names it. */
  category: string;
  /** `90d`, `13m`, `forever`, ...; undefined when the config has no policy for the category. */
  maxAge?: string;
  action?: string;
}

export interface NoticeTable {
  table: string;
  /** The table's declared access rule (English data map text), which names it for people; null without one. */
  rule: string | null;
  columns: Array<{ column: string; purpose: string }>;
  retention: RetentionRule[];
}

export interface NoticeCategory {
  category: PersonalCategory;
  on: boolean;
  /** What is recorded and how, from the config: i18n keys with their values. */
  details: Array<{ key: string; values?: Record<string, string> }>;
  /** i18n key of who can see it. */
  audience: string;
  tables: NoticeTable[];
}

/** Who can see each category; enforced by the route guards and repository filters of each component. */
const audience: Record<PersonalCategory, string> = {
  account: 'privacyNotice.audience.account',
  profile: 'privacyNotice.audience.profile',
  content: 'privacyNotice.audience.content',
  log: 'privacyNotice.audience.admins',
  device: 'privacyNotice.audience.device',
  crash: 'privacyNotice.audience.admins',
  usage: 'privacyNotice.audience.admins',
  integration: 'privacyNotice.audience.integration',
  audit: 'privacyNotice.audience.admins',
  security: 'privacyNotice.audience.security',
};

const order: PersonalCategory[] = ['account', 'profile', 'content', 'log', 'device', 'crash', 'usage', 'integration', 'audit', 'security'];

const camel = (category: string): string => category.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The retention policy in force for a retention category (read from `retention.policies` when present). */
export function retentionRule(config: Config, category: string): RetentionRule {
  const policies = (config as unknown as { retention?: { policies?: Record<string, { maxAge?: string; action?: string } | undefined> } }).retention?.policies;
  const policy = policies?.[camel(category)];
  return { category, maxAge: policy?.maxAge, action: policy?.action };
}

const onOff = (on: boolean) => (on ? 'privacyNotice.on' : 'privacyNotice.off');

function details(category: PersonalCategory, config: Config, usagePrimary: boolean): { on: boolean; details: NoticeCategory['details'] } {
  const c = config.capture;
  switch (category) {
    case 'log':
      return {
        on: c.logs.enabled,
        details: c.logs.enabled
          ? [
              { key: `privacyNotice.ip.${c.logs.ip}` },
              { key: 'privacyNotice.field', values: { field: 'referrer', state: onOff(c.logs.referrer) } },
              { key: 'privacyNotice.field', values: { field: 'userAgent', state: onOff(c.logs.userAgent) } },
              { key: 'privacyNotice.field', values: { field: 'acceptLanguage', state: onOff(c.logs.acceptLanguage) } },
              { key: 'privacyNotice.field', values: { field: 'privacySignals', state: onOff(c.logs.privacySignals) } },
              { key: 'privacyNotice.field', values: { field: 'user', state: onOff(c.logs.user) } },
              { key: 'privacyNotice.excluded', values: { paths: c.logs.exclude.join(', ') } },
            ]
          : [],
      };
    case 'device':
      return {
        on: c.devices.enabled,
        details: c.devices.enabled
          ? [
              { key: 'privacyNotice.field', values: { field: 'deviceCookie', state: onOff(c.devices.idCookie) } },
              { key: 'privacyNotice.field', values: { field: 'deviceSettings', state: c.devices.settings ? 'privacyNotice.afterConsent' : 'privacyNotice.off' } },
            ]
          : [],
      };
    case 'crash':
      return {
        on: c.crashes.client || c.crashes.server,
        details: [
          { key: 'privacyNotice.field', values: { field: 'clientCrashes', state: onOff(c.crashes.client) } },
          { key: 'privacyNotice.field', values: { field: 'serverCrashes', state: onOff(c.crashes.server) } },
        ],
      };
    case 'usage':
      return {
        on: c.usage.sandbox || usagePrimary || c.analytics.enabled,
        details: [
          { key: 'privacyNotice.field', values: { field: 'usageSandbox', state: onOff(c.usage.sandbox) } },
          { key: 'privacyNotice.field', values: { field: 'usagePrimary', state: onOff(usagePrimary) } },
          { key: 'privacyNotice.field', values: { field: 'analytics', state: c.analytics.enabled ? 'privacyNotice.afterConsent' : 'privacyNotice.off' } },
        ],
      };
    default:
      return { on: true, details: [] };
  }
}

export function buildPrivacyNotice(tables: TableDeclaration[], config: Config, usagePrimary: boolean): NoticeCategory[] {
  const byCategory = new Map<PersonalCategory, Map<string, NoticeTable>>();
  for (const table of tables) {
    for (const [column, declaration] of Object.entries(table.columns)) {
      if (declaration.personal === 'none') continue;
      const { category, purpose, retention } = declaration.personal;
      const perTable = byCategory.get(category) ?? new Map<string, NoticeTable>();
      byCategory.set(category, perTable);
      const entry = perTable.get(table.name) ?? { table: table.name, rule: table.access?.rule ?? null, columns: [], retention: [] };
      perTable.set(table.name, entry);
      entry.columns.push({ column, purpose });
      for (const governing of [retention, table.retention?.category]) {
        if (governing && !entry.retention.some((r) => r.category === governing)) entry.retention.push(retentionRule(config, governing));
      }
    }
  }
  return order
    .filter((category) => byCategory.has(category))
    .map((category) => ({
      category,
      ...details(category, config, usagePrimary),
      audience: audience[category],
      tables: [...byCategory.get(category)!.values()],
    }));
}

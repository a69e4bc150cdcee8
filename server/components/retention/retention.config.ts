// The `retention` config section: per retention category a maximum age and an action, the rule for
// content people wrote when their account is deleted, batching, and the in-process schedule.
// Invalid policies stop the start with the key and the reason.
import cron from 'node-cron';
import { z } from 'zod';
import { allowedActions, retentionCategories, approximateDays, categoryOfKey, configKeyOf, maxAgeHint, parseMaxAge, type RetentionCategory } from './policies.js';

const knownKeys = new Set(retentionCategories.map(configKeyOf));
const maxAge = z.string().refine((v) => parseMaxAge(v) !== undefined, { message: maxAgeHint });

function policy(category: RetentionCategory, defaultAge: string, defaultAction: 'delete' | 'anonymise', what: string) {
  const actions = allowedActions[category];
  return z
    .object({
      maxAge: maxAge.prefault(defaultAge).describe(`How long ${what} is kept: 90d, 18m, 2y or forever.`),
      action: z
        .enum(['delete', 'anonymise'])
        .refine((a) => actions.includes(a), { message: `the ${category} category allows only: ${actions.join(', ')}` })
        .prefault(defaultAction)
        .describe(`What happens when it is older: ${actions.join(' or ')}.`),
    })
    .strict()
    .prefault({})
    .describe(`${what[0]!.toUpperCase()}${what.slice(1)} (category ${category}).`);
}

const policies = z
  .object({
    log: policy('log', '90d', 'delete', 'request and application log records'),
    device: policy('device', '90d', 'delete', 'device data (IP addresses, user agents)'),
    crash: policy('crash', '90d', 'delete', 'crash reports'),
    usage: policy('usage', '13m', 'delete', 'usage analytics'),
    sessions: policy('sessions', '30d', 'delete', 'expired sessions, password reset links and rate-limit counters, after they expire'),
    invitations: policy('invitations', '90d', 'delete', 'invitations, after they expire'),
    notifications: policy('notifications', '1y', 'delete', 'notifications'),
    emailOutbox: policy('email_outbox', '30d', 'delete', 'sent and failed emails in the outbox'),
    audit: policy('audit', '2y', 'delete', 'audit log entries'),
    sandboxWorkspaces: policy('sandbox_workspaces', '30d', 'delete', 'sandbox workspaces, after they expire'),
    integrationData: policy('integration_data', '30d', 'delete', 'data imported by an integration, after the integration is removed'),
    deletedAccounts: policy('deleted_accounts', '30d', 'anonymise', 'a deleted account\'s personal data, during the grace period after deletion'),
    closedRequests: policy('closed_requests', '2y', 'delete', 'closed data requests (access, erasure)'),
    retentionReports: policy('retention_reports', '2y', 'delete', 'reports of retention runs'),
    insightsSnapshots: policy('insights_snapshots', '2y', 'delete', 'the daily aggregates of the insights boards (headcount, feedback, 1:1 and discussion counts by node)'),
  })
  // Not .strict(): an unknown key gets a message naming the known categories instead of a generic one.
  .loose()
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!knownKeys.has(key)) ctx.addIssue({ code: 'custom', path: [key], message: `not a known retention category; the categories are ${[...knownKeys].join(', ')}` });
    }
  })
  .prefault({})
  .describe('One policy per retention category: maximum age and action. Tables and columns name their category in their data map (`opsenic datamap`).');

export const retentionConfig = z
  .object({
    policies,
    authoredContent: z
      .enum(['anonymise', 'delete'])
      .prefault('anonymise')
      .describe('Content people wrote (sections, comments, feedback, 1:1 notes) when the author\'s account is purged: anonymise (kept, author shown as "Former member 7f3a") or delete.'),
    legalMinimum: z
      .object({
        audit: maxAge.prefault('1y').describe('Shortest audit log retention the organization must keep by law or policy; a shorter policies.audit.maxAge stops the start.'),
      })
      .strict()
      .prefault({})
      .describe('Legal minimum keeping periods that policies may not go below.'),
    batch: z
      .object({
        maxRows: z.coerce.number().int().min(1).max(100_000).prefault(20_000).describe('Most rows deleted or anonymised in one transaction.'),
        targetMs: z.coerce.number().int().min(1).max(10_000).prefault(40).describe('Batches grow or shrink so that one write transaction lasts about this long (keeps the server responsive).'),
        pauseMs: z.coerce.number().int().min(0).max(10_000).prefault(5).describe('Pause between two batches, so other writers get their turn.'),
      })
      .strict()
      .prefault({})
      .describe('Bounded batches: each batch is one short transaction.'),
    schedule: z
      .object({
        enabled: z.boolean().prefault(true).describe('Run `retention apply` from the server on the cron schedule; turn off when the Helm CronJob runs it instead.'),
        cron: z
          .string()
          .refine((v) => cron.validate(v), { message: 'not a valid cron expression, e.g. "30 2 * * *" (daily at 02:30)' })
          .prefault('30 2 * * *')
          .describe('When the scheduled run starts (cron syntax, minute hour day month weekday).'),
        timezone: z.string().prefault('UTC').describe('Time zone of the cron expression (IANA name, e.g. Europe/Paris).'),
      })
      .strict()
      .prefault({})
      .describe('The in-process schedule. With several replicas on PostgreSQL a tick runs once across all of them (a lock in the database).'),
  })
  .strict()
  .superRefine((value, ctx) => {
    const audit = parseMaxAge(value.policies.audit.maxAge);
    const minimum = parseMaxAge(value.legalMinimum.audit);
    if (audit && minimum && approximateDays(audit) < approximateDays(minimum)) {
      ctx.addIssue({ code: 'custom', path: ['policies', 'audit', 'maxAge'], message: `the audit log must be kept at least ${value.legalMinimum.audit} (retention.legalMinimum.audit)` });
    }
    try {
      new Intl.DateTimeFormat('en', { timeZone: value.schedule.timezone });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['schedule', 'timezone'], message: 'not a known time zone; use an IANA name such as UTC or Europe/Paris' });
    }
  })
  .prefault({})
  .describe('How long each kind of data is kept, and how it is removed (see `opsenic retention show`).');

export type RetentionConfig = z.output<typeof retentionConfig>;

/** The policy of a category, from config. */
export function policyOf(config: RetentionConfig, category: RetentionCategory): { maxAge: string; action: 'delete' | 'anonymise' } {
  return (config.policies as Record<string, { maxAge: string; action: 'delete' | 'anonymise' }>)[configKeyOf(category)]!;
}

export { categoryOfKey };

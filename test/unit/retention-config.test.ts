// Retention policies in config: conservative defaults, env overrides, and invalid policies that stop
// the start with the key and the reason.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/config.js';
import { cutoffOf, parseCategory, parseMaxAge } from '../../server/components/retention/policies.js';

const base = { OPSENIC_SECRET_KEY: 'x'.repeat(40), OPSENIC_DATA_DIR: '/tmp/opsenic-unit' };
const load = (env: Record<string, string>) => loadConfig({ env: { ...base, ...env } });
const problems = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return (error as ConfigError).message;
  }
  assert.fail('the configuration was accepted');
};

describe('retention config', () => {
  it('when nothing is configured, then every category has a documented conservative default', () => {
    const { retention } = load({});
    assert.equal(retention.policies.deletedAccounts.action, 'anonymise');
    assert.equal(retention.policies.audit.maxAge, '2y');
    assert.equal(retention.authoredContent, 'anonymise');
    assert.equal(retention.schedule.cron, '30 2 * * *');
    assert.equal(Object.keys(retention.policies).length, 15);
    assert.deepEqual(retention.policies.insightsSnapshots, { maxAge: '2y', action: 'delete' });
  });

  it('when a policy comes from the environment, then snake_case category names map onto the camelCase keys', () => {
    const { retention } = load({ OPSENIC_RETENTION__POLICIES__EMAIL_OUTBOX__MAX_AGE: '18m', OPSENIC_RETENTION__POLICIES__LOG__ACTION: 'anonymise' });
    assert.equal(retention.policies.emailOutbox.maxAge, '18m');
    assert.equal(retention.policies.log.action, 'anonymise');
  });

  it('when a category is unknown, a duration is malformed, an action is not allowed or audit is below its legal minimum, then the start stops naming each key and reason', () => {
    assert.match(problems({ OPSENIC_RETENTION__POLICIES__LOGS__MAX_AGE: '90d' }), /retention\.policies\.logs .*not a known retention category/);
    assert.match(problems({ OPSENIC_RETENTION__POLICIES__LOG__MAX_AGE: '90 days' }), /retention\.policies\.log\.maxAge = "90 days".*e\.g\. "90d", "18m", "2y", or "forever"/);
    assert.match(problems({ OPSENIC_RETENTION__POLICIES__SANDBOX_WORKSPACES__ACTION: 'anonymise' }), /retention\.policies\.sandboxWorkspaces\.action.*allows only: delete/);
    assert.match(problems({ OPSENIC_RETENTION__POLICIES__AUDIT__MAX_AGE: '6m' }), /retention\.policies\.audit\.maxAge = "6m".*at least 1y/);
    assert.match(problems({ OPSENIC_RETENTION__LEGAL_MINIMUM__AUDIT: '3y' }), /retention\.policies\.audit\.maxAge.*at least 3y/);
    assert.match(problems({ OPSENIC_RETENTION__SCHEDULE__CRON: 'every night' }), /retention\.schedule\.cron.*not a valid cron expression/);
    assert.match(problems({ OPSENIC_RETENTION__SCHEDULE__TIMEZONE: 'Mars/Olympus' }), /retention\.schedule\.timezone.*not a known time zone/);
  });

  it('when ages are parsed, then months and years are calendar ones and forever never expires', () => {
    const at = Date.UTC(2026, 2, 31);
    assert.equal(cutoffOf(parseMaxAge('90d')!, at), at - 90 * 86_400_000);
    assert.equal(new Date(cutoffOf(parseMaxAge('18m')!, at)!).toISOString().slice(0, 7), '2024-10');
    assert.equal(new Date(cutoffOf(parseMaxAge('2y')!, at)!).getUTCFullYear(), 2024);
    assert.equal(cutoffOf(parseMaxAge('forever')!, at), undefined);
    assert.equal(parseMaxAge('1.5y'), undefined);
    assert.equal(parseCategory('emailOutbox'), 'email_outbox');
    assert.equal(parseCategory('email-outbox'), 'email_outbox');
    assert.equal(parseCategory('mail'), undefined);
  });
});

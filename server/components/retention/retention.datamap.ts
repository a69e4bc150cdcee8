import { declareTable, personal } from '../../db/declare.js';

const report = (purpose: string) => personal('audit', 'retention_reports', purpose);

// One row per retention run: who or what started it, counts per category and table, errors.
export const retentionRunsTable = declareTable('retention_runs', 'retention', { column: 'actor_user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  trigger: ['string', 'not null', 'none'],
  actor_user_id: ['string', 'null', report('which admin started the run')],
  actor_label: ['string', 'not null', report('who or what started the run (CLI user, scheduler, admin)')],
  category: ['string', 'null', 'none'],
  status: ['string', 'not null', 'none'],
  started_at: ['bigint', 'not null', 'none'],
  heartbeat_at: ['bigint', 'not null', 'none'],
  finished_at: ['bigint', 'null', 'none'],
  duration_ms: ['bigint', 'null', 'none'],
  counts: ['text', 'not null', 'none'],
  held: ['text', 'not null', report('which legal holds protected data, and why')],
  errors: ['text', 'not null', 'none'],
}, { retention: { category: 'retention_reports', ageColumn: 'started_at' }, erasure: 'anonymise' });

// Leases of scheduled jobs, so that a tick runs once across replicas. Names processes, not people.
export const jobLocksTable = declareTable('job_locks', 'retention', 'none', {
  name: ['string', 'not null', 'none'],
  holder: ['string', 'null', 'none'],
  host: ['string', 'null', 'none'],
  pid: ['integer', 'null', 'none'],
  acquired_at: ['bigint', 'null', 'none'],
  lease_until: ['bigint', 'null', 'none'],
  last_tick: ['bigint', 'null', 'none'],
}, { key: 'name' });

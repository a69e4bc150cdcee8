// Capture: request log data, devices, crash reports, usage events, anonymous page views, and the
// per-workspace capture settings. No foreign keys on user ids: these rows are purged by retention
// and erasure through the data map, and inserts stay cheap at high volume.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('request_logs', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).nullable();
    t.bigInteger('occurred_at').notNullable();
    t.string('method', 10).notNullable();
    t.string('route', 200).notNullable();
    t.integer('status').notNullable();
    t.float('duration_ms').notNullable();
    t.string('ip', 45).nullable();
    t.string('referrer', 500).nullable();
    t.string('user_agent', 512).nullable();
    t.string('accept_language', 100).nullable();
    t.boolean('dnt').nullable();
    t.boolean('gpc').nullable();
    t.string('user_id', 36).nullable();
    t.string('session_hash', 64).nullable();
    t.string('device_id', 36).nullable();
    t.string('request_id', 64).nullable();
    t.index(['occurred_at']);
    t.index(['user_id', 'occurred_at']);
  });

  await knex.schema.createTable('devices', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).nullable();
    t.string('user_id', 36).nullable();
    t.string('device_type', 20).nullable();
    t.string('os', 60).nullable();
    t.string('browser', 60).nullable();
    t.string('user_agent', 512).nullable();
    t.integer('screen_width').nullable();
    t.integer('screen_height').nullable();
    t.string('time_zone', 64).nullable();
    t.string('language', 35).nullable();
    t.bigInteger('first_seen_at').notNullable();
    t.bigInteger('last_seen_at').notNullable();
    t.index(['user_id']);
    t.index(['last_seen_at']);
  });

  await knex.schema.createTable('crash_reports', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).nullable();
    t.bigInteger('occurred_at').notNullable();
    t.string('source', 10).notNullable();
    t.string('name', 100).nullable();
    t.text('message').notNullable();
    t.text('stack').nullable();
    t.string('location', 600).nullable();
    t.string('route', 200).nullable();
    t.string('release', 50).nullable();
    t.string('request_id', 64).nullable();
    t.string('user_id', 36).nullable();
    t.string('device_id', 36).nullable();
    t.string('user_agent', 512).nullable();
    t.index(['occurred_at']);
  });

  await knex.schema.createTable('usage_events', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable();
    t.string('user_id', 36).nullable();
    t.string('area', 20).notNullable();
    t.string('event', 100).notNullable();
    t.bigInteger('occurred_at').notNullable();
    t.index(['workspace_id', 'occurred_at']);
    t.index(['user_id']);
  });

  await knex.schema.createTable('analytics_page_views', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).nullable();
    t.string('visitor_id', 36).notNullable();
    t.string('route', 200).notNullable();
    t.bigInteger('occurred_at').notNullable();
    t.index(['occurred_at']);
  });

  await knex.schema.createTable('capture_settings', (t) => {
    t.string('workspace_id', 36).primary().references('id').inTable('workspaces').onDelete('CASCADE');
    t.boolean('usage_enabled').notNullable().defaultTo(false);
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['capture_settings', 'analytics_page_views', 'usage_events', 'crash_reports', 'devices', 'request_logs']) {
    await knex.schema.dropTableIfExists(table);
  }
}

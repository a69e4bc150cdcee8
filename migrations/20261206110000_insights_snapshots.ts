// Insights (issue 25): the daily snapshot of behavioural aggregates by node (insights_figures) and
// when each workspace's snapshot was taken (insights_snapshots). One row per node, metric, period
// and dimension, so a snapshot rewrites a node's figures in place.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('insights_figures', (t) => {
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    // The node's subtree the figure is about ('' for the whole workspace); no foreign key: a figure outlives an archived node.
    t.string('node_id', 40).notNullable();
    t.string('metric', 40).notNullable();
    t.string('period', 10).notNullable(); // YYYY-MM-DD or YYYY-MM
    t.string('dimension', 100).notNullable().defaultTo('');
    t.double('value').nullable();
    t.integer('group_size').notNullable();
    t.bigInteger('period_start').notNullable();
    t.bigInteger('taken_at').notNullable();
    t.primary(['workspace_id', 'metric', 'node_id', 'period', 'dimension']);
    t.index(['period_start']);
    // A snapshot rewrites whole periods and then removes, period by period, what it did not rewrite.
    t.index(['workspace_id', 'period']);
  });

  await knex.schema.createTable('insights_snapshots', (t) => {
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('day', 10).notNullable();
    t.bigInteger('taken_at').notNullable();
    t.integer('rows').notNullable();
    t.integer('duration_ms').notNullable();
    t.primary(['workspace_id', 'day']);
    t.index(['taken_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('insights_snapshots');
  await knex.schema.dropTableIfExists('insights_figures');
}

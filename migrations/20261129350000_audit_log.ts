// Audit log: an append-only, hash-chained list of entries, the chain's head (also the lock row that
// serialises appends on both dialects), and the actors table that keeps identities apart from the
// chained records so a person can be erased without breaking the chain.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_actors', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).nullable();
    t.string('user_id', 36).nullable().unique();
    t.string('email', 320).nullable();
    t.string('display_name', 220).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('erased_at').nullable();
  });

  await knex.schema.createTable('audit_entries', (t) => {
    t.string('id', 36).primary();
    t.bigInteger('seq').notNullable().unique();
    t.string('workspace_id', 36).nullable();
    t.bigInteger('created_at').notNullable();
    t.string('action', 100).notNullable();
    t.string('actor_kind', 16).notNullable();
    t.string('actor_id', 36).nullable();
    t.string('target_type', 50).nullable();
    t.string('target_id', 100).nullable();
    t.text('details').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.index(['created_at']);
    t.index(['action']);
    t.index(['actor_id']);
  });

  // One row: the last entry of the chain, and where the chain starts once old entries were purged.
  await knex.schema.createTable('audit_chain', (t) => {
    t.string('id', 16).primary();
    t.bigInteger('first_seq').notNullable();
    t.string('anchor_hash', 64).notNullable();
    t.bigInteger('last_seq').notNullable();
    t.string('last_hash', 64).notNullable();
    t.bigInteger('updated_at').notNullable();
  });
  await knex('audit_chain').insert({ id: 'main', first_seq: 1, anchor_hash: '0'.repeat(64), last_seq: 0, last_hash: '0'.repeat(64), updated_at: Date.now() });

  // Erasure ledger: which subjects were erased and when; opaque ids only, re-applied after a restore.
  await knex.schema.createTable('erasure_ledger', (t) => {
    t.string('id', 36).primary();
    t.string('subject_type', 32).notNullable();
    t.string('subject_id', 36).notNullable();
    t.bigInteger('erased_at').notNullable();
    t.unique(['subject_type', 'subject_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['erasure_ledger', 'audit_chain', 'audit_entries', 'audit_actors']) await knex.schema.dropTableIfExists(table);
}

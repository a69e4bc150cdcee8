// Sign-in you can trust (issue 19): a SCIM token names the single sign-on provider it provisions for,
// SCIM users remember that provider (their first sign-in through it links by externalId/subject or
// email), and each identity link keeps the groups the provider sent at the last sign-in.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('scim_tokens', (t) => {
    t.string('provider', 32).nullable();
  });
  await knex.schema.alterTable('scim_users', (t) => {
    t.string('provider', 32).nullable();
    t.index(['provider', 'external_id']);
  });
  await knex.schema.alterTable('identity_links', (t) => {
    t.text('groups').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('identity_links', (t) => t.dropColumn('groups'));
  await knex.schema.alterTable('scim_users', (t) => {
    t.dropIndex(['provider', 'external_id']);
    t.dropColumn('provider');
  });
  await knex.schema.alterTable('scim_tokens', (t) => t.dropColumn('provider'));
}

// `opsenic scim token create|list|revoke`: the bearer tokens an identity provider uses for SCIM 2.0
// provisioning at /scim/v2. A token is printed once, at creation; only its hash is kept.
import { Command } from 'commander';
import { cliActor } from '../audit/audit.service.js';
import { publicScimToken } from './scim.tokens.js';
import { printJson, printTable } from '../../platform/cli-output.js';
import type { CliRuntime } from '../../component.js';
import type { ScimDeps } from './scim.deps.js';

export function scimCommand(cli: CliRuntime<ScimDeps>): Command {
  const scim = new Command('scim').description('SCIM 2.0 provisioning (users and groups from an identity provider) at /scim/v2.');
  const token = new Command('token').description('Bearer tokens for the identity provider (hashed at rest, shown once).');

  token
    .command('create')
    .description('Create a SCIM token and print it once; paste it in the identity provider\'s provisioning settings.')
    .requiredOption('--name <name>', 'what the token is for, e.g. "Entra ID provisioning"')
    .option('--provider <id>', 'the single sign-on provider (an id under oidc.providers) of the same identity provider: the users this token provisions are linked on their first sign-in through it')
    .option('--json', 'machine-readable output')
    .action(async (o: { name: string; provider?: string; json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const { token: secret, record } = await c.services.scimTokens.create(o.name, cliActor, o.provider ?? null);
        if (o.json) return printJson({ token: secret, record: publicScimToken(record) });
        process.stdout.write(`SCIM token "${record.name}", id ${record.id}. Base URL: ${c.publicUrl}/scim/v2\nCopy the token now, it is not shown again:\n${secret}\n`);
      });
    });

  token
    .command('list')
    .description('List SCIM tokens (never the tokens themselves).')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const list = (await c.services.scimTokens.list()).map(publicScimToken);
        if (o.json) return printJson(list);
        printTable(list.map((t) => ({ id: t.id, name: t.name, provider: t.provider ?? '', prefix: t.prefix, created: t.createdAt, lastUsed: t.lastUsedAt ?? 'never', state: t.active ? 'active' : 'revoked' })));
      });
    });

  token
    .command('revoke <id>')
    .description('Revoke a SCIM token at once.')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const revoked = publicScimToken(await c.services.scimTokens.revoke(id, cliActor));
        if (o.json) return printJson(revoked);
        process.stdout.write(`SCIM token "${revoked.name}" (${revoked.id}) is revoked.\n`);
      });
    });

  scim.addCommand(token);
  return scim;
}

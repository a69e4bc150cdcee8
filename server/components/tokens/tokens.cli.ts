// `opsenic tokens create|list|revoke`: personal access tokens for an account, through the same
// service as the browser page. The token is printed once, at creation.
import { Command } from 'commander';
import { z } from 'zod';
import { email as emailSchema } from '../accounts/accounts.schema.js';
import { createTokenInput } from './tokens.schema.js';
import { publicToken } from './tokens.service.js';
import { parseInput } from '../../platform/validation.js';
import { printJson, printTable } from '../../platform/cli-output.js';
import type { CliRuntime } from '../../component.js';
import type { TokensDeps } from './tokens.deps.js';

const owner = z.object({ email: emailSchema });

export function tokensCommand(cli: CliRuntime<TokensDeps>): Command {
  const tokens = new Command('tokens').description('Personal access tokens for the JSON API (hashed at rest; scoped read or write).');

  tokens
    .command('create')
    .description('Create a token for an account and print it once.')
    .requiredOption('--email <email>', 'the account the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scope <scope>', 'read or write', 'read')
    .option('--expires-in-days <days>', 'days until it stops working (1-366); default: never')
    .option('--json', 'machine-readable output')
    .action(async (o: { email: string; name: string; scope: string; expiresInDays?: string; json?: boolean }) => {
      const who = parseInput(owner, { email: o.email });
      const input = parseInput(createTokenInput, { name: o.name, scope: o.scope, expiresInDays: o.expiresInDays });
      await cli.withContainer(async (c) => {
        const user = await c.services.accounts.requireByEmail(who.email);
        const { token, record } = await c.services.tokens.create(user, input);
        if (o.json) return printJson({ token, record: publicToken(record) });
        process.stdout.write(`Token "${record.name}" (${record.scope}) for ${user.email}, id ${record.id}. Copy it now, it is not shown again:\n${token}\n`);
      });
    });

  tokens
    .command('list')
    .description("List an account's tokens (never the tokens themselves).")
    .requiredOption('--email <email>', 'whose tokens')
    .option('--json', 'machine-readable output')
    .action(async (o: { email: string; json?: boolean }) => {
      const who = parseInput(owner, { email: o.email });
      await cli.withContainer(async (c) => {
        const user = await c.services.accounts.requireByEmail(who.email);
        const list = (await c.services.tokens.list(user.id)).map(publicToken);
        if (o.json) return printJson(list);
        printTable(list.map((t) => ({ id: t.id, name: t.name, scope: t.scope, prefix: t.prefix, created: t.createdAt, expires: t.expiresAt ?? 'never', lastUsed: t.lastUsedAt ?? 'never', state: t.revokedAt ? 'revoked' : t.active ? 'active' : 'expired' })));
      });
    });

  tokens
    .command('revoke <id>')
    .description('Revoke a token at once.')
    .requiredOption('--email <email>', 'whose token')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { email: string; json?: boolean }) => {
      const who = parseInput(owner, { email: o.email });
      await cli.withContainer(async (c) => {
        const user = await c.services.accounts.requireByEmail(who.email);
        const token = publicToken(await c.services.tokens.revoke(user.id, id));
        if (o.json) return printJson(token);
        process.stdout.write(`Token "${token.name}" (${token.id}) is revoked.\n`);
      });
    });

  return tokens;
}

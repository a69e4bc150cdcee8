import { Command } from 'commander';
import { z } from 'zod';
import { publicUser } from './accounts.service.js';
import { email as emailSchema } from './accounts.schema.js';
import type { User } from './users.repository.js';
import { parseInput } from '../../platform/validation.js';
import { cliActor } from '../audit/audit.service.js';
import { CliError, printJson, printRecord, printTable, readStdin } from '../../platform/cli-output.js';
import { cliInitiator } from '../retention/retention.cli.js';
import type { CliRuntime } from '../../component.js';
import type { AccountsDeps } from './accounts.deps.js';

const createInput = z.object({
  email: emailSchema,
  firstName: z.string().trim().min(1, 'errors.required').max(100, 'errors.tooLong'),
  lastName: z.string().trim().min(1, 'errors.required').max(100, 'errors.tooLong'),
});

/** The CLI is run by an operator with admin rights: it sees what an admin sees. */
const operator = { id: '', role: 'admin' as const };

function show(user: User, json?: boolean): void {
  const view = publicUser(user, operator);
  if (json) return printJson(view);
  printRecord({ id: view.id, email: view.email, name: `${view.firstName} ${view.lastName}`, role: view.role, status: view.status, created: view.createdAt, lastSignIn: view.lastSignInAt ?? 'never' });
}

async function passwordFromStdin(flag: boolean | undefined): Promise<string> {
  if (!flag) throw new CliError('a password is required: pass --password-stdin and pipe it in (passwords are never accepted as arguments)');
  const password = await readStdin();
  if (!password) throw new CliError('standard input was empty: pipe the password in');
  return password;
}

export function usersCommand(cli: CliRuntime<AccountsDeps>): Command {
  const users = new Command('users').description('Create and manage user accounts.');

  users
    .command('create')
    .description('Create an account in the primary workspace (use --admin for the first admin).')
    .requiredOption('--email <email>', 'email address (unique, case-insensitively)')
    .requiredOption('--first-name <name>', 'first name')
    .requiredOption('--last-name <name>', 'last name')
    .option('--admin', 'make the account an admin')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'machine-readable output')
    .action(async (o: { email: string; firstName: string; lastName: string; admin?: boolean; passwordStdin?: boolean; json?: boolean }) => {
      const input = parseInput(createInput, o);
      const password = await passwordFromStdin(o.passwordStdin);
      await cli.withContainer(async (c) => show(await c.services.accounts.create({ ...input, password, role: o.admin ? 'admin' : 'member' }, undefined, cliActor), o.json));
    });

  users
    .command('list')
    .description('List every account.')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await cli.withContainer(async (c) => {
        const list = (await c.services.accounts.list()).map((user) => publicUser(user, operator));
        if (o.json) return printJson(list);
        printTable(list.map((u) => ({ email: u.email, name: `${u.firstName} ${u.lastName}`, role: u.role, status: u.status, lastSignIn: u.lastSignInAt ?? 'never' })));
      });
    });

  users
    .command('show <email>')
    .description('Show one account.')
    .option('--json', 'machine-readable output')
    .action(async (email: string, o: { json?: boolean }) => {
      await cli.withContainer(async (c) => show(await c.services.accounts.requireByEmail(email), o.json));
    });

  const simple = (name: string, description: string, run: (c: AccountsDeps, email: string) => Promise<User>) =>
    users
      .command(`${name} <email>`)
      .description(description)
      .option('--json', 'machine-readable output')
      .action(async (email: string, o: { json?: boolean }) => {
        await cli.withContainer(async (c) => show(await run(c, email), o.json));
      });

  simple('disable', 'Disable an account: sign-in stops and every session ends at once.', (c, e) => c.services.accounts.setStatus(e, 'disabled', cliActor));
  simple('enable', 'Enable a disabled account.', (c, e) => c.services.accounts.setStatus(e, 'active', cliActor));
  users
    .command('promote <email>')
    .description('Make an account an admin; with --role privacy, a privacy contact who handles data subject requests without being an admin.')
    .option('--role <role>', 'admin or privacy', 'admin')
    .option('--json', 'machine-readable output')
    .action(async (email: string, o: { role: string; json?: boolean }) => {
      if (o.role !== 'admin' && o.role !== 'privacy') throw new CliError(`--role must be admin or privacy, not "${o.role}"`);
      const role = o.role;
      await cli.withContainer(async (c) => show(await c.services.accounts.setRole(email, role, cliActor), o.json));
    });
  simple('demote', 'Make an admin or a privacy contact a member again (the last admin cannot be demoted).', (c, e) => c.services.accounts.setRole(e, 'member', cliActor));

  users
    .command('delete <email>')
    .description('Delete an account: sign-in stops, sessions end and tokens are revoked at once; the retention purge removes the personal data after the grace period.')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'machine-readable output')
    .action(async (email: string, o: { yes?: boolean; json?: boolean }) => {
      const input = parseInput(z.object({ email: emailSchema }), { email });
      await cli.withContainer(async (c) => {
        const user = await c.services.accounts.requireByEmail(input.email);
        if (!o.yes) {
          if (!process.stdin.isTTY) throw new CliError('deleting an account cannot be undone after the grace period: pass --yes (there is no terminal to ask on)');
          const rl = (await import('node:readline/promises')).createInterface({ input: process.stdin, output: process.stderr });
          const answer = await rl.question(`Delete the account of ${user.email}? Sign-in stops at once. [y/N] `);
          rl.close();
          if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('nothing was changed');
        }
        const { user: deleted, purgeAfter } = await c.services.accountDeletion.deleteByAdmin(user, cliInitiator());
        if (o.json) return printJson({ ...publicUser(deleted, operator), purgeAfter: purgeAfter === null ? null : new Date(purgeAfter).toISOString() });
        show(deleted);
        process.stdout.write(`Personal data is purged after ${purgeAfter === null ? 'never (kept forever)' : new Date(purgeAfter).toISOString()} unless a legal hold applies.\n`);
      });
    });

  users
    .command('set-password <email>')
    .description("Set an account's password (read from standard input); ends its sessions.")
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'machine-readable output')
    .action(async (email: string, o: { passwordStdin?: boolean; json?: boolean }) => {
      const password = await passwordFromStdin(o.passwordStdin);
      await cli.withContainer(async (c) => show(await c.services.accounts.setPassword(email, password, cliActor), o.json));
    });

  users
    .command('reset-link <email>')
    .description('Print a single-use password reset link for an account (for installs without SMTP: it is never written to the log). Earlier links of the account stop working.')
    .option('--json', 'machine-readable output')
    .action(async (email: string, o: { json?: boolean }) => {
      const input = parseInput(z.object({ email: emailSchema }), { email });
      await cli.withContainer(async (c) => {
        const { link, expiresAt, user } = await c.services.accounts.createResetLink(input.email, cliActor);
        if (o.json) return printJson({ email: user.email, expiresAt: new Date(expiresAt).toISOString(), link });
        process.stdout.write(`Password reset link for ${user.email}, valid once until ${new Date(expiresAt).toISOString()}:\n${link}\n`);
      });
    });

  users
    .command('invite <email>')
    .description('Invite someone by email; prints the single-use sign-up link (also emailed when SMTP is set).')
    .option('--admin', 'the invited account becomes an admin')
    .option('--json', 'machine-readable output')
    .action(async (email: string, o: { admin?: boolean; json?: boolean }) => {
      const input = parseInput(z.object({ email: emailSchema }), { email });
      await cli.withContainer(async (c) => {
        const { invitation, link } = await c.services.accounts.invite(null, input.email, o.admin ? 'admin' : 'member', cliActor);
        if (o.json) return printJson({ id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: new Date(invitation.expiresAt).toISOString(), link });
        process.stdout.write(`Invitation for ${invitation.email} (${invitation.role}), valid until ${new Date(invitation.expiresAt).toISOString()}:\n${link}\n`);
      });
    });

  return users;
}

// What must exist once the schema is current: the primary workspace and, while no admin exists,
// a one-time setup token printed in the log. Idempotent; runs at start and again from /readyz when
// the schema becomes current later (PostgreSQL migrated by a separate Job).
import type { Logger } from './platform/logger.js';
import type { AccountsService } from './components/accounts/accounts.service.js';
import type { FirstAdminSetup } from './components/accounts/first-admin.js';
import type { OrgService } from './components/org/org.service.js';
import type { WorkspacesService } from './components/workspaces/workspaces.service.js';

/** What the bootstrap uses of the container (the health component's probe runs it too). */
export interface BootstrapDeps {
  logger: Logger;
  publicUrl: string;
  services: { workspaces: WorkspacesService; org: OrgService; accounts: AccountsService; firstAdmin: FirstAdminSetup };
}

let done = new WeakSet<BootstrapDeps>();

export async function bootstrap(c: BootstrapDeps): Promise<void> {
  if (done.has(c)) return;
  const primary = await c.services.workspaces.ensurePrimary();
  await c.services.org.ensureDefaults(primary.id);
  if (!(await c.services.accounts.hasAdmin()) && !c.services.firstAdmin.isOpen()) {
    const token = c.services.firstAdmin.issue();
    c.logger.warn(
      { setupUrl: `${c.publicUrl}/setup?token=${token}` },
      `No admin exists yet. Create the first one at ${c.publicUrl}/setup?token=${token} (one-time link) or run: opsenic users create --admin --email you@example.com --first-name Ada --last-name Lovelace --password-stdin`,
    );
  }
  done.add(c);
}

/** For tests that reuse a process across containers. */
export function resetBootstrap(): void {
  done = new WeakSet();
}

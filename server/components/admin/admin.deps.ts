// What the admin pages (/admin, /admin/users) use of the container.
import type { UsersRepository } from '../accounts/users.repository.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { IdentityService } from '../identity/identity.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';

export interface AdminDeps {
  repositories: { users: UsersRepository };
  services: { accounts: AccountsService; workspaces: WorkspacesService; identity: IdentityService; audit: AuditService };
}

// Groups mapped to roles and org node memberships (oidc.groupMappings), one rule for single sign-on
// (the groups claim at each sign-in) and SCIM (group membership changes). The mapping grants, and
// takes back what it granted when a person leaves the group: the groups before the change are
// compared with the groups after it, so a role an admin set by hand is never touched.
import type { Knex } from 'knex';
import { ConflictError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import { systemActor, type Actor } from '../audit/audit.service.js';
import type { Role, User } from '../accounts/users.repository.js';
import type { OrgRepository } from '../org/org.repository.js';
import type { OidcConfig } from './identity.config.js';

const RANK: Record<Role, number> = { member: 0, privacy: 1, admin: 2 };

/** What the person's groups grant: the highest mapped role, and the mapped node references. */
export interface Grant {
  role: Role | null;
  nodes: string[];
}

/** The narrow part of the accounts service this needs (role changes keep the last-admin guard and are audited). */
export interface RoleSetter {
  setRole(email: string, role: Role, actor?: Actor): Promise<User>;
}

export class GroupMapper {
  constructor(
    private readonly mappings: OidcConfig['groupMappings'],
    private readonly org: OrgRepository,
    private readonly roles: RoleSetter,
    private readonly knex: Knex,
  ) {}

  get enabled(): boolean {
    return this.mappings.length > 0;
  }

  grantOf(groups: string[]): Grant {
    const names = new Set(groups.map((g) => g.toLowerCase()));
    let role: Role | null = null;
    const nodes = new Set<string>();
    for (const m of this.mappings) {
      if (!names.has(m.group.toLowerCase())) continue;
      if (m.role && (!role || RANK[m.role] > RANK[role])) role = m.role;
      for (const n of m.nodes) nodes.add(n);
    }
    return { role, nodes: [...nodes] };
  }

  /** Applies the change from `before` to `after` groups to the person's role and memberships. */
  async apply(user: User, before: string[], after: string[], actor: Actor = systemActor): Promise<void> {
    if (!this.enabled) return;
    const was = this.grantOf(before);
    const now_ = this.grantOf(after);
    const target = this.roleAfter(user.role, was.role, now_.role);
    if (target && target !== user.role) {
      try {
        await this.roles.setRole(user.email, target, actor);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error; // the last admin stays admin
      }
    }
    const [wanted, dropped] = await Promise.all([
      this.org.findLiveNodesByIdOrName(user.workspaceId, now_.nodes),
      this.org.findLiveNodesByIdOrName(user.workspaceId, was.nodes.filter((n) => !now_.nodes.includes(n))),
    ]);
    const wantedIds = new Set(wanted.map((n) => n.id));
    await this.knex.transaction(async (trx) => {
      for (const node of wanted) await this.org.addMembershipIfMissing({ id: newId(), workspaceId: user.workspaceId, nodeId: node.id, userId: user.id, createdAt: now() }, trx);
      for (const node of dropped) if (!wantedIds.has(node.id)) await this.org.removeMembership(user.workspaceId, node.id, user.id, trx);
    });
  }

  /** The mapped role wins unless the person holds a higher role the mapping did not grant; a role the mapping granted goes when its group goes. */
  private roleAfter(current: Role, granted: Role | null, grants: Role | null): Role | null {
    if (grants) return RANK[current] > RANK[grants] && current !== granted ? null : grants;
    return granted && current === granted ? 'member' : null;
  }
}

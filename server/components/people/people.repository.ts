// People pages: the directory and a person's node memberships (read from the org component's
// tables; every node is visible to the whole workspace).
import type { Knex } from 'knex';
import { photoVersionColumn } from '../accounts/photo.repository.js';

export interface Membership {
  nodeId: string;
  nodeName: string;
  entityId: string;
  entityName: string | null;
  entityKey: string | null;
  role: 'lead' | 'member';
}

export interface PersonSummary {
  id: string;
  firstName: string;
  lastName: string;
  title: string | null;
  /** The work email (what forms and @mentions name a person by). */
  email: string;
  /** One team the person is in (a lead's team first), for telling namesakes apart in the picker. */
  team: string | null;
  /** The version of the person's profile photo (null: initials). */
  photo: string | null;
}

type Row = Record<string, any>;

export class PeopleRepository {
  constructor(private readonly knex: Knex) {}

  async memberships(workspaceId: string, personId: string): Promise<Membership[]> {
    const rows: Row[] = await this.knex('org_memberships as m')
      .join('org_nodes as n', 'n.id', 'm.node_id')
      .join('org_entities as e', 'e.id', 'n.entity_id')
      .where({ 'm.user_id': personId, 'm.workspace_id': workspaceId })
      .whereNull('n.archived_at')
      .select('n.id as node_id', 'n.name as node_name', 'e.id as entity_id', 'e.name as entity_name', 'e.system_key', 'm.role')
      .orderBy([{ column: 'e.position' }, { column: 'n.name' }]);
    return rows.map((r) => ({ nodeId: r.node_id, nodeName: r.node_name, entityId: r.entity_id, entityName: r.entity_name ?? null, entityKey: r.system_key ?? null, role: r.role }));
  }

  /** Active people of the workspace, by name, a page at a time; `q` narrows by name or email prefix. */
  async directory(workspaceId: string, options: { q?: string; offset: number; limit: number }): Promise<{ people: PersonSummary[]; total: number }> {
    const base = this.knex('users').where({ workspace_id: workspaceId, status: 'active' });
    if (options.q) {
      const like = `${options.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      base.andWhere((w) =>
        w.whereRaw("lower(first_name) like ? escape '\\'", [like]).orWhereRaw("lower(last_name) like ? escape '\\'", [like]).orWhereRaw("lower(first_name || ' ' || last_name) like ? escape '\\'", [like]).orWhereRaw("email_lower like ? escape '\\'", [like]),
      );
    }
    const total = Number((await base.clone().count<{ n: number }[]>({ n: '*' }).first())?.n ?? 0);
    const team = this.knex('org_memberships as m')
      .join('org_nodes as n', 'n.id', 'm.node_id')
      .whereRaw('m.user_id = users.id')
      .whereNull('n.archived_at')
      .orderBy([{ column: 'm.role' }, { column: 'n.name' }])
      .limit(1)
      .select('n.name');
    const rows: Row[] = await base
      .clone()
      .select('id', 'first_name', 'last_name', 'title', 'email', team.as('team'), photoVersionColumn(this.knex, 'users.id'))
      .orderBy([{ column: 'last_name' }, { column: 'first_name' }, { column: 'id' }])
      .offset(options.offset)
      .limit(options.limit);
    return { people: rows.map((r) => ({ id: r.id, firstName: r.first_name, lastName: r.last_name, title: r.title ?? null, email: r.email, team: r.team ?? null, photo: r.photo_etag ?? null })), total };
  }
}

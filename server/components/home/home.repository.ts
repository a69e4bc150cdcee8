// What Home reads of the reader's own day: their teams, their 1:1s and open action items. Only rows
// of the reader themselves (their memberships, the pairs they are in), so no policy filter is needed;
// sections, feedback and notifications are read through their own services (which apply the policy).
import type { Knex } from 'knex';
import { ReadTemplate } from '../../db/read-template.js';
import { photoVersionColumn } from '../accounts/photo.repository.js';

export interface MyTeam {
  nodeId: string;
  name: string;
  role: 'lead' | 'member';
  memberCount: number;
}

export interface MyOneOnOne {
  id: string;
  other: { id: string; firstName: string; lastName: string };
  /** The next meeting day (UTC midnight, epoch ms) from today on, else null. */
  nextOn: number | null;
  lastOn: number | null;
}

export interface MyActionItem {
  id: string;
  body: string;
  pairId: string;
  meetingId: string;
  heldOn: number;
  other: { id: string; firstName: string; lastName: string };
}

type Row = Record<string, any>;

// Home's reads run on every visit: built once as read templates (db/read-template.ts).
const myTeams = new ReadTemplate<{ workspaceId: string; userId: string }, { limit: number }>('home.teams', (knex, v, { limit }) =>
  knex('org_memberships as m')
    .join('org_nodes as n', 'n.id', 'm.node_id')
    .where({ 'm.user_id': v.userId, 'm.workspace_id': v.workspaceId })
    .whereNull('n.archived_at')
    .select('n.id', 'n.name', 'm.role', 'n.member_count')
    .orderBy([{ column: 'm.role' }, { column: 'n.name' }])
    .limit(limit),
);

/** Joins the other person of a pair `o` the reader is in, as `u`. */
function otherOfPair(userId: string) {
  return function (this: Knex.JoinClause) {
    this.on(function () {
      this.on('u.id', '=', 'o.person_a_id').andOnVal('o.person_b_id', '=', userId);
    }).orOn(function () {
      this.on('u.id', '=', 'o.person_b_id').andOnVal('o.person_a_id', '=', userId);
    });
  };
}

const myOneOnOnes = new ReadTemplate<{ workspaceId: string; userId: string; today: number }>('home.oneOnOnes', (knex, v) => {
  const next = knex('one_on_one_meetings as mt').whereRaw('mt.one_on_one_id = o.id').andWhere('mt.held_on', '>=', v.today).min('mt.held_on');
  const last = knex('one_on_one_meetings as mt').whereRaw('mt.one_on_one_id = o.id').andWhere('mt.held_on', '<', v.today).max('mt.held_on');
  return knex('one_on_ones as o')
    .join('users as u', otherOfPair(v.userId))
    .where('o.workspace_id', v.workspaceId)
    .select('o.id', 'u.id as other_id', 'u.first_name', 'u.last_name', next.as('next_on'), last.as('last_on'), photoVersionColumn(knex, 'u.id'));
});

const myOpenActionItems = new ReadTemplate<{ workspaceId: string; userId: string }, { limit: number }>('home.openActionItems', (knex, v, { limit }) =>
  knex('one_on_one_items as i')
    .join('one_on_one_meetings as mt', 'mt.id', 'i.meeting_id')
    .join('one_on_ones as o', 'o.id', 'mt.one_on_one_id')
    .join('users as u', otherOfPair(v.userId))
    .where({ 'i.workspace_id': v.workspaceId, 'i.kind': 'action_item', 'i.done': false })
    .andWhere((w) => w.where('i.owner_id', v.userId).orWhereNull('i.owner_id'))
    .select('i.id', 'i.body', 'o.id as pair_id', 'mt.id as meeting_id', 'mt.held_on', 'u.id as other_id', 'u.first_name', 'u.last_name')
    .orderBy([{ column: 'mt.held_on', order: 'desc' }, { column: 'i.position' }])
    .limit(limit),
);

export class HomeRepository {
  constructor(private readonly knex: Knex) {}

  async teams(workspaceId: string, userId: string, limit = 8): Promise<MyTeam[]> {
    const rows = await myTeams.rows(this.knex, { workspaceId, userId }, { limit });
    return rows.map((r) => ({ nodeId: r.id, name: r.name, role: r.role, memberCount: Number(r.member_count ?? 0) }));
  }

  /** The reader's 1:1 pairs: planned ones first (soonest first), then the most recently held. */
  async oneOnOnes(workspaceId: string, userId: string, today: number, limit = 5): Promise<MyOneOnOne[]> {
    const rows = await myOneOnOnes.rows(this.knex, { workspaceId, userId, today });
    return rows
      .map((r) => ({ id: r.id, other: { id: r.other_id, firstName: r.first_name, lastName: r.last_name, photo: r.photo_etag ?? null }, nextOn: r.next_on === null ? null : Number(r.next_on), lastOn: r.last_on === null ? null : Number(r.last_on) }))
      .sort((a, b) => (a.nextOn ?? Infinity) - (b.nextOn ?? Infinity) || (b.lastOn ?? 0) - (a.lastOn ?? 0))
      .slice(0, limit);
  }

  /** Action items not done in the reader's 1:1s that are theirs or nobody's. */
  async openActionItems(workspaceId: string, userId: string, limit = 8): Promise<MyActionItem[]> {
    const rows = await myOpenActionItems.rows(this.knex, { workspaceId, userId }, { limit });
    return rows.map((r) => ({ id: r.id, body: r.body, pairId: r.pair_id, meetingId: r.meeting_id, heldOn: Number(r.held_on), other: { id: r.other_id, firstName: r.first_name, lastName: r.last_name } }));
  }
}

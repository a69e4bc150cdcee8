// 1:1s: every read is scoped to a participant in the query itself, and private notes are only
// ever read with `author_id = the reader` — there is no method that reads another person's note.
import type { Knex } from 'knex';
import { photoVersionColumn } from '../accounts/photo.repository.js';

export interface OneOnOne {
  id: string;
  workspaceId: string;
  personAId: string;
  personBId: string;
  createdAt: number;
}

/** A 1:1 on the reader's list: who it is with, when they last met and when they meet next. */
export interface PairListEntry extends OneOnOne {
  partner: { id: string; firstName: string; lastName: string; title: string | null; photo: string | null };
  lastHeldOn: number | null;
  nextOn: number | null;
}

export interface Meeting {
  id: string;
  oneOnOneId: string;
  heldOn: number;
  sharedNotes: string;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export type ItemKind = 'talking_point' | 'action_item';

export interface Item {
  id: string;
  meetingId: string;
  kind: ItemKind;
  body: string;
  ownerId: string | null;
  done: boolean;
  carriedFromId: string | null;
  authorId: string | null;
  position: number;
  createdAt: number;
  updatedAt: number;
  doneAt: number | null;
}

export interface PrivateNote {
  meetingId: string;
  body: string;
  updatedAt: number;
}

type Row = Record<string, any>;
type Db = Knex | Knex.Transaction;

const pairFromRow = (r: Row): OneOnOne => ({ id: r.id, workspaceId: r.workspace_id, personAId: r.person_a_id, personBId: r.person_b_id, createdAt: Number(r.created_at) });
const meetingFromRow = (r: Row): Meeting => ({
  id: r.id,
  oneOnOneId: r.one_on_one_id,
  heldOn: Number(r.held_on),
  sharedNotes: r.shared_notes,
  createdBy: r.created_by ?? null,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
const itemFromRow = (r: Row): Item => ({
  id: r.id,
  meetingId: r.meeting_id,
  kind: r.kind,
  body: r.body,
  ownerId: r.owner_id ?? null,
  done: Boolean(r.done),
  carriedFromId: r.carried_from_id ?? null,
  authorId: r.author_id ?? null,
  position: Number(r.position),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  doneAt: r.done_at == null ? null : Number(r.done_at),
});

/** Planned days first, earliest first; a pair with none planned after every planned one. */
const soonestFirst = (a: number | null, b: number | null): number => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b);

export class OneOnOnesRepository {
  constructor(private readonly knex: Knex) {}

  /** The pair, only when `participantId` is one of its two people (and in that workspace). */
  async findForParticipant(workspaceId: string, id: string, participantId: string, db: Db = this.knex): Promise<OneOnOne | undefined> {
    const row = await db('one_on_ones')
      .where({ id, workspace_id: workspaceId })
      .andWhere((q) => q.where('person_a_id', participantId).orWhere('person_b_id', participantId))
      .first();
    return row ? pairFromRow(row) : undefined;
  }

  async findPair(workspaceId: string, a: string, b: string, db: Db = this.knex): Promise<OneOnOne | undefined> {
    const [first, second] = [a, b].sort();
    const row = await db('one_on_ones').where({ workspace_id: workspaceId, person_a_id: first, person_b_id: second }).first();
    return row ? pairFromRow(row) : undefined;
  }

  async insertPair(pair: OneOnOne & { createdBy: string }, db: Db = this.knex): Promise<void> {
    await db('one_on_ones').insert({ id: pair.id, workspace_id: pair.workspaceId, person_a_id: pair.personAId, person_b_id: pair.personBId, created_by: pair.createdBy, created_at: pair.createdAt });
  }

  /**
   * The reader's 1:1s with the other person (name, title, photo), the latest meeting before `today`
   * and the next one from `today` on (a meeting can be planned ahead), `today` as the reader's
   * calendar shows it (UTC midnight, epoch ms, as meetings are stored).
   */
  async listForParticipant(workspaceId: string, participantId: string, today: number): Promise<PairListEntry[]> {
    const rows = await this.knex('one_on_ones as o')
      .joinRaw('join users as u on u.id = case when o.person_a_id = ? then o.person_b_id else o.person_a_id end', [participantId])
      .andWhere((q) => q.where('o.person_a_id', participantId).orWhere('o.person_b_id', participantId))
      .where('o.workspace_id', workspaceId)
      .select('o.*', 'u.id as partner_id', 'u.first_name', 'u.last_name', 'u.title as partner_title', photoVersionColumn(this.knex, 'u.id'))
      .select(this.knex.raw('(select max(m.held_on) from one_on_one_meetings m where m.one_on_one_id = o.id and m.held_on < ?) as last_held_on', [today]))
      .select(this.knex.raw('(select min(m.held_on) from one_on_one_meetings m where m.one_on_one_id = o.id and m.held_on >= ?) as next_on', [today]))
      .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }]);
    const day = (v: unknown) => (v == null ? null : Number(v));
    const pairs = rows.map((r: Row) => ({
      ...pairFromRow(r),
      partner: { id: r.partner_id, firstName: r.first_name, lastName: r.last_name, title: r.partner_title ?? null, photo: r.photo_etag ?? null },
      lastHeldOn: day(r.last_held_on),
      nextOn: day(r.next_on),
    }));
    // The order the reader works in: the soonest next meeting first, then the pairs with none planned,
    // the most recently met first (the one to plan next is where the list ends); the name breaks ties.
    return pairs.sort((a, b) => soonestFirst(a.nextOn, b.nextOn) || (b.lastHeldOn ?? -Infinity) - (a.lastHeldOn ?? -Infinity) || 0);
  }

  async listMeetings(oneOnOneId: string): Promise<Meeting[]> {
    const rows = await this.knex('one_on_one_meetings').where({ one_on_one_id: oneOnOneId }).orderBy([{ column: 'held_on', order: 'desc' }, { column: 'created_at', order: 'desc' }]);
    return rows.map(meetingFromRow);
  }

  async findMeeting(oneOnOneId: string, meetingId: string, db: Db = this.knex): Promise<Meeting | undefined> {
    const row = await db('one_on_one_meetings').where({ id: meetingId, one_on_one_id: oneOnOneId }).first();
    return row ? meetingFromRow(row) : undefined;
  }

  /** The latest meeting held before (or on) a day, other than `exceptId`. */
  async previousMeeting(oneOnOneId: string, heldOn: number, db: Db = this.knex): Promise<Meeting | undefined> {
    const row = await db('one_on_one_meetings')
      .where({ one_on_one_id: oneOnOneId })
      .andWhere('held_on', '<=', heldOn)
      .orderBy([{ column: 'held_on', order: 'desc' }, { column: 'created_at', order: 'desc' }])
      .first();
    return row ? meetingFromRow(row) : undefined;
  }

  async insertMeeting(m: Meeting & { workspaceId: string }, db: Db = this.knex): Promise<void> {
    await db('one_on_one_meetings').insert({ id: m.id, workspace_id: m.workspaceId, one_on_one_id: m.oneOnOneId, held_on: m.heldOn, shared_notes: m.sharedNotes, created_by: m.createdBy, created_at: m.createdAt, updated_at: m.updatedAt });
  }

  async updateSharedNotes(meetingId: string, sharedNotes: string, at: number, db: Db = this.knex): Promise<void> {
    await db('one_on_one_meetings').where({ id: meetingId }).update({ shared_notes: sharedNotes, updated_at: at });
  }

  async listItems(meetingId: string, db: Db = this.knex): Promise<Item[]> {
    const rows = await db('one_on_one_items').where({ meeting_id: meetingId }).orderBy([{ column: 'kind', order: 'desc' }, { column: 'position' }, { column: 'created_at' }]);
    return rows.map(itemFromRow);
  }

  /** Action items not done yet, across every meeting of the 1:1. */
  async openActionItems(oneOnOneId: string): Promise<Array<Item & { heldOn: number }>> {
    const rows = await this.knex('one_on_one_items as i')
      .join('one_on_one_meetings as m', 'm.id', 'i.meeting_id')
      .where({ 'm.one_on_one_id': oneOnOneId, 'i.kind': 'action_item', 'i.done': false })
      .select('i.*', 'm.held_on')
      .orderBy([{ column: 'm.held_on', order: 'desc' }, { column: 'i.position' }]);
    return rows.map((r: Row) => ({ ...itemFromRow(r), heldOn: Number(r.held_on) }));
  }

  async findItem(meetingId: string, itemId: string, db: Db = this.knex): Promise<Item | undefined> {
    const row = await db('one_on_one_items').where({ id: itemId, meeting_id: meetingId }).first();
    return row ? itemFromRow(row) : undefined;
  }

  async nextPosition(meetingId: string, db: Db = this.knex): Promise<number> {
    const row = await db('one_on_one_items').where({ meeting_id: meetingId }).max<{ p: number | null }[]>({ p: 'position' }).first();
    return Number(row?.p ?? -1) + 1;
  }

  async insertItem(item: Item & { workspaceId: string }, db: Db = this.knex): Promise<void> {
    await db('one_on_one_items').insert({
      id: item.id,
      workspace_id: item.workspaceId,
      meeting_id: item.meetingId,
      kind: item.kind,
      body: item.body,
      owner_id: item.ownerId,
      done: item.done,
      carried_from_id: item.carriedFromId,
      author_id: item.authorId,
      position: item.position,
      created_at: item.createdAt,
      updated_at: item.updatedAt,
      done_at: item.doneAt,
    });
  }

  async updateItem(itemId: string, changes: { body?: string; done?: boolean; ownerId?: string | null }, at: number, db: Db = this.knex): Promise<void> {
    const row: Row = { updated_at: at };
    if (changes.body !== undefined) row.body = changes.body;
    if (changes.ownerId !== undefined) row.owner_id = changes.ownerId;
    if (changes.done !== undefined) {
      row.done = changes.done;
      row.done_at = changes.done ? at : null;
    }
    await db('one_on_one_items').where({ id: itemId }).update(row);
  }

  async deleteItem(itemId: string): Promise<void> {
    await this.knex('one_on_one_items').where({ id: itemId }).delete();
  }

  /** The reader's own private note on a meeting; never anyone else's. */
  async findOwnPrivateNote(meetingId: string, authorId: string): Promise<PrivateNote | undefined> {
    const row = await this.knex('one_on_one_private_notes').where({ meeting_id: meetingId, author_id: authorId }).first();
    return row ? { meetingId: row.meeting_id, body: row.body, updatedAt: Number(row.updated_at) } : undefined;
  }

  async saveOwnPrivateNote(note: { id: string; workspaceId: string; meetingId: string; authorId: string; body: string; at: number }): Promise<void> {
    await this.knex('one_on_one_private_notes')
      .insert({ id: note.id, workspace_id: note.workspaceId, meeting_id: note.meetingId, author_id: note.authorId, body: note.body, created_at: note.at, updated_at: note.at })
      .onConflict(['meeting_id', 'author_id'])
      .merge({ body: note.body, updated_at: note.at });
  }
}


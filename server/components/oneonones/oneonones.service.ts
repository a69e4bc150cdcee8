// 1:1 notes between two people. Both participants read and edit the shared agenda (talking points,
// action items, shared notes); each one's private notes are readable by their author only — not the
// other participant, not admins, not search, notifications or counts. Anyone else gets a 404, so
// nothing tells whether two people hold 1:1s. What one participant adds to the shared agenda, or an
// action item they give the other, notifies the other (and emails them as they chose) in the same
// transaction; private notes never notify.
import type { Knex } from 'knex';
import type { MentionNotifier } from '../notifications/mentions.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import { authorize, type Actor } from '../policy/policy.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { ItemChangeInput, NewItemInput } from './oneonones.schema.js';
import type { Item, Meeting, OneOnOne, OneOnOnesRepository } from './oneonones.repository.js';

export interface PairView extends OneOnOne {
  partner: { id: string; firstName: string; lastName: string; title: string | null; photo: string | null };
}

export class OneOnOnesService {
  constructor(
    private readonly knex: Knex,
    private readonly repo: OneOnOnesRepository,
    private readonly users: UsersRepository,
    private readonly notifications: NotificationsService,
    private readonly mentions?: MentionNotifier,
  ) {}

  /** People newly @mentioned in the meeting's shared notes or items (only the two participants can read them). */
  private notifyMentions(trx: Knex.Transaction, actor: Actor, meetingId: string, before: string | null, after: string | undefined) {
    return this.mentions?.notify(trx, { workspaceId: actor.workspaceId, actorId: actor.id, before, after, subject: { meeting: meetingId } });
  }

  /** The other participant hears of an item: an action item given to them, or anything added to the agenda. */
  private async notifyPartner(trx: Knex.Transaction, actor: Actor, pair: PairView, item: Pick<Item, 'id' | 'kind' | 'ownerId'>, only: 'any' | 'assigned'): Promise<void> {
    const assigned = item.kind === 'action_item' && item.ownerId === pair.partner.id;
    if (only === 'assigned' && !assigned) return;
    await this.notifications.record(trx, { workspaceId: pair.workspaceId, kind: assigned ? 'oneonone_action' : 'oneonone_item', actorId: actor.id, recipients: [pair.partner.id], oneOnOneItemId: item.id });
  }

  /** The actor's 1:1s; `today` (the reader's, UTC midnight) splits the last meeting from the next. */
  list(actor: Actor, today: number) {
    return this.repo.listForParticipant(actor.workspaceId, actor.id, today);
  }

  /** Starts (or finds) the 1:1 between the actor and a colleague of the same workspace. */
  /** A 1:1 with the colleague of this work email (the people picker's value); errors name the `person` field. */
  async startWith(actor: Actor, email: string): Promise<OneOnOne> {
    const partner = await this.users.findByEmail(email);
    if (!partner || partner.workspaceId !== actor.workspaceId) throw new ValidationError({ person: 'oneonones.errors.person' });
    try {
      return await this.start(actor, partner.id);
    } catch (error) {
      if (error instanceof ValidationError && error.fields?.personId) throw new ValidationError({ person: error.fields.personId });
      throw error;
    }
  }

  async start(actor: Actor, personId: string): Promise<OneOnOne> {
    const partner = await this.users.findInWorkspace(actor.workspaceId, personId);
    if (!partner || partner.status !== 'active') throw new ValidationError({ personId: 'oneonones.errors.person' });
    if (partner.id === actor.id) throw new ValidationError({ personId: 'oneonones.errors.self' });
    const [a, b] = [actor.id, partner.id].sort() as [string, string];
    authorize(actor, 'write', { kind: 'oneOnOne', workspaceId: actor.workspaceId, participantIds: [a, b] });
    const existing = await this.repo.findPair(actor.workspaceId, a, b);
    if (existing) return existing;
    const pair: OneOnOne = { id: newId(), workspaceId: actor.workspaceId, personAId: a, personBId: b, createdAt: now() };
    try {
      await this.repo.insertPair({ ...pair, createdBy: actor.id });
    } catch (error) {
      const raced = await this.repo.findPair(actor.workspaceId, a, b);
      if (raced) return raced;
      throw error;
    }
    return pair;
  }

  /** The pair with the other person, for a participant; a 404 for anyone else. */
  async get(actor: Actor, id: string, action: 'read' | 'write' = 'read'): Promise<PairView> {
    const pair = await this.repo.findForParticipant(actor.workspaceId, id, actor.id);
    if (!pair) throw new NotFoundError();
    authorize(actor, action, { kind: 'oneOnOne', workspaceId: pair.workspaceId, participantIds: [pair.personAId, pair.personBId] });
    const partnerId = pair.personAId === actor.id ? pair.personBId : pair.personAId;
    const partner = (await this.users.findById(partnerId))!;
    return { ...pair, partner: { id: partner.id, firstName: partner.firstName, lastName: partner.lastName, title: partner.title, photo: partner.photo ?? null } };
  }

  async overview(actor: Actor, id: string) {
    const pair = await this.get(actor, id);
    return { pair, meetings: await this.repo.listMeetings(pair.id), openActionItems: await this.repo.openActionItems(pair.id) };
  }

  /**
   * Adds a meeting; the talking points of the previous meeting that are not done carry over to it
   * (each copy remembers the point it came from).
   */
  async addMeeting(actor: Actor, id: string, heldOn: string): Promise<Meeting> {
    const pair = await this.get(actor, id, 'write');
    const at = now();
    const meeting: Meeting = { id: newId(), oneOnOneId: pair.id, heldOn: Date.parse(`${heldOn}T00:00:00Z`), sharedNotes: '', createdBy: actor.id, createdAt: at, updatedAt: at };
    await this.knex.transaction(async (trx) => {
      const previous = await this.repo.previousMeeting(pair.id, meeting.heldOn, trx);
      await this.repo.insertMeeting({ ...meeting, workspaceId: pair.workspaceId }, trx);
      if (!previous) return;
      const open = (await this.repo.listItems(previous.id, trx)).filter((i) => i.kind === 'talking_point' && !i.done);
      let position = 0;
      for (const item of open) {
        await this.repo.insertItem(
          { ...item, id: newId(), workspaceId: pair.workspaceId, meetingId: meeting.id, carriedFromId: item.id, position: position++, createdAt: at, updatedAt: at, doneAt: null },
          trx,
        );
      }
    });
    return meeting;
  }

  private async meetingOf(actor: Actor, id: string, meetingId: string, action: 'read' | 'write') {
    const pair = await this.get(actor, id, action);
    const meeting = await this.repo.findMeeting(pair.id, meetingId);
    if (!meeting) throw new NotFoundError();
    return { pair, meeting };
  }

  /** A meeting with its shared agenda and the actor's own private note (only ever their own). */
  async meeting(actor: Actor, id: string, meetingId: string) {
    const { pair, meeting } = await this.meetingOf(actor, id, meetingId, 'read');
    authorize(actor, 'read', { kind: 'privateNote', workspaceId: pair.workspaceId, authorId: actor.id });
    const note = await this.repo.findOwnPrivateNote(meeting.id, actor.id);
    return { pair, meeting, items: await this.repo.listItems(meeting.id), privateNote: note?.body ?? '' };
  }

  async updateSharedNotes(actor: Actor, id: string, meetingId: string, sharedNotes: string): Promise<void> {
    const { meeting } = await this.meetingOf(actor, id, meetingId, 'write');
    await this.knex.transaction(async (trx) => {
      await this.repo.updateSharedNotes(meeting.id, sharedNotes, now(), trx);
      await this.notifyMentions(trx, actor, meeting.id, meeting.sharedNotes, sharedNotes);
    });
  }

  async savePrivateNote(actor: Actor, id: string, meetingId: string, body: string): Promise<void> {
    const { pair, meeting } = await this.meetingOf(actor, id, meetingId, 'write');
    authorize(actor, 'write', { kind: 'privateNote', workspaceId: pair.workspaceId, authorId: actor.id });
    await this.repo.saveOwnPrivateNote({ id: newId(), workspaceId: pair.workspaceId, meetingId: meeting.id, authorId: actor.id, body, at: now() });
  }

  private checkOwner(pair: OneOnOne, ownerId: string | null | undefined): void {
    if (ownerId && ownerId !== pair.personAId && ownerId !== pair.personBId) throw new ValidationError({ ownerId: 'oneonones.errors.owner' });
  }

  async addItem(actor: Actor, id: string, meetingId: string, input: NewItemInput): Promise<Item> {
    const { pair, meeting } = await this.meetingOf(actor, id, meetingId, 'write');
    this.checkOwner(pair, input.ownerId);
    const at = now();
    const item: Item = {
      id: newId(),
      meetingId: meeting.id,
      kind: input.kind,
      body: input.body,
      ownerId: input.kind === 'action_item' ? (input.ownerId ?? actor.id) : null,
      done: false,
      carriedFromId: null,
      authorId: actor.id,
      position: await this.repo.nextPosition(meeting.id),
      createdAt: at,
      updatedAt: at,
      doneAt: null,
    };
    await this.knex.transaction(async (trx) => {
      await this.repo.insertItem({ ...item, workspaceId: pair.workspaceId }, trx);
      await this.notifyPartner(trx, actor, pair, item, 'any');
      await this.notifyMentions(trx, actor, meeting.id, null, item.body);
    });
    return item;
  }

  async updateItem(actor: Actor, id: string, meetingId: string, itemId: string, input: ItemChangeInput): Promise<Item> {
    const { pair, meeting } = await this.meetingOf(actor, id, meetingId, 'write');
    const item = await this.repo.findItem(meeting.id, itemId);
    if (!item) throw new NotFoundError();
    this.checkOwner(pair, input.ownerId);
    const ownerId = item.kind === 'action_item' ? input.ownerId : undefined;
    await this.knex.transaction(async (trx) => {
      await this.repo.updateItem(item.id, { body: input.body, done: input.done, ownerId }, now(), trx);
      await this.notifyMentions(trx, actor, meeting.id, item.body, input.body);
      // Handed over to the other participant: they hear of it (not of edits to what is already theirs).
      if (ownerId && ownerId !== item.ownerId) await this.notifyPartner(trx, actor, pair, { ...item, ownerId }, 'assigned');
    });
    return (await this.repo.findItem(meeting.id, item.id))!;
  }

  async deleteItem(actor: Actor, id: string, meetingId: string, itemId: string): Promise<void> {
    const { meeting } = await this.meetingOf(actor, id, meetingId, 'write');
    const item = await this.repo.findItem(meeting.id, itemId);
    if (!item) throw new NotFoundError();
    await this.repo.deleteItem(item.id);
  }
}

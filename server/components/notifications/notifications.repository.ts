// In-app notifications. Rows only point at their subject (a comment or a feedback); reads join the
// subject through the policy's SQL filters, so a notification about something the reader may no
// longer see (a section made restricted since) is neither listed nor counted.
import type { Knex } from 'knex';
import { ReadTemplate } from '../../db/read-template.js';
import { photoVersionColumn } from '../accounts/photo.repository.js';
import { filters, type Actor } from '../policy/policy.js';
import type { Translate } from '../../platform/i18n.js';
import { sectionTitleIn } from '../sections/section-title.js';

/**
 * dsar_due: a data subject request is due soon (to privacy contacts; issue 6). dsar_update: one of
 * the person's own requests changed status (to the person; issue 22). oneonone_item: the other
 * participant added an item to a shared 1:1 agenda; oneonone_action: they gave the person an action
 * item (issue 24).
 */
export type NotificationKind = 'mention' | 'reply' | 'feedback' | 'dsar_due' | 'dsar_update' | 'oneonone_item' | 'oneonone_action';

export interface NewNotification {
  id: string;
  workspaceId: string;
  userId: string;
  kind: NotificationKind;
  actorId: string | null;
  commentId?: string | null;
  feedbackId?: string | null;
  dsarRequestId?: string | null;
  oneOnOneItemId?: string | null;
  /** A mention in a section's text. */
  sectionId?: string | null;
  /** A mention in a 1:1 meeting's shared notes or items. */
  meetingId?: string | null;
  createdAt: number;
}

/** Where a mention was written: a comment, a section, feedback, a 1:1 meeting, or the actor's bio (no row). */
export type MentionPlace = 'comment' | 'section' | 'feedback' | 'meeting' | 'profile';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  createdAt: number;
  readAt: number | null;
  actor: { id: string; firstName: string; lastName: string; photo?: string | null } | null;
  commentId: string | null;
  feedbackId: string | null;
  /** The data subject request a reminder is about (dsar_due). */
  dsarRequestId?: string | null;
  /** The 1:1 agenda item, its meeting and its pair (oneonone_item, oneonone_action). */
  oneOnOne?: { id: string; meetingId: string; itemId: string; body: string } | null;
  /** Where the comment lives (for mention and reply): a node's name, or a section's title and kind (an untitled section is named by its kind, sections/section-title.ts). */
  target: { type: 'node' | 'section'; id: string; title: string | null; sectionKind: string | null } | null;
  /** For a mention: where it was written. */
  mentionIn?: MentionPlace;
  /** The page that shows what a mention outside comments is in (a section's node or person page, the meeting, the feedback's recipient). */
  href?: string;
}

/** The catalogue key of a notification's sentence (notifications.kinds.* and mail.templates.notification.subject.*). */
/** What a notification's sentence names ("the section “Purpose”"): its target in the reader's language, else a 1:1 item's text. */
export function notificationTitle(t: Translate, n: Pick<NotificationView, 'target' | 'oneOnOne'>): string {
  return n.target ? sectionTitleIn(t, n.target.title, n.target.sectionKind) : (n.oneOnOne?.body ?? '');
}

export function notificationKey(n: Pick<NotificationView, 'kind' | 'mentionIn'>): string {
  return n.kind === 'mention' && n.mentionIn && n.mentionIn !== 'comment' ? `mention_${n.mentionIn}` : n.kind;
}

type Row = Record<string, any>;
type Db = Knex | Knex.Transaction;

/** Where a mention notification leads, from the row and its joined subject. */
function mentionPlace(r: Row): { mentionIn: MentionPlace; href?: string } {
  if (r.comment_id) return { mentionIn: 'comment' };
  if (r.m_section_kind) return { mentionIn: 'section', href: r.m_section_node ? `/org/nodes/${r.m_section_node}#section-${r.section_id_m}` : `/people/${r.m_section_person}#section-${r.section_id_m}` };
  if (r.m_pair) return { mentionIn: 'meeting', href: `/one-on-ones/${r.m_pair}/meetings/${r.meeting_id}` };
  if (r.feedback_id) return { mentionIn: 'feedback', href: `/people/${r.m_recipient}#feedback-${r.feedback_id}` };
  return { mentionIn: 'profile', href: `/people/${r.actor_id}` };
}

/** The actor's own notifications whose subject they may still read. */
function visibleNotifications(db: Db, actor: Actor) {
  return db('notifications as n')
    .where({ 'n.user_id': actor.id, 'n.workspace_id': actor.workspaceId })
    .andWhere((w) =>
      w
        .whereExists((s) => s.select(s.client.raw('1')).from('feedback as f').whereRaw('f.id = n.feedback_id').modify(filters.readableFeedback(actor, 'f')))
        .orWhereExists((s) => s.select(s.client.raw('1')).from('comments as c').whereRaw('c.id = n.comment_id').modify(filters.readableComments(actor, 'c')))
        // Reminders of data requests: only while the reader still handles requests (privacy role or admin).
        .orWhere((d) => d.where('n.kind', 'dsar_due').whereNotNull('n.dsar_request_id').whereExists((s) => s.select(s.client.raw('1')).from('users as du').whereRaw('du.id = n.user_id').whereIn('du.role', ['privacy', 'admin'])))
        // Mentions outside comments: while the reader may still read the section, is in the 1:1, or is a
        // colleague of the bio's author (feedback mentions are covered by feedback_id above).
        .orWhereExists((s) => s.select(s.client.raw('1')).from('sections as ms').whereRaw('ms.id = n.section_id').modify(filters.readableSections(actor, 'ms')))
        .orWhereExists((s) =>
          s
            .select(s.client.raw('1'))
            .from('one_on_one_meetings as mm')
            .join('one_on_ones as mp', 'mp.id', 'mm.one_on_one_id')
            .whereRaw('mm.id = n.meeting_id')
            .andWhere((p) => p.whereRaw('mp.person_a_id = n.user_id').orWhereRaw('mp.person_b_id = n.user_id')),
        )
        .orWhere((d) =>
          d
            .where('n.kind', 'mention')
            .whereNull('n.comment_id')
            .whereNull('n.feedback_id')
            .whereNull('n.section_id')
            .whereNull('n.meeting_id')
            .whereExists((s) => s.select(s.client.raw('1')).from('users as pa').whereRaw('pa.id = n.actor_id').whereRaw('pa.workspace_id = n.workspace_id').where('pa.status', 'active')),
        )
        // A change of one's own data request: to the person the request is about, whatever their role.
        .orWhere((d) => d.where('n.kind', 'dsar_update').whereExists((s) => s.select(s.client.raw('1')).from('dsar_requests as dr').whereRaw('dr.id = n.dsar_request_id').whereRaw('dr.subject_user_id = n.user_id')))
        // A 1:1 agenda item: while it exists and the reader is still one of the pair.
        .orWhereExists((s) =>
          s
            .select(s.client.raw('1'))
            .from('one_on_one_items as oi')
            .join('one_on_one_meetings as om', 'om.id', 'oi.meeting_id')
            .join('one_on_ones as oo', 'oo.id', 'om.one_on_one_id')
            .whereRaw('oi.id = n.one_on_one_item_id')
            .andWhere((p) => p.whereRaw('oo.person_a_id = n.user_id').orWhereRaw('oo.person_b_id = n.user_id')),
        ),
    );
}

/** The reader's own notifications as an Actor of the template's stand-in values. */
const actorOf = (v: { actorId: string; workspaceId: string }, role: Actor['role']): Actor => ({ id: v.actorId, workspaceId: v.workspaceId, role });

// Listed on Home and counted on every page: built once per role as read templates (db/read-template.ts).
// Home's inbox lists only mentions and replies: filtered in SQL, so older mentions are not crowded out by
// newer notifications of other kinds, and the limit applies to the rows Home shows.
const inboxKinds: NotificationKind[] = ['mention', 'reply'];

const listed = new ReadTemplate<{ actorId: string; workspaceId: string; id: string | null }, { role: Actor['role']; limit: number; one: boolean; inbox: boolean }>('notifications.list', (knex, v, { role, limit, one, inbox }) =>
  visibleNotifications(knex, actorOf(v, role))
    .modify((q) => {
      if (one) q.where('n.id', v.id);
      if (inbox) q.whereIn('n.kind', inboxKinds);
    })
    .leftJoin('users as a', 'a.id', 'n.actor_id')
    .leftJoin('comments as c', 'c.id', 'n.comment_id')
    .leftJoin('sections as s', 's.id', 'c.section_id')
    .leftJoin('org_nodes as o', 'o.id', 'c.node_id')
    .leftJoin('one_on_one_items as oi', 'oi.id', 'n.one_on_one_item_id')
    .leftJoin('one_on_one_meetings as om', 'om.id', 'oi.meeting_id')
    .leftJoin('sections as ms', 'ms.id', 'n.section_id')
    .leftJoin('org_nodes as mo', 'mo.id', 'ms.node_id')
    .leftJoin('one_on_one_meetings as mm', 'mm.id', 'n.meeting_id')
    .leftJoin('feedback as mf', 'mf.id', 'n.feedback_id')
    .select('n.*', 'a.first_name', 'a.last_name', 'c.node_id', 'c.section_id', 's.title as section_title', 's.kind as section_kind', 'o.name as node_name', 'oi.body as item_body', 'oi.meeting_id as item_meeting_id', 'om.one_on_one_id as item_pair_id')
    // The actor's photo version, for their avatar on the notifications page.
    .select(photoVersionColumn(knex, 'n.actor_id'))
    .select({ section_id_m: 'n.section_id', m_section_title: 'ms.title', m_section_kind: 'ms.kind', m_section_node: 'ms.node_id', m_section_person: 'ms.person_id', m_node_name: 'mo.name', m_pair: 'mm.one_on_one_id', m_recipient: 'mf.recipient_id' })
    .orderBy([{ column: 'n.created_at', order: 'desc' }, { column: 'n.id' }])
    .limit(limit),
);

const unreadVisible = new ReadTemplate<{ actorId: string; workspaceId: string }, { role: Actor['role'] }>('notifications.unread', (knex, v, { role }) =>
  visibleNotifications(knex, actorOf(v, role)).whereNull('n.read_at').count({ n: '*' }),
);

export class NotificationsRepository {
  constructor(private readonly knex: Knex) {}

  async insertMany(rows: NewNotification[], db: Db = this.knex): Promise<void> {
    if (!rows.length) return;
    await db('notifications').insert(
      rows.map((n) => ({
        id: n.id,
        workspace_id: n.workspaceId,
        user_id: n.userId,
        kind: n.kind,
        actor_id: n.actorId,
        comment_id: n.commentId ?? null,
        feedback_id: n.feedbackId ?? null,
        dsar_request_id: n.dsarRequestId ?? null,
        one_on_one_item_id: n.oneOnOneItemId ?? null,
        section_id: n.sectionId ?? null,
        meeting_id: n.meetingId ?? null,
        created_at: n.createdAt,
        email_state: 'pending',
        email_attempts: 0,
      })),
    );
  }

  /** The actor's visible notifications, newest first: all of them, one by id, or the inbox's kinds (mentions and replies). */
  async list(actor: Actor, limit = 100, only: { id?: string; inbox?: boolean } = {}): Promise<NotificationView[]> {
    const { id, inbox = false } = only;
    const rows = await listed.rows(this.knex, { actorId: actor.id, workspaceId: actor.workspaceId, id: id ?? null }, { role: actor.role, limit, one: id !== undefined, inbox });
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      createdAt: Number(r.created_at),
      readAt: r.read_at == null ? null : Number(r.read_at),
      actor: r.actor_id ? { id: r.actor_id, firstName: r.first_name, lastName: r.last_name, photo: r.photo_etag ?? null } : null,
      commentId: r.comment_id ?? null,
      feedbackId: r.feedback_id ?? null,
      dsarRequestId: r.dsar_request_id ?? null,
      oneOnOne: r.item_pair_id ? { id: r.item_pair_id, meetingId: r.item_meeting_id, itemId: r.one_on_one_item_id, body: r.item_body } : null,
      target: r.comment_id
        ? r.section_id
          ? { type: 'section', id: r.section_id, title: r.section_title ?? null, sectionKind: r.section_kind }
          : { type: 'node', id: r.node_id, title: r.node_name, sectionKind: null }
        : r.m_section_kind
          ? { type: 'section', id: r.section_id_m, title: r.m_section_title ?? null, sectionKind: r.m_section_kind }
          : null,
      ...(r.kind === 'mention' ? mentionPlace(r) : {}),
    }));
  }

  /** `ownUnread`: the cheap first look, when it was already made (read with the session). */
  async unreadCount(actor: Actor, ownUnread?: boolean): Promise<number> {
    // Asked on every signed-in page view, and most people have nothing unread: a look at their own
    // rows (indexed by user) answers that without the visibility rules' subqueries, which can only
    // remove rows from this set.
    const anyUnread = ownUnread ?? Boolean(await this.knex('notifications').where({ user_id: actor.id, workspace_id: actor.workspaceId }).whereNull('read_at').first('id'));
    if (!anyUnread) return 0;
    const [row] = await unreadVisible.rows(this.knex, { actorId: actor.id, workspaceId: actor.workspaceId }, { role: actor.role });
    return Number(row?.n ?? 0);
  }

  /** Marks the actor's own notifications read (all, or the given ones); returns how many changed. */
  async markRead(actor: Actor, at: number, ids?: string[]): Promise<number> {
    const query = this.knex('notifications').where({ user_id: actor.id, workspace_id: actor.workspaceId }).whereNull('read_at');
    if (ids) query.whereIn('id', ids);
    return query.update({ read_at: at });
  }

  async findOwn(actor: Actor, id: string): Promise<NotificationView | undefined> {
    return (await this.list(actor, 1, { id }))[0];
  }

  /** For the mailer (a later issue): the oldest events still waiting for an email. */
  async pendingEmails(limit: number): Promise<Array<{ id: string; userId: string; kind: NotificationKind; createdAt: number }>> {
    const rows: Row[] = await this.knex('notifications').where({ email_state: 'pending' }).orderBy('created_at').limit(limit);
    return rows.map((r) => ({ id: r.id, userId: r.user_id, kind: r.kind, createdAt: Number(r.created_at) }));
  }

  async recordEmail(id: string, state: 'sent' | 'skipped' | 'failed', at: number): Promise<void> {
    await this.knex('notifications')
      .where({ id })
      .update({ email_state: state, email_attempts: this.knex.raw('email_attempts + 1'), delivered_at: state === 'sent' ? at : null });
  }
}

// Demo data for the people half of issue 3: 1:1s between leads and their members (meetings, shared
// agenda, action items, private notes), feedback (all three visibilities, tagged with the
// workspace's Values), and discussions with mentions on nodes and sections, with the notifications
// they cause. Called by `opsenic demo seed` (server/components/demo) after people, nodes,
// memberships and sections exist. Deterministic for a given `random`; bulk inserts in batches.
import type { Knex } from 'knex';
import { newId as randomId } from '../../platform/ids.js';

export interface PeopleSeedInput {
  workspaceId: string;
  /** A seeded generator in [0, 1): the same sequence gives the same data. */
  random: () => number;
  /** Epoch ms the demo's history ends at; everything is dated in the 90 days before it. */
  now: number;
  people: Array<{ id: string; email: string }>;
  /** Lead → members pairs (from the org seed's memberships): who holds 1:1s with whom. */
  reports: Array<{ leadId: string; memberId: string }>;
  nodeIds: string[];
  /** Sections that may carry discussions (any visibility: comments follow their section's rules). */
  sectionIds: string[];
  /**
   * Nodes with their people (leads and members) and sections. When given, discussions happen where
   * they do in a company: among a node's own people, on the node or its sections, mentioning and
   * answering each other (so everyone's inbox has something). Without it, authors, places and
   * mentions are drawn from everyone and everything above.
   */
  teams?: Array<{ nodeId: string; peopleIds: string[]; sectionIds: string[] }>;
  /** The Values feedback may be tagged with (labels of the public Values sections). */
  values: string[];
  /** Scale: how many feedback items and comments per person (defaults 2, and 2.5 with teams, else 1). */
  feedbackPerPerson?: number;
  commentsPerPerson?: number;
  /** At most this many 1:1 pairs (default: one per report line, capped at people / 2). */
  maxPairs?: number;
  /** Id generator; pass a seeded one for byte-identical runs (default: random uuids). */
  id?: () => string;
}

export interface PeopleSeedReport {
  oneOnOnes: number;
  meetings: number;
  items: number;
  feedback: number;
  comments: number;
  notifications: number;
}

const talkingPoints = [
  'How the quarter is going',
  'Feedback on the last release',
  'Career growth and next steps',
  'Workload and focus time',
  'Hiring plan for the team',
  'Onboarding of the new joiner',
  'Blockers with the platform team',
  'Conference talk proposal',
  'On-call rotation fairness',
  'Training budget',
];
const actions = [
  'Share the draft roadmap',
  'Book the training',
  'Write the incident review',
  'Introduce to the data team',
  'Review the hiring scorecard',
  'Update the team page goals',
  'Draft the promotion case',
  'Ask Finance about the travel budget',
  'Pair on the release checklist',
  'Send the conference talk proposal',
  'Set up a meeting with the design lead',
  'Write down the on-call swap rules',
  'Read the new engineering ladder',
  'Pick a mentor from another team',
];
const privateThoughts = ['Seems stretched: check in again next week', 'Ready for more scope', 'Ask about the move to Lyon', 'Prepare promotion case'];
const praise = [
  'Thank you for the careful review of the migration plan, it saved us a rollback.',
  'Your demo on Friday made the new flow clear to everyone.',
  'Great calm during the incident; the timeline you kept was excellent.',
  'The onboarding guide you wrote is already helping the new joiners.',
  'Thanks for pairing with me on the flaky tests, I learned a lot.',
  'Clear and kind feedback in the design review, much appreciated.',
  'You turned a messy customer escalation into a calm plan. The customer noticed, and so did we.',
  'The dashboard you built answers the question we used to spend every Monday on.',
  'Thanks for covering my on-call shift at short notice.',
  'Your write-up of the outage was honest and easy to follow; I shared it with my team.',
  'Great facilitation of the retro: everyone spoke, and we left with three clear actions.',
  'You asked the question nobody dared to ask in the planning. It changed the plan for the better.',
  'The new joiners keep mentioning how welcome you made them feel.',
  'Thank you for reviewing my proposal so thoroughly; the second draft is much stronger.',
  'Your patience with the data migration paid off: not a single record lost.',
  'Loved the demo: short, clear, and you showed the numbers that matter.',
];
// Remarks name a day, a month or a quarter, filled from the comment's number (no extra random draw, so
// the rest of the seed stays as it was): ten comments on "team" read as ten people, not one line pasted.
const remarks = [
  'Agreed, let us revisit this at the planning on {day}.',
  'Can we add numbers here? Even rough ones from {month} would help.',
  'This matches what we heard from customers in {month}.',
  'Nice update; the {month} numbers make it much clearer.',
  'Should the goals mention the {quarter} launch?',
  'I added a link to the {month} decision log; shout if it is the wrong one.',
  'Who owns this now that the {month} reorg is done?',
  'Can we move the review to {day}? Half the team is travelling on {otherDay}.',
  'Good point. I will draft the next steps and share them by {day}.',
  'The on-call numbers look better since {month}, nice work.',
  'Is this still accurate? The process changed in {month}.',
  'Thanks, this answers the question from the {month} all-hands.',
];
const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const fillRemark = (remark: string, n: number) =>
  remark
    .replace('{day}', weekdays[n % 5]!)
    .replace('{otherDay}', weekdays[(n + 2) % 5]!)
    .replace('{month}', months[(n * 7) % 12]!)
    .replace('{quarter}', `Q${(n % 4) + 1}`);

const visibilities = ['recipient', 'leads', 'public'] as const;
const DAY = 86_400_000;

async function insertAll(knex: Knex, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await knex(table).insert(rows.slice(i, i + 500));
}

export async function seedPeopleHalf(knex: Knex, input: PeopleSeedInput): Promise<PeopleSeedReport> {
  const { workspaceId, random, now, people } = input;
  const newId = input.id ?? randomId;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const past = (days: number) => now - Math.floor(random() * days * DAY);
  const report: PeopleSeedReport = { oneOnOnes: 0, meetings: 0, items: 0, feedback: 0, comments: 0, notifications: 0 };
  if (people.length < 2) return report;

  // ---- 1:1s: a lead with each of their members ----
  // A pair's two people are stored in id order (a, b); the lead plans the meetings and keeps the
  // private notes, the member brings the talking points.
  const pairs = new Map<string, { a: string; b: string; lead: string; member: string }>();
  const maxPairs = input.maxPairs ?? Math.floor(people.length / 2);
  for (const { leadId, memberId } of input.reports) {
    if (leadId === memberId || pairs.size >= maxPairs) continue;
    const [a, b] = [leadId, memberId].sort() as [string, string];
    if (!pairs.has(`${a}:${b}`)) pairs.set(`${a}:${b}`, { a, b, lead: leadId, member: memberId });
  }
  const oneOnOnes: Record<string, unknown>[] = [];
  const meetings: Record<string, unknown>[] = [];
  const items: Record<string, unknown>[] = [];
  const notes: Record<string, unknown>[] = [];
  for (const { a, b, lead, member } of pairs.values()) {
    const pairId = newId();
    oneOnOnes.push({ id: pairId, workspace_id: workspaceId, person_a_id: a, person_b_id: b, created_by: lead, created_at: now - 90 * DAY });
    let previousOpen: Array<{ id: string; body: string }> = [];
    // Every other week, each pair on its own day: the last meeting 1-13 days ago, the next one planned.
    const daysSinceLast = 1 + Math.floor(random() * 13);
    for (let week = 3; week >= 1; week -= 1) {
      const meetingId = newId();
      const heldOn = Math.floor((now - ((week - 1) * 14 + daysSinceLast) * DAY) / DAY) * DAY;
      meetings.push({ id: meetingId, workspace_id: workspaceId, one_on_one_id: pairId, held_on: heldOn, shared_notes: week === 1 ? 'Agreed next steps are in the action items.' : '', created_by: lead, created_at: heldOn, updated_at: heldOn });
      let position = 0;
      const open: Array<{ id: string; body: string }> = [];
      for (const carried of previousOpen) {
        const id = newId();
        items.push({ id, workspace_id: workspaceId, meeting_id: meetingId, kind: 'talking_point', body: carried.body, owner_id: null, done: false, carried_from_id: carried.id, author_id: member, position: position++, created_at: heldOn, updated_at: heldOn, done_at: null });
        open.push({ id, body: carried.body });
      }
      // A new point, not one already on the agenda (carried over from the last meeting).
      const fresh = pick(talkingPoints.filter((point) => !open.some((o) => o.body === point)));
      const done = random() < 0.6;
      const pointId = newId();
      items.push({ id: pointId, workspace_id: workspaceId, meeting_id: meetingId, kind: 'talking_point', body: fresh, owner_id: null, done, carried_from_id: null, author_id: member, position: position++, created_at: heldOn, updated_at: heldOn, done_at: done ? heldOn : null });
      if (!done) open.push({ id: pointId, body: fresh });
      const actionDone = random() < 0.5;
      items.push({ id: newId(), workspace_id: workspaceId, meeting_id: meetingId, kind: 'action_item', body: pick(actions), owner_id: random() < 0.5 ? lead : member, done: actionDone, carried_from_id: null, author_id: lead, position: position++, created_at: heldOn, updated_at: heldOn, done_at: actionDone ? heldOn : null });
      if (random() < 0.5) notes.push({ id: newId(), workspace_id: workspaceId, meeting_id: meetingId, author_id: lead, body: pick(privateThoughts), created_at: heldOn, updated_at: heldOn });
      previousOpen = open.slice(0, 3);
    }
    // The next meeting, planned, with what is still open on its agenda (carried as the app carries it).
    const nextOn = Math.floor((now + (14 - daysSinceLast) * DAY) / DAY) * DAY;
    const nextId = newId();
    const plannedAt = nextOn - 14 * DAY;
    meetings.push({ id: nextId, workspace_id: workspaceId, one_on_one_id: pairId, held_on: nextOn, shared_notes: '', created_by: lead, created_at: plannedAt, updated_at: plannedAt });
    previousOpen.forEach((carried, position) =>
      items.push({ id: newId(), workspace_id: workspaceId, meeting_id: nextId, kind: 'talking_point', body: carried.body, owner_id: null, done: false, carried_from_id: carried.id, author_id: member, position, created_at: plannedAt, updated_at: plannedAt, done_at: null }),
    );
  }
  await insertAll(knex, 'one_on_ones', oneOnOnes);
  await insertAll(knex, 'one_on_one_meetings', meetings);
  await insertAll(knex, 'one_on_one_items', items);
  await insertAll(knex, 'one_on_one_private_notes', notes);
  Object.assign(report, { oneOnOnes: oneOnOnes.length, meetings: meetings.length, items: items.length });

  // ---- feedback, each one notifying its recipient ----
  const feedback: Record<string, unknown>[] = [];
  const tags: Record<string, unknown>[] = [];
  const notifications: Record<string, unknown>[] = [];
  const feedbackCount = Math.round(people.length * (input.feedbackPerPerson ?? 2));
  const teams = (input.teams ?? []).filter((t) => t.peopleIds.length >= 2);
  // With teams, most feedback goes to someone one works with (the nodes one is in).
  const teamsOf = new Map<string, string[][]>();
  for (const team of teams) for (const id of team.peopleIds) teamsOf.set(id, [...(teamsOf.get(id) ?? []), team.peopleIds]);
  const personById = new Map(people.map((p) => [p.id, p]));
  // A person's feedback list reads as written by different people: the same praise twice to one
  // recipient (16 texts, a few items each) looked copied, so each recipient gets texts not yet given.
  const praiseGiven = new Map<string, Set<string>>();
  const praiseFor = (recipientId: string): string => {
    const given = praiseGiven.get(recipientId) ?? new Set<string>();
    const fresh = praise.filter((text) => !given.has(text));
    const text = pick(fresh.length ? fresh : praise);
    praiseGiven.set(recipientId, given.add(text));
    return text;
  };
  for (let i = 0; i < feedbackCount; i += 1) {
    const giver = pick(people);
    const mine = teamsOf.get(giver.id);
    let recipient = (mine && random() < 0.6 ? personById.get(pick(pick(mine))) : undefined) ?? pick(people);
    if (recipient.id === giver.id) recipient = people[(people.indexOf(giver) + 1) % people.length]!;
    const id = newId();
    const at = past(90);
    feedback.push({ id, workspace_id: workspaceId, giver_id: giver.id, recipient_id: recipient.id, body: praiseFor(recipient.id), visibility: pick(visibilities), created_at: at });
    if (input.values.length && random() < 0.6) tags.push({ feedback_id: id, workspace_id: workspaceId, value: pick(input.values) });
    notifications.push({ id: newId(), workspace_id: workspaceId, user_id: recipient.id, kind: 'feedback', actor_id: giver.id, comment_id: null, feedback_id: id, created_at: at, read_at: random() < 0.7 ? at + DAY : null, email_state: 'skipped', email_attempts: 0, delivered_at: null });
  }
  await insertAll(knex, 'feedback', feedback);
  await insertAll(knex, 'feedback_values', tags);

  // ---- discussions with mentions ----
  const comments: Array<Record<string, unknown> & { id: string; author_id: string; created_at: number }> = [];
  const mentions: Record<string, unknown>[] = [];
  const mentionedIn = new Map<string, string>();
  // Conversations inside teams are livelier than comments scattered over the whole organization.
  const commentCount = Math.round(people.length * (input.commentsPerPerson ?? (teams.length ? 2.5 : 1)));
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  /** A node's conversations so far (its own and its sections'), which later comments may join. */
  const threadsOf = new Map<string, Array<{ node_id: string | null; section_id: string | null }>>();
  const targets = [...input.nodeIds.map((id) => ({ node_id: id, section_id: null })), ...input.sectionIds.map((id) => ({ node_id: null, section_id: id }))];
  // Older conversations have been read; the last few days' mostly not.
  const readAtFor = (at: number) => (at < now - 3 * DAY && random() < 0.8 ? at + Math.floor(random() * DAY) : null);
  const notify = (userId: string, kind: 'mention' | 'reply', actorId: string, commentId: string, at: number) =>
    notifications.push({ id: newId(), workspace_id: workspaceId, user_id: userId, kind, actor_id: actorId, comment_id: commentId, feedback_id: null, created_at: at, read_at: readAtFor(at), email_state: 'skipped', email_attempts: 0, delivered_at: null });
  for (let i = 0; (teams.length || targets.length) && i < commentCount; i += 1) {
    const id = newId();
    const at = past(60);
    let authorId: string, target: { node_id: string | null; section_id: string | null }, mentionedId: string | undefined, mayRead: boolean;
    if (teams.length) {
      const team = pick(teams);
      authorId = pick(team.peopleIds);
      // Half the comments answer a conversation the node already has; the others start one.
      const open = threadsOf.get(team.nodeId);
      target = open && random() < 0.5 ? pick(open) : team.sectionIds.length && random() < 0.5 ? { node_id: null, section_id: pick(team.sectionIds) } : { node_id: team.nodeId, section_id: null };
      if (!open) threadsOf.set(team.nodeId, [target]);
      else if (!open.includes(target)) open.push(target);
      mentionedId = random() < 0.4 ? pick(team.peopleIds) : undefined;
      // The node's people read the node and every section of it (restricted ones included).
      mayRead = true;
    } else {
      authorId = pick(people).id;
      target = pick(targets);
      mentionedId = random() < 0.3 ? pick(people).id : undefined;
      // Whether a mentioned person may read a section is the policy's call at comment time, which
      // the live service makes; the seed does not guess it: only mentions on nodes notify here.
      mayRead = target.node_id !== null;
    }
    if (mentionedId === authorId) mentionedId = undefined;
    const remark = fillRemark(pick(remarks), i);
    const body = mentionedId ? `${remark} @${emailOf.get(mentionedId)}` : remark;
    comments.push({ id, workspace_id: workspaceId, ...target, author_id: authorId, body, created_at: at, updated_at: at, edited_at: null });
    if (mentionedId) {
      mentions.push({ comment_id: id, user_id: mentionedId, workspace_id: workspaceId });
      mentionedIn.set(id, mentionedId);
      if (mayRead) notify(mentionedId, 'mention', authorId, id, at);
    }
  }
  if (teams.length) {
    // Replies, as the live service sends them: a comment tells everyone who spoke earlier in the
    // thread (but its author, and whom it mentions, who already has the mention).
    const earlier = new Map<string, string[]>();
    for (const c of [...comments].sort((a, b) => a.created_at - b.created_at)) {
      const thread = String(c.node_id ?? c.section_id);
      const spoke = earlier.get(thread) ?? [];
      for (const userId of new Set(spoke)) if (userId !== c.author_id && userId !== mentionedIn.get(c.id)) notify(userId, 'reply', c.author_id, c.id, c.created_at);
      earlier.set(thread, [...spoke, c.author_id]);
    }
  }
  await insertAll(knex, 'comments', comments);
  await insertAll(knex, 'comment_mentions', mentions);
  await insertAll(knex, 'notifications', notifications);
  Object.assign(report, { feedback: feedback.length, comments: comments.length, notifications: notifications.length });
  return report;
}

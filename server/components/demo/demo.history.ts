// `opsenic demo seed --history`: a year of believable activity before the demo's `now`, for the
// insights boards and their benchmark (issue 25).
// - joiners: a fifth of the accounts were created during the year, the others before; memberships
//   start when the account does; sign-ins: most people signed in within two weeks, some long ago, a few never;
// - leavers: about 7% of the people who lead nothing left during the year: their account deleted
//   that day (users.deleted_at, what leavers per month count) and their memberships removed (the
//   headcount triggers follow). The retention job purges those past the grace period on its next
//   run, as it would have;
// - 1:1s: every lead with each member from when both were there, weekly, fortnightly or monthly,
//   some pairs lapsed months ago; talking points and action items, the older the more often done;
// - feedback over the year (most between teammates), tagged with the workspace's Values;
// - node sections created a year ago and revised since, about a quarter not touched for 90 days;
// - discussions on nodes over the year.
// Everything after an account's creation and before its owner left. Deterministic: its own seeded
// generator, so the same seed gives the same year.
import type { DemoContext, HistoryHooks, SeedStep } from './demo.seed.js';
import { insertRows } from './demo.insert.js';
import { generator } from './demo.random.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

const talkingPoints = ['How the quarter is going', 'Career growth and next steps', 'Workload and focus time', 'Feedback on the last release', 'Hiring plan for the team', 'Training budget', 'Blockers with another team', 'Holiday planning'];
const actions = ['Share the draft roadmap', 'Book the training', 'Write the incident review', 'Introduce to the data team', 'Review the hiring scorecard', 'Update the team page goals', 'Prepare the quarterly review'];
const privateThoughts = ['Seems stretched: check in again next week', 'Ready for more scope', 'Prepare promotion case', 'Follow up on the workload'];
const praise = [
  'Thank you for the careful review of the migration plan, it saved us a rollback.',
  'Your demo on Friday made the new flow clear to everyone.',
  'Great calm during the incident; the timeline you kept was excellent.',
  'Thanks for pairing with me on the flaky tests, I learned a lot.',
  'Clear and kind feedback in the design review, much appreciated.',
  'The customer call went well thanks to your preparation.',
];
const remarks = ['Agreed, let us revisit this at the next planning.', 'Can we add numbers to this section?', 'This matches what we heard from customers.', 'Nice update, thanks for keeping it current.', 'Is this still accurate after the reorganisation?'];
const visibilities = ['recipient', 'leads', 'public'] as const;

/** The seed's steps with the history's: leavers before the people half, the year after it. */
export function historySteps(base: SeedStep[]): SeedStep[] {
  const at = base.findIndex((s) => s.name === 'people half');
  return [...base.slice(0, at), leaversStep, ...base.slice(at), yearStep];
}

/** A state shared by the hooks and steps of one seed: its own generator, so base draws stay as they were. */
interface History {
  random: () => number;
  /** Epoch ms each person's account was created, then when they left (leavers only). */
  joined: Map<string, number>;
  left: Map<string, number>;
}
const histories = new WeakMap<DemoContext, History>();

function historyOf(ctx: DemoContext): History {
  let history = histories.get(ctx);
  if (!history) histories.set(ctx, (history = { random: generator(ctx.options.seed, 'history'), joined: new Map(), left: new Map() }));
  return history;
}

const dayOf = (at: number) => Math.floor(at / DAY) * DAY;
const between = (random: () => number, from: number, to: number) => from + Math.floor(random() * Math.max(0, to - from));

export function historyHooks(ctx: DemoContext): HistoryHooks {
  const h = historyOf(ctx);
  const now = ctx.options.now;
  return {
    account(row, person) {
      // About a fifth of the people joined during the year; the others one to four years ago.
      const createdAt = h.random() < 0.2 ? now - between(h.random, DAY, YEAR) : now - YEAR - between(h.random, DAY, 3 * YEAR);
      Object.assign(row, { created_at: createdAt, updated_at: createdAt });
      person.createdAt = createdAt;
      h.joined.set(row.id as string, createdAt);
      const r = h.random();
      // 80% signed in during the last two weeks, 15% one to four months ago, 5% never.
      const at = r < 0.8 ? now - h.random() * 14 * DAY : r < 0.95 ? now - (15 + h.random() * 105) * DAY : null;
      row.last_sign_in_at = at === null ? null : Math.floor(at >= createdAt ? at : between(h.random, createdAt, now));
    },
    nodeSection(section, revisions, editors) {
      const author = (section.created_by as string | null) ?? null;
      const createdAt = Math.max(now - YEAR - between(h.random, 0, 30 * DAY), (author ? (h.joined.get(author) ?? 0) : 0) + DAY);
      // A quarter of the sections went stale: last revised more than 90 days ago.
      const stale = h.random() < 0.25;
      const lastAt = stale ? between(h.random, createdAt, Math.max(createdAt, now - 91 * DAY)) : between(h.random, Math.max(createdAt, now - 89 * DAY), now);
      const count = Math.floor(h.random() * 6); // revisions after the first
      const dates = Array.from({ length: count }, () => between(h.random, createdAt, lastAt)).sort((a, b) => a - b);
      if (count) dates[count - 1] = lastAt;
      const first = revisions[0]!;
      first.created_at = createdAt;
      let updatedBy = author;
      dates.forEach((at, i) => {
        const present = editors.filter((id) => (h.joined.get(id) ?? Infinity) < at);
        updatedBy = present.length ? present[Math.floor(h.random() * present.length)]! : author;
        revisions.push({ ...first, id: ctx.id(), number: i + 2, author_id: updatedBy, created_at: at });
      });
      Object.assign(section, { created_at: createdAt, updated_at: dates.at(-1) ?? createdAt, revision: count + 1, updated_by: updatedBy });
    },
  };
}

/** Leavers: account deleted, memberships removed; the people half leaves them out. */
export const leaversStep: SeedStep = {
  name: 'leavers',
  async run(ctx) {
    const h = historyOf(ctx);
    const { trx, options } = ctx;
    const now = options.now;
    const leads = new Set(ctx.nodes.flatMap((n) => n.leadIds));
    const leavers: Array<{ id: string; leftAt: number }> = [];
    for (const person of ctx.people) {
      if (leads.has(person.id) || h.random() >= 0.07 || person.createdAt > now - 45 * DAY) continue;
      const leftAt = between(h.random, Math.max(person.createdAt + 30 * DAY, now - YEAR), now - DAY);
      leavers.push({ id: person.id, leftAt });
      h.left.set(person.id, leftAt);
    }
    for (const l of leavers) {
      const lastSignIn = Math.max(h.joined.get(l.id) ?? 0, l.leftAt - Math.floor(h.random() * 5 * DAY));
      await trx('users').where({ id: l.id }).update({ status: 'deleted', deleted_at: l.leftAt, updated_at: l.leftAt, last_sign_in_at: lastSignIn });
    }
    const ids = leavers.map((l) => l.id);
    for (let i = 0; i < ids.length; i += 500) await trx('org_memberships').whereIn('user_id', ids.slice(i, i + 500)).delete();
    const gone = new Set(ids);
    ctx.people = ctx.people.filter((p) => !gone.has(p.id));
    ctx.reports = ctx.reports.filter((r) => !gone.has(r.memberId) && !gone.has(r.leadId));
    for (const node of ctx.nodes) node.memberIds = node.memberIds.filter((id) => !gone.has(id));
    ctx.report.leavers = leavers.length;
  },
};

/** The year's 1:1s, feedback and discussions. */
export const yearStep: SeedStep = {
  name: 'a year of activity',
  async run(ctx) {
    const h = historyOf(ctx);
    const { trx, options } = ctx;
    const workspaceId = options.workspaceId;
    const now = options.now;
    const yearAgo = now - YEAR;
    const joined = (id: string) => Math.max(h.joined.get(id) ?? yearAgo, yearAgo);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(h.random() * list.length)]!;
    ctx.report.joiners = ctx.people.filter((p) => p.createdAt > yearAgo).length + [...h.left.keys()].filter((id) => (h.joined.get(id) ?? 0) > yearAgo).length;

    // ---- 1:1s ----
    const pairs = new Map<string, { a: string; b: string; lead: string; member: string }>();
    const maxPairs = Math.floor(ctx.people.length / 2);
    for (const { leadId, memberId } of ctx.reports) {
      if (leadId === memberId || pairs.size >= maxPairs) continue;
      const [a, b] = [leadId, memberId].sort() as [string, string];
      if (!pairs.has(`${a}:${b}`)) pairs.set(`${a}:${b}`, { a, b, lead: leadId, member: memberId });
    }
    const oneOnOnes: Record<string, unknown>[] = [];
    const meetings: Record<string, unknown>[] = [];
    const items: Record<string, unknown>[] = [];
    const notes: Record<string, unknown>[] = [];
    for (const pair of pairs.values()) {
      const start = Math.max(joined(pair.a), joined(pair.b)) + between(h.random, DAY, 21 * DAY);
      const r = h.random();
      const cadence = r < 0.2 ? 7 : r < 0.65 ? 14 : r < 0.9 ? 30 : 14;
      // One pair in ten stopped meeting one to seven months ago.
      const end = r < 0.9 ? now : now - between(h.random, 35 * DAY, 210 * DAY);
      const pairId = ctx.id();
      oneOnOnes.push({ id: pairId, workspace_id: workspaceId, person_a_id: pair.a, person_b_id: pair.b, created_by: pair.lead, created_at: Math.min(start, now) });
      for (let at = start; at <= end; at += cadence * DAY * (0.8 + h.random() * 0.5)) {
        const heldOn = dayOf(at);
        const age = (now - heldOn) / DAY;
        const meetingId = ctx.id();
        meetings.push({ id: meetingId, workspace_id: workspaceId, one_on_one_id: pairId, held_on: heldOn, shared_notes: '', created_by: pair.lead, created_at: heldOn, updated_at: heldOn });
        let position = 0;
        const item = (kind: 'talking_point' | 'action_item', body: string, owner: string | null, author: string, doneChance: number) => {
          const done = h.random() < doneChance;
          const doneAt = done ? Math.min(now, heldOn + between(h.random, 0, 21 * DAY)) : null;
          items.push({ id: ctx.id(), workspace_id: workspaceId, meeting_id: meetingId, kind, body, owner_id: owner, done, carried_from_id: null, author_id: author, position: position++, created_at: heldOn, updated_at: doneAt ?? heldOn, done_at: doneAt });
        };
        item('talking_point', pick(talkingPoints), null, pair.member, age > 30 ? 0.9 : 0.5);
        // Action items: most get done within weeks, some stay open for months.
        if (h.random() < 0.7) item('action_item', pick(actions), h.random() < 0.5 ? pair.lead : pair.member, pair.lead, age > 90 ? 0.85 : age > 30 ? 0.7 : 0.35);
        if (h.random() < 0.25) notes.push({ id: ctx.id(), workspace_id: workspaceId, meeting_id: meetingId, author_id: pair.lead, body: pick(privateThoughts), created_at: heldOn, updated_at: heldOn });
      }
    }
    ctx.progress(`  ${meetings.length} 1:1 meetings over the year…`);
    await insertRows(trx, 'one_on_ones', oneOnOnes);
    await insertRows(trx, 'one_on_one_meetings', meetings);
    await insertRows(trx, 'one_on_one_items', items);
    await insertRows(trx, 'one_on_one_private_notes', notes);
    ctx.report.oneOnOnes = (ctx.report.oneOnOnes ?? 0) + oneOnOnes.length;
    ctx.report.meetings = (ctx.report.meetings ?? 0) + meetings.length;
    ctx.report.items = (ctx.report.items ?? 0) + items.length;

    // ---- feedback before the people half's last 90 days, most of it between teammates ----
    const teamOf = new Map<string, string[]>();
    for (const node of ctx.nodes) {
      if (node.entityKey !== 'teams') continue;
      const team = [...node.leadIds, ...node.memberIds];
      for (const id of team) if (!teamOf.has(id)) teamOf.set(id, team);
    }
    const present = ctx.people.map((p) => p.id);
    const feedback: Record<string, unknown>[] = [];
    const tags: Record<string, unknown>[] = [];
    const notifications: Record<string, unknown>[] = [];
    for (let i = 0; i < present.length * 4; i += 1) {
      const giver = pick(present);
      const team = teamOf.get(giver);
      const recipient = team && team.length > 1 && h.random() < 0.6 ? pick(team) : pick(present);
      if (recipient === giver) continue;
      const from = Math.max(joined(giver), joined(recipient));
      if (from >= now - 90 * DAY) continue;
      const at = between(h.random, from, now - 90 * DAY);
      const id = ctx.id();
      feedback.push({ id, workspace_id: workspaceId, giver_id: giver, recipient_id: recipient, body: pick(praise), visibility: pick(visibilities), created_at: at });
      if (ctx.values.length && h.random() < 0.6) tags.push({ feedback_id: id, workspace_id: workspaceId, value: pick(ctx.values) });
      notifications.push({ id: ctx.id(), workspace_id: workspaceId, user_id: recipient, kind: 'feedback', actor_id: giver, comment_id: null, feedback_id: id, created_at: at, read_at: at + between(h.random, 3_600_000, 5 * DAY), email_state: 'skipped', email_attempts: 0, delivered_at: null });
    }
    await insertRows(trx, 'feedback', feedback);
    await insertRows(trx, 'feedback_values', tags);
    await insertRows(trx, 'notifications', notifications);
    ctx.report.feedback = (ctx.report.feedback ?? 0) + feedback.length;
    ctx.report.notifications = (ctx.report.notifications ?? 0) + notifications.length;

    // ---- discussions before the people half's last 60 days ----
    const comments: Record<string, unknown>[] = [];
    const nodeIds = ctx.nodes.map((n) => n.id);
    for (let i = 0; nodeIds.length && i < present.length * 1.5; i += 1) {
      const author = pick(present);
      if (joined(author) >= now - 60 * DAY) continue;
      // On nodes: they all existed a year ago (many sections are younger than the comment would be).
      const target = { node_id: pick(nodeIds), section_id: null };
      const at = between(h.random, joined(author), now - 60 * DAY);
      comments.push({ id: ctx.id(), workspace_id: workspaceId, ...target, author_id: author, body: pick(remarks), created_at: at, updated_at: at, edited_at: null });
    }
    await insertRows(trx, 'comments', comments);
    ctx.report.comments = (ctx.report.comments ?? 0) + comments.length;
  },
};

// `opsenic demo seed`: a believable organization in one workspace, deterministic for a given seed
// (and workspace): people, the five entities filled with departments, teams, products, projects
// and offices, leads (some nodes with two), cross-entity links, node and person sections with
// real-sounding Markdown (some restricted), then the people half (1:1s, feedback, discussions).
//
// The work is a list of steps sharing one context, so another component adds its own step (see
// peopleHalfStep) without touching the others. Everything runs in one transaction: a failed seed
// leaves nothing behind. Rows are inserted in batches.
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import type { OrgService } from '../org/org.service.js';
import { seedPeopleHalf } from '../people/people.seed.js';
import * as words from './demo.content.js';
import { insertRows } from './demo.insert.js';
import { generator, uuidFrom } from './demo.random.js';
import { historySteps, historyHooks } from './demo.history.js';

export interface DemoOptions {
  workspaceId: string;
  people: number;
  seed: number;
  /** Epoch ms the demo's history ends at (default: today at midnight UTC). */
  now?: number;
  /**
   * A year of activity before `now` (joiners, leavers, 1:1s at their cadences, feedback, section
   * revisions, discussions, sign-ins: demo.history.ts) instead of the last few weeks only.
   */
  history?: boolean;
}

export interface DemoPerson {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  /** When the account was created (the person joined). */
  createdAt: number;
}

export interface DemoNode {
  id: string;
  entityKey: string;
  name: string;
  parentId: string | null;
  leadIds: string[];
  memberIds: string[];
}

export interface DemoContext {
  trx: Knex.Transaction;
  options: Required<DemoOptions>;
  random: () => number;
  id: () => string;
  pick<T>(list: readonly T[]): T;
  people: DemoPerson[];
  entities: Record<string, string>;
  nodes: DemoNode[];
  /** Lead → member lines (1:1 pairs for the people half). */
  reports: Array<{ leadId: string; memberId: string }>;
  sectionIds: string[];
  /** Each node's sections (discussions happen among a node's people: the people half). */
  nodeSectionIds: Map<string, string[]>;
  values: string[];
  /** What each step created, for the CLI's summary. */
  report: Record<string, number>;
  progress(message: string): void;
  /** With --history: dates and revisions the other steps ask for (demo.history.ts). */
  history?: HistoryHooks;
}

/** What the base steps ask the history for while they build their rows (rows are changed in place). */
export interface HistoryHooks {
  /** An account row before its insert (when the person joined, their last sign-in). */
  account(row: Record<string, unknown>, person: DemoPerson): void;
  /** A node section and its first revision before their insert: dated over the year, revised. */
  nodeSection(section: Record<string, unknown>, revisions: Record<string, unknown>[], editors: string[]): void;
}

export interface SeedStep {
  name: string;
  run(ctx: DemoContext): Promise<void>;
}

const DAY = 86_400_000;

const ascii = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z]/g, '').toLowerCase();
const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));

const insertAll = insertRows;

/** A person's section drawn from its pool (demo.content.ts personSections): distinct items, as a list, a sentence or a paragraph. */
function personSectionBody(ctx: DemoContext, pool: words.PersonSectionPool): string {
  const items = [...pool.items];
  const chosen: string[] = [];
  for (let i = 0; i < (pool.count ?? 3) && items.length; i += 1) chosen.push(items.splice(Math.floor(ctx.random() * items.length), 1)[0]!);
  if (pool.compose === 'list') return chosen.map((item) => `- ${item}`).join('\n');
  if (pool.compose === 'sentences') return chosen.join(' ');
  const sentence = chosen.length > 1 ? `${chosen.slice(0, -1).join(', ')} and ${chosen.at(-1)}` : chosen[0]!;
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

// ---- steps ----

export const peopleStep: SeedStep = {
  name: 'people',
  async run(ctx) {
    const { options, trx } = ctx;
    const domain = `${options.workspaceId.slice(0, 8)}.demo.opsenic.test`;
    const rows: Record<string, unknown>[] = [];
    // No two people share a full name (three Maya Kims in one directory is not believable): a taken
    // name is drawn again, and past the list's combinations a middle initial tells people apart.
    const taken = new Set<string>();
    const uniqueName = (): { firstName: string; lastName: string } => {
      for (let attempt = 0; ; attempt += 1) {
        const first = ctx.pick(words.firstNames);
        const lastName = ctx.pick(words.lastNames);
        const firstName = attempt < 30 ? first : `${first} ${String.fromCharCode(65 + Math.floor(ctx.random() * 26))}.`;
        const key = `${firstName} ${lastName}`;
        if (!taken.has(key)) {
          taken.add(key);
          return { firstName, lastName };
        }
      }
    };
    for (let i = 0; i < options.people; i += 1) {
      const { firstName, lastName } = uniqueName();
      const email = `${ascii(firstName)}.${ascii(lastName)}.${i + 1}@${domain}`;
      const createdAt = options.now - Math.floor(ctx.random() * 700) * DAY;
      const person = { id: ctx.id(), email, firstName, lastName, createdAt };
      ctx.people.push(person);
      rows.push({
        id: person.id,
        workspace_id: options.workspaceId,
        email,
        email_lower: email,
        first_name: firstName,
        last_name: lastName,
        password_hash: null,
        role: 'member',
        status: 'active',
        title: ctx.pick(words.titles.member),
        time_zone: 'Europe/Paris',
        created_at: createdAt,
        updated_at: createdAt,
        last_sign_in_at: null,
      });
      ctx.history?.account(rows.at(-1)!, person);
    }
    await insertAll(trx, 'users', rows);
    ctx.report.people = rows.length;
  },
};

export const orgStep: SeedStep = {
  name: 'org',
  async run(ctx) {
    const { options, trx, people } = ctx;
    const n = people.length;
    const at = options.now - 400 * DAY;
    const nodeRows: Record<string, unknown>[] = [];
    const memberships: Record<string, unknown>[] = [];
    const links: Record<string, unknown>[] = [];
    const positions: Record<string, number> = {};
    const addNode = (entityKey: string, name: string, parentId: string | null, description: string | null): DemoNode => {
      const node: DemoNode = { id: ctx.id(), entityKey, name, parentId, leadIds: [], memberIds: [] };
      positions[entityKey] = (positions[entityKey] ?? 0) + 1;
      nodeRows.push({ id: node.id, workspace_id: options.workspaceId, entity_id: ctx.entities[entityKey], parent_id: parentId, name, description, position: positions[entityKey], archived_at: null, created_at: at, updated_at: at });
      ctx.nodes.push(node);
      return node;
    };
    // Nobody is a member before their account exists.
    const joinedAt = new Map(people.map((p) => [p.id, Math.max(at, p.createdAt)]));
    const join = (node: DemoNode, personId: string, role: 'lead' | 'member') => {
      if (node.leadIds.includes(personId)) return;
      if (node.memberIds.includes(personId)) {
        if (role === 'member') return;
        // Promote a member to lead (an office's site lead is one of its people).
        node.memberIds = node.memberIds.filter((id) => id !== personId);
        node.leadIds.push(personId);
        memberships.find((m) => m.node_id === node.id && m.user_id === personId)!.role = 'lead';
        return;
      }
      (role === 'lead' ? node.leadIds : node.memberIds).push(personId);
      memberships.push({ id: ctx.id(), workspace_id: options.workspaceId, node_id: node.id, user_id: personId, role, created_at: joinedAt.get(personId) ?? at });
    };
    const link = (from: DemoNode, to: DemoNode) => links.push({ id: ctx.id(), workspace_id: options.workspaceId, from_node_id: from.id, to_node_id: to.id, created_at: at });
    const scaled = (per: number, min: number) => Math.max(min, Math.round(n / per));

    // Departments: a company root, top-level departments, and units inside the larger ones.
    const company = addNode('departments', 'Company', null, 'The whole organization.');
    const topLevel = words.departments.slice(0, Math.min(words.departments.length, scaled(500, 3))).map((name) => addNode('departments', name, company.id, null));
    const units: DemoNode[] = [];
    for (let i = topLevel.length; i < scaled(500, 3); i += 1) {
      const parent = topLevel[i % topLevel.length]!;
      units.push(addNode('departments', `${parent.name} ${words.departmentUnits[Math.floor(i / topLevel.length) % words.departmentUnits.length]}${i >= topLevel.length * (words.departmentUnits.length + 1) ? ` ${i}` : ''}`, parent.id, null));
    }
    const departments = [...topLevel, ...units];

    // Teams: about one for every six people, a tenth of them grouping others.
    const teamCount = scaled(6, 2);
    const teams: DemoNode[] = [];
    const groups: DemoNode[] = [];
    for (let i = 0; i < teamCount; i += 1) {
      const name = `${words.teamKinds[i % words.teamKinds.length]} ${words.teamWords[Math.floor(i / words.teamKinds.length) % words.teamWords.length]}${i >= words.teamKinds.length * words.teamWords.length ? ` ${Math.floor(i / (words.teamKinds.length * words.teamWords.length)) + 1}` : ''}`;
      const isGroup = i % 10 === 0 && teamCount > 5;
      const parent = !isGroup && groups.length ? groups[Math.floor(ctx.random() * groups.length)]! : null;
      const team = addNode('teams', isGroup ? `${name} Group` : name, parent?.id ?? null, null);
      (isGroup ? groups : teams).push(team);
    }
    const products = Array.from({ length: scaled(60, 2) }, (_, i) => addNode('products', `${words.productWords[i % words.productWords.length]}${i >= words.productWords.length ? ` ${Math.floor(i / words.productWords.length) + 1}` : ''}`, null, null));
    const projects = Array.from({ length: scaled(80, 2) }, (_, i) => addNode('projects', `${words.projectWords[i % words.projectWords.length]}${i >= words.projectWords.length ? ` (${Math.floor(i / words.projectWords.length) + 1})` : ''}`, null, null));
    const officeNodes = words.offices.slice(0, Math.min(words.offices.length, scaled(1000, 2))).map((name) => addNode('offices', name, null, `Our ${name} office.`));

    // The chief executive and the heads of the top-level departments form the leadership team
    // instead of leading delivery teams (a CEO leading the Checkout team is not believable); a small
    // demo, with too few people to spare them, keeps everyone in delivery teams.
    const executives = n >= 4 * (1 + topLevel.length) ? people.slice(0, 1 + topLevel.length) : [];
    const leadership = executives.length ? addNode('teams', 'Leadership Team', null, 'The chief executive and the heads of departments.') : undefined;
    if (leadership) {
      executives.forEach((p, i) => join(leadership, p.id, i === 0 ? 'lead' : 'member'));
      link(leadership, company);
    }
    // Everyone else joins one team; each team's first member leads it (a tenth get a second,
    // dotted-line lead); group, unit, product and project leads come from team leads. Everyone works
    // from an office, led by one of its people who is not an executive.
    const memberTeams = teams.length ? teams : groups;
    people.slice(executives.length).forEach((p, i) => {
      const team = memberTeams[i % memberTeams.length]!;
      join(team, p.id, team.leadIds.length === 0 || (team.leadIds.length === 1 && ctx.random() < 0.02) ? 'lead' : 'member');
    });
    people.forEach((p, i) => join(officeNodes[i % officeNodes.length]!, p.id, 'member'));
    const teamLeads = memberTeams.map((t) => t.leadIds[0]).filter((id): id is string => Boolean(id));
    const leadOf = (i: number) => teamLeads[i % Math.max(1, teamLeads.length)] ?? people[i % people.length]!.id;
    join(company, executives[0]?.id ?? leadOf(0), 'lead');
    topLevel.forEach((d, i) => join(d, executives[i + 1]?.id ?? leadOf(i + 1), 'lead'));
    units.forEach((d, i) => join(d, leadOf(topLevel.length + i + 1), 'lead'));
    groups.forEach((g, i) => join(g, leadOf(i + 7), 'lead'));
    products.forEach((p, i) => join(p, leadOf(i + 3), 'lead'));
    projects.forEach((p, i) => {
      join(p, leadOf(i + 5), 'lead');
      for (let k = 0; k < 4; k += 1) join(p, ctx.pick(people).id, 'member');
    });
    const isExecutive = new Set(executives.map((p) => p.id));
    for (const office of officeNodes) {
      const siteLead = office.memberIds.find((id) => !isExecutive.has(id)) ?? office.memberIds[0];
      if (siteLead) join(office, siteLead, 'lead');
    }
    // Teams sit in a department, work on a product, and sometimes on a project.
    for (const team of [...memberTeams, ...groups]) {
      link(team, departments[Math.floor(ctx.random() * departments.length)]!);
      if (products.length) link(team, products[Math.floor(ctx.random() * products.length)]!);
      if (projects.length && ctx.random() < 0.3) link(team, projects[Math.floor(ctx.random() * projects.length)]!);
    }
    for (const team of [...memberTeams, ...(leadership ? [leadership] : [])]) for (const lead of team.leadIds) for (const member of team.memberIds) ctx.reports.push({ leadId: lead, memberId: member });

    // Titles that fit the role: the company's lead is its chief executive, a department's lead heads
    // it, other leads get a lead's title (a member's title drawn at random said "Customer Success
    // Manager" for the company's lead). The highest role wins; one update per title.
    const titleOf = new Map<string, string>();
    const entitle = (personId: string | undefined, title: string) => {
      if (personId && !titleOf.has(personId)) titleOf.set(personId, title);
    };
    entitle(company.leadIds[0], 'Chief Executive Officer');
    for (const d of topLevel) entitle(d.leadIds[0], `VP ${d.name}`);
    for (const u of units) entitle(u.leadIds[0], `Head of ${u.name}`);
    for (const node of [...groups, ...memberTeams, ...products, ...projects]) for (const lead of node.leadIds) entitle(lead, ctx.pick(words.titles.lead));
    const byTitle = new Map<string, string[]>();
    for (const [personId, title] of titleOf) byTitle.set(title, [...(byTitle.get(title) ?? []), personId]);

    await insertAll(trx, 'org_nodes', nodeRows);
    await insertAll(trx, 'org_memberships', memberships);
    await insertAll(trx, 'org_links', links);
    for (const [title, ids] of byTitle) for (let i = 0; i < ids.length; i += 500) await trx('users').whereIn('id', ids.slice(i, i + 500)).update({ title });
    Object.assign(ctx.report, { nodes: nodeRows.length, memberships: memberships.length, links: links.length });
  },
};

export const sectionsStep: SeedStep = {
  name: 'sections',
  async run(ctx) {
    const { options, trx } = ctx;
    const sections: Record<string, unknown>[] = [];
    const revisions: Record<string, unknown>[] = [];
    let nodeEditors: string[] = [];
    const add = (owner: { nodeId?: string; personId?: string }, kind: string, title: string | null, body: string, visibility: 'public' | 'restricted', position: number, authorId: string | null, editors: string[] = nodeEditors) => {
      const id = ctx.id();
      // On one of the 200 days before today, during the working day (08:00-18:00 UTC), not at midnight.
      const createdAt = options.now - (1 + Math.floor(ctx.random() * 200)) * DAY + Math.floor((8 + ctx.random() * 10) * 3_600_000);
      const section = { id, workspace_id: options.workspaceId, node_id: owner.nodeId ?? null, person_id: owner.personId ?? null, kind, title, body, visibility, position, revision: 1, created_by: authorId, updated_by: authorId, created_at: createdAt, updated_at: createdAt };
      const sectionRevisions: Record<string, unknown>[] = [{ id: ctx.id(), workspace_id: options.workspaceId, section_id: id, number: 1, title, body, visibility, author_id: authorId, created_at: createdAt }];
      if (owner.nodeId) ctx.history?.nodeSection(section, sectionRevisions, editors);
      sections.push(section);
      revisions.push(...sectionRevisions);
      ctx.sectionIds.push(id);
      if (owner.nodeId) ctx.nodeSectionIds.set(owner.nodeId, [...(ctx.nodeSectionIds.get(owner.nodeId) ?? []), id]);
    };
    const productNames = ctx.nodes.filter((n) => n.entityKey === 'products').map((n) => n.name);
    for (const node of ctx.nodes) {
      const author = node.leadIds[0] ?? null;
      nodeEditors = node.leadIds;
      const vars = { name: node.name, customers: ctx.pick(words.customers), outcome: ctx.pick(words.outcomes), product: productNames.length ? ctx.pick(productNames) : 'our product', project: ctx.pick(words.projectWords), office: ctx.pick(words.offices), n: 1 + Math.floor(ctx.random() * 6) };
      let position = 0;
      add({ nodeId: node.id }, 'purpose', null, fill(ctx.pick(words.purposes), vars), 'public', position++, author);
      if (node.name === 'Company') add({ nodeId: node.id }, 'values', null, words.valuesBodies[0]!, 'public', position++, author);
      add({ nodeId: node.id }, 'goals', null, fill(ctx.pick(words.goals), vars), ctx.random() < 0.15 ? 'restricted' : 'public', position++, author);
      add({ nodeId: node.id }, 'responsibilities', null, fill(ctx.pick(words.responsibilities), vars), 'public', position++, author);
      add({ nodeId: node.id }, 'processes', null, fill(ctx.pick(words.processes), vars), 'public', position++, author);
      // Consecutive entries from one random start: each custom section once per node (a start drawn
      // per section gave a node the same section twice).
      const extra = Math.min(3 + Math.floor(ctx.random() * 4), words.customSections.length);
      const start = Math.floor(ctx.random() * words.customSections.length);
      for (let k = 0; k < extra; k += 1) {
        const custom = words.customSections[(start + k) % words.customSections.length]!;
        add({ nodeId: node.id }, 'custom', custom.title, fill(custom.body, vars), 'restricted' in custom && custom.restricted ? 'restricted' : 'public', position++, author);
      }
    }
    for (const person of ctx.people) {
      const count = Math.min(5 + Math.floor(ctx.random() * 4), words.personSections.length);
      const start = Math.floor(ctx.random() * words.personSections.length);
      const vars = { product: productNames.length ? ctx.pick(productNames) : 'our product', office: ctx.pick(words.offices), project: ctx.pick(words.projectWords) };
      for (let k = 0; k < count; k += 1) {
        const pool = words.personSections[(start + k) % words.personSections.length]!;
        add({ personId: person.id }, pool.kind, pool.title ?? null, fill(personSectionBody(ctx, pool), vars), 'public', k, person.id);
      }
    }
    await insertAll(trx, 'sections', sections);
    await insertAll(trx, 'section_revisions', revisions);
    ctx.values = words.values;
    ctx.report.sections = sections.length;
  },
};

/** The people half (1:1s, feedback, discussions, notifications) from server/components/people. */
export const peopleHalfStep: SeedStep = {
  name: 'people half',
  async run(ctx) {
    const report = await seedPeopleHalf(ctx.trx, {
      workspaceId: ctx.options.workspaceId,
      random: ctx.random,
      now: ctx.options.now,
      people: ctx.people.map((p) => ({ id: p.id, email: p.email })),
      // With history, the year of 1:1s comes from demo.history.ts (cadences from each pair's start).
      reports: ctx.options.history ? [] : ctx.reports,
      nodeIds: ctx.nodes.map((n) => n.id),
      sectionIds: ctx.sectionIds.slice(0, 5000),
      teams: ctx.nodes.map((n) => ({ nodeId: n.id, peopleIds: [...n.leadIds, ...n.memberIds], sectionIds: ctx.nodeSectionIds.get(n.id) ?? [] })),
      values: ctx.values,
      id: ctx.id,
    });
    Object.assign(ctx.report, report);
  },
};

export const seedSteps: SeedStep[] = [peopleStep, orgStep, sectionsStep, peopleHalfStep];

export async function seedDemo(knex: Knex, org: OrgService, input: DemoOptions, progress: (message: string) => void = () => {}, steps: SeedStep[] = seedSteps): Promise<Record<string, number>> {
  const workspace = await knex('workspaces').where({ id: input.workspaceId }).first();
  if (!workspace) throw new NotFoundError('demo.workspaceNotFound');
  const domain = `%@${input.workspaceId.slice(0, 8)}.demo.opsenic.test`;
  if (await knex('users').where({ workspace_id: input.workspaceId }).andWhere('email_lower', 'like', domain).first('id')) throw new ConflictError('demo.alreadySeeded');
  await org.ensureDefaults(input.workspaceId);
  const entities = Object.fromEntries((await knex('org_entities').where({ workspace_id: input.workspaceId }).whereNotNull('system_key').select('id', 'system_key')).map((r) => [r.system_key as string, r.id as string]));
  const options = { now: Math.floor(Date.now() / DAY) * DAY, history: false, ...input } as Required<DemoOptions>;
  if (options.history && steps === seedSteps) steps = historySteps(seedSteps);
  // Content depends on the seed only (the same seed gives the same organization in any workspace);
  // ids also depend on the workspace, so two workspaces seeded alike never share a primary key.
  const random = generator(options.seed, '');
  const idRandom = generator(options.seed, options.workspaceId);
  return knex.transaction(async (trx) => {
    const ctx: DemoContext = {
      trx,
      options,
      random,
      id: () => uuidFrom(idRandom),
      pick: (list) => list[Math.floor(random() * list.length)]!,
      people: [],
      entities,
      nodes: [],
      reports: [],
      sectionIds: [],
      nodeSectionIds: new Map(),
      values: [],
      report: {},
      progress,
    };
    if (options.history) ctx.history = historyHooks(ctx);
    for (const step of steps) {
      progress(`seeding ${step.name}…`);
      await step.run(ctx);
    }
    return ctx.report;
  });
}

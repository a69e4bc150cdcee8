// Sections of node pages (and person pages): Markdown bodies, Public or Restricted, revisions with
// diff and restore, grants, ordering, and per-reader hiding. Reading is decided by the policy's SQL
// filter (an unreadable section is "not found", never "forbidden", so nothing hints it exists);
// writing by the policy's nodeSection/personSection rules.
import type { Knex } from 'knex';
import type { MentionNotifier } from '../notifications/mentions.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import { authorize, can, type Actor } from '../policy/policy.js';
import type { OrgRepository } from '../org/org.repository.js';
import { userActor, type AuditService } from '../audit/audit.service.js';
import { hasControlCharacters, renderMarkdown } from './markdown.js';
import { normaliseLineEnds, type CreateSectionInput, type UpdateSectionInput } from './sections.schema.js';
import type { Grant, ReaderSection, RecentSection, Revision, Section, SectionOwner, SectionsRepository } from './sections.repository.js';

export interface SectionView extends ReaderSection {
  html: string;
  canEdit: boolean;
  canGovern: boolean;
}

export interface DiffPart {
  value: string;
  added: boolean;
  removed: boolean;
}

export class SectionsService {
  constructor(
    private readonly knex: Knex,
    private readonly repo: SectionsRepository,
    private readonly org: OrgRepository,
    private readonly audit?: AuditService,
    private readonly mentions?: MentionNotifier,
  ) {}

  /**
   * Admins read every restricted section (the help text says so): each time an admin reads one that
   * they could not read without the admin role (no membership, editorship, grant or own page), the
   * read is recorded in the audit log, so such reads stay visible. Costs one query only when an admin
   * is shown a restricted section.
   */
  private async auditAdminReads(actor: Actor, owner: SectionOwner, shown: Array<Pick<Section, 'id' | 'visibility'>>): Promise<void> {
    if (actor.role !== 'admin' || !this.audit) return;
    const restricted = shown.filter((s) => s.visibility === 'restricted');
    if (!restricted.length) return;
    const asMember = new Set((await this.repo.listReadable({ ...actor, role: 'member' }, owner)).map((s) => s.id));
    for (const section of restricted) {
      if (asMember.has(section.id)) continue;
      await this.audit.record(userActor({ id: actor.id }), 'sections.read.admin', {
        workspaceId: actor.workspaceId,
        target: { type: 'section', id: section.id },
        details: 'nodeId' in owner ? { node: owner.nodeId } : { person: owner.personId },
      });
    }
  }

  private async ownerOf(actor: Actor, owner: SectionOwner): Promise<SectionOwner> {
    if ('nodeId' in owner) {
      if (!(await this.org.findNode(actor.workspaceId, owner.nodeId))) throw new NotFoundError('org.nodeNotFound');
    } else if (!(await this.org.findPerson(actor.workspaceId, { id: owner.personId }))) {
      throw new NotFoundError('org.personNotFound');
    }
    return owner;
  }

  /** What the actor may do with the sections of one owner. */
  async rights(actor: Actor, owner: SectionOwner): Promise<{ canEdit: boolean; canGovern: boolean }> {
    if ('nodeId' in owner) {
      const resource = { kind: 'nodeSection' as const, workspaceId: actor.workspaceId, relation: await this.org.relationTo(actor.workspaceId, actor.id, owner.nodeId) };
      return { canEdit: can(actor, 'edit', resource), canGovern: can(actor, 'govern', resource) };
    }
    const resource = { kind: 'personSection' as const, workspaceId: actor.workspaceId, personId: owner.personId };
    return { canEdit: can(actor, 'edit', resource), canGovern: can(actor, 'govern', resource) };
  }

  private ownerOfSection(section: Section): SectionOwner {
    return section.nodeId ? { nodeId: section.nodeId } : { personId: section.personId! };
  }

  private authorizeOn(actor: Actor, section: Section, action: 'edit' | 'govern'): Promise<void> {
    return this.authorizeOnOwner(actor, this.ownerOfSection(section), action);
  }

  private async authorizeOnOwner(actor: Actor, owner: SectionOwner, action: 'edit' | 'govern'): Promise<void> {
    if ('nodeId' in owner) {
      authorize(actor, action, { kind: 'nodeSection', workspaceId: actor.workspaceId, relation: await this.org.relationTo(actor.workspaceId, actor.id, owner.nodeId) });
    } else {
      authorize(actor, action, { kind: 'personSection', workspaceId: actor.workspaceId, personId: owner.personId });
    }
  }

  /** A section the actor may read, else 404 (unknown, another workspace's, or restricted from them alike). */
  async requireReadable(actor: Actor, id: string): Promise<Section> {
    const section = await this.repo.findReadable(actor, id);
    if (!section) throw new NotFoundError('sections.notFound');
    return section;
  }

  /** `knownRights`: what the caller already asked rights() for (saves the lookups on a page). */
  async list(actor: Actor, owner: SectionOwner, knownRights?: { canEdit: boolean; canGovern: boolean }): Promise<SectionView[]> {
    if (!knownRights) await this.ownerOf(actor, owner);
    const [sections, rights] = await Promise.all([this.repo.listReadable(actor, owner), knownRights ?? this.rights(actor, owner)]);
    await this.auditAdminReads(actor, owner, sections);
    return sections.map((s) => ({ ...s, html: renderMarkdown(s.body), ...rights }));
  }

  /**
   * The sections last edited in the reader's teams (Home): titles and who edited when, no bodies.
   * Read by membership only, so an admin's Home shows what any member of their teams sees and no
   * admin read happens (nothing to audit).
   */
  recentInMyTeams(actor: Actor, limit: number): Promise<RecentSection[]> {
    return this.repo.recentInMyTeams(actor, limit);
  }

  async get(actor: Actor, id: string): Promise<SectionView> {
    const section = await this.requireReadable(actor, id);
    const [listed] = (await this.repo.listReadable(actor, this.ownerOfSection(section))).filter((s) => s.id === id);
    await this.auditAdminReads(actor, this.ownerOfSection(section), [section]);
    return { ...listed!, html: renderMarkdown(section.body), ...(await this.rights(actor, this.ownerOfSection(section))) };
  }

  countReadable(actor: Actor, owner: SectionOwner): Promise<number> {
    return this.repo.countReadable(actor, owner);
  }

  private checkContent(kind: string, title: string | null | undefined, body: string | undefined): void {
    if (kind === 'custom' && !title) throw new ValidationError({ title: 'sections.titleRequired' });
    if (body !== undefined && hasControlCharacters(body)) throw new ValidationError({ body: 'sections.malformedBody' });
  }

  async create(actor: Actor, owner: SectionOwner, input: CreateSectionInput): Promise<Section> {
    await this.ownerOf(actor, owner);
    await this.authorizeOnOwner(actor, owner, 'edit');
    const title = input.title ?? null;
    this.checkContent(input.kind, title, input.body);
    const at = now();
    const section: Section = {
      id: newId(),
      workspaceId: actor.workspaceId,
      nodeId: 'nodeId' in owner ? owner.nodeId : null,
      personId: 'personId' in owner ? owner.personId : null,
      kind: input.kind,
      title,
      body: input.body,
      visibility: input.visibility,
      position: 0,
      revision: 1,
      createdBy: actor.id,
      updatedBy: actor.id,
      createdAt: at,
      updatedAt: at,
    };
    await this.knex.transaction(async (trx) => {
      section.position = await this.repo.nextPosition(owner, trx);
      await this.repo.insert(section, trx);
      await this.repo.insertRevision({ id: newId(), workspaceId: actor.workspaceId, sectionId: section.id, number: 1, title, body: section.body, visibility: section.visibility, authorId: actor.id, createdAt: at }, trx);
      await this.mentions?.notify(trx, { workspaceId: section.workspaceId, actorId: actor.id, before: null, after: section.body, subject: { section: section.id } });
    });
    return section;
  }

  /** Writes a new revision; changing the visibility needs the govern right (leads, admins). */
  async update(actor: Actor, id: string, input: UpdateSectionInput): Promise<Section> {
    const section = await this.requireReadable(actor, id);
    await this.authorizeOn(actor, section, 'edit');
    if (input.visibility !== undefined && input.visibility !== section.visibility) await this.authorizeOn(actor, section, 'govern');
    if (input.baseRevision !== undefined && input.baseRevision !== section.revision) throw new ConflictError('sections.stale', { body: 'sections.stale' });
    const title = input.title !== undefined ? input.title : section.title;
    const body = input.body ?? section.body;
    const visibility = input.visibility ?? section.visibility;
    this.checkContent(section.kind, title, body);
    if (title === section.title && body === section.body && visibility === section.visibility) return section;
    return this.writeRevision(actor, section, { title, body, visibility });
  }

  private async writeRevision(actor: Actor, section: Section, content: Pick<Section, 'title' | 'body' | 'visibility'>): Promise<Section> {
    const at = now();
    const number = section.revision + 1;
    try {
      await this.knex.transaction(async (trx) => {
        await this.repo.insertRevision({ id: newId(), workspaceId: section.workspaceId, sectionId: section.id, number, ...content, authorId: actor.id, createdAt: at }, trx);
        await this.repo.update(section.id, { ...content, revision: number, updatedBy: actor.id, updatedAt: at }, trx);
        // Only mentions the previous revision did not have (an edit that keeps a mention is silent); after the update, so who may read is decided on the new visibility.
        await this.mentions?.notify(trx, { workspaceId: section.workspaceId, actorId: actor.id, before: section.body, after: content.body, subject: { section: section.id } });
      });
    } catch (error) {
      // Two edits from the same revision: the unique (section, number) lets one win.
      if ((error as { code?: string }).code === '23505' || String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw new ConflictError('sections.stale', { body: 'sections.stale' });
      throw error;
    }
    return (await this.repo.findInWorkspace(section.workspaceId, section.id))!;
  }

  /** Deletes softly, so undelete() can bring the section back whole (history, grants, discussion, search). */
  async remove(actor: Actor, id: string): Promise<void> {
    const section = await this.requireReadable(actor, id);
    await this.authorizeOn(actor, section, 'edit');
    await this.repo.markDeleted(section.id, now());
  }

  /** Undoes a delete (until the deleted_sections retention policy removes the section for good). */
  async undelete(actor: Actor, id: string): Promise<Section> {
    const section = await this.repo.findDeletedReadable(actor, id);
    if (!section) throw new NotFoundError('sections.notFound');
    await this.authorizeOn(actor, section, 'edit');
    await this.repo.unmarkDeleted(section.id);
    return section;
  }

  /** Puts the owner's sections in the given order; the list must name each of them once. */
  async reorder(actor: Actor, owner: SectionOwner, ids: string[]): Promise<void> {
    await this.ownerOf(actor, owner);
    await this.authorizeOnOwner(actor, owner, 'edit');
    const current = await this.repo.ownerSectionIds(actor.workspaceId, owner);
    const known = new Set(current);
    if (ids.length !== current.length || new Set(ids).size !== ids.length || ids.some((i) => !known.has(i))) throw new ValidationError({ ids: 'sections.reorderIds' });
    await this.knex.transaction(async (trx) => {
      for (const [position, sectionId] of ids.entries()) await this.repo.setPosition(sectionId, position, trx);
    });
  }

  async move(actor: Actor, id: string, direction: 'up' | 'down'): Promise<Section> {
    const section = await this.requireReadable(actor, id);
    await this.authorizeOn(actor, section, 'edit');
    const owner = this.ownerOfSection(section);
    const ids = await this.repo.ownerSectionIds(actor.workspaceId, owner);
    const index = ids.indexOf(section.id);
    const target = direction === 'up' ? index - 1 : index + 1;
    if (target >= 0 && target < ids.length) {
      [ids[index], ids[target]] = [ids[target]!, ids[index]!];
      await this.reorder(actor, owner, ids);
    }
    return section;
  }

  // ---- revisions ----

  async revisions(actor: Actor, id: string): Promise<{ section: Section; revisions: Revision[] }> {
    const section = await this.requireReadable(actor, id);
    return { section, revisions: await this.repo.revisions(section.id) };
  }

  async diff(actor: Actor, id: string, from: number, to: number): Promise<{ from: Revision; to: Revision; title: DiffPart[]; body: DiffPart[] }> {
    const section = await this.requireReadable(actor, id);
    const [a, b] = await Promise.all([this.repo.revision(section.id, from), this.repo.revision(section.id, to)]);
    if (!a) throw new ValidationError({ from: 'sections.unknownRevision' });
    if (!b) throw new ValidationError({ to: 'sections.unknownRevision' });
    // Loaded at the first comparison, not at start-up: a replica that never shows one never holds it.
    const { diffWordsWithSpace } = await import('diff');
    const parts = (list: Array<{ value: string; added?: boolean; removed?: boolean }>) => list.map((p) => ({ value: p.value, added: Boolean(p.added), removed: Boolean(p.removed) }));
    // Word by word with whitespace kept as tokens: an unchanged line is never reported as removed and
    // added (as a line diff does when only a word or the last line end changed), and line breaks stay
    // where they were. Older revisions may hold CRLF from before bodies were normalised.
    const words = (x: string, y: string) => parts(diffWordsWithSpace(normaliseLineEnds(x), normaliseLineEnds(y)));
    return { from: a, to: b, title: words(a.title ?? '', b.title ?? ''), body: words(a.body, b.body) };
  }

  /** Restores an old revision's title and body as a new revision (the visibility stays as it is now). */
  async restore(actor: Actor, id: string, number: number): Promise<Section> {
    const section = await this.requireReadable(actor, id);
    await this.authorizeOn(actor, section, 'edit');
    const old = await this.repo.revision(section.id, number);
    if (!old) throw new ValidationError({ revision: 'sections.unknownRevision' });
    return this.writeRevision(actor, section, { title: old.title, body: old.body, visibility: section.visibility });
  }

  // ---- grants ----

  async grants(actor: Actor, id: string): Promise<Grant[]> {
    const section = await this.requireReadable(actor, id);
    await this.authorizeOn(actor, section, 'govern');
    return this.repo.grants(section.id);
  }

  async addGrant(actor: Actor, id: string, grantee: { userId?: string; email?: string; nodeId?: string }): Promise<Grant[]> {
    const section = await this.requireReadable(actor, id);
    await this.authorizeOn(actor, section, 'govern');
    let userId: string | null = null;
    let nodeId: string | null = null;
    if (grantee.nodeId) {
      const node = await this.org.findNode(actor.workspaceId, grantee.nodeId);
      if (!node) throw new ValidationError({ nodeId: 'org.unknownNode' });
      nodeId = node.id;
    } else {
      const person = await this.org.findPerson(actor.workspaceId, { id: grantee.userId, email: grantee.email });
      if (!person) throw new ValidationError({ [grantee.email !== undefined ? 'email' : 'userId']: 'org.personNotFound' });
      userId = person.id;
    }
    if (!(await this.repo.grantExists(section.id, { userId: userId ?? undefined, nodeId: nodeId ?? undefined }))) {
      await this.repo.insertGrant({ id: newId(), workspaceId: actor.workspaceId, sectionId: section.id, userId, nodeId, createdAt: now() });
    }
    return this.repo.grants(section.id);
  }

  async removeGrant(actor: Actor, id: string, grantId: string): Promise<void> {
    const section = await this.requireReadable(actor, id);
    await this.authorizeOn(actor, section, 'govern');
    if (!(await this.repo.deleteGrant(section.id, grantId))) throw new NotFoundError('sections.grantNotFound');
  }

  // ---- per-reader hiding ----

  async setHidden(actor: Actor, id: string, hidden: boolean): Promise<void> {
    const section = await this.requireReadable(actor, id);
    if (hidden) await this.repo.hide({ sectionId: section.id, userId: actor.id, workspaceId: actor.workspaceId, createdAt: now() });
    else await this.repo.show(section.id, actor.id);
  }
}

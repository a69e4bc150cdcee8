// The org explorer in the browser (/org...) and as JSON (/api/v1/entities, /api/v1/nodes, ...).
// Every route needs a signed-in member; the service asks the policy for anything more.
import { Router, type Request, type Response } from 'express';
import type { OrgDeps } from './org.deps.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { formValues, handleForm } from '../../web/respond.js';
import { actorOf } from '../policy/actor.js';
import { authorize, can, noRelation, type Actor } from '../policy/policy.js';
import { createEntityInput, createNodeInput, editorForm, linkInput, memberForm, moveInput, reorderInput, roleInput, updateEntityInput, updateNodeInput } from './org.schema.js';
import { entityName, type OrgService } from './org.service.js';
import type { NodeSummary, OrgEntity, OrgNode } from './org.repository.js';
import { orgChartSvg } from './org.chart.js';
import { chartLabels, entityPage, explorerPage, manageEntitiesPage, nodeManagePage, nodePage, type NodePageData } from './org.views.js';
import { flash, toast, toastWaiting } from '../../web/flash.js';
import type { SectionsService } from '../sections/sections.service.js';
import { createSectionInput } from '../sections/sections.schema.js';
import { sectionTitle } from '../sections/sections.views.js';
import { AppError, ForbiddenError, ValidationError } from '../../platform/errors.js';
import './org.openapi.js';
import { addChartRoutes } from './org.chart.routes.js';
import { publicEntity } from './org.public.js';

const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());

export { publicEntity };

export function publicNode(n: OrgNode) {
  return { id: n.id, entityId: n.entityId, parentId: n.parentId, name: n.name, description: n.description, position: n.position, archived: n.archivedAt !== null, createdAt: iso(n.createdAt), updatedAt: iso(n.updatedAt) };
}

const person = (p: { id: string; firstName: string; lastName: string; title: string | null }) => ({ id: p.id, firstName: p.firstName, lastName: p.lastName, title: p.title });

export function publicSummary(n: NodeSummary) {
  return { ...publicNode(n), leads: n.leads.map(person), memberCount: n.memberCount, totalCount: n.totalCount };
}

/** Builds everything the node page shows, asking the policy what the reader may do. */
async function nodePageData(org: OrgService, sections: SectionsService, c: OrgDeps, actor: Actor, req: Request, id: string, state: Partial<NodePageData> = {}): Promise<NodePageData> {
  const details = await org.details(actor, id);
  const resource = { kind: 'node' as const, workspaceId: actor.workspaceId, relation: details.relation };
  // The node exists (details found it), so rights can be derived from the relation already loaded.
  const sectionResource = { kind: 'nodeSection' as const, workspaceId: actor.workspaceId, relation: details.relation };
  const rights = { canEdit: can(actor, 'edit', sectionResource), canGovern: can(actor, 'govern', sectionResource) };
  const allowed = {
    update: can(actor, 'update', resource),
    move: can(actor, 'move', resource),
    archive: can(actor, 'archive', resource),
    manageMembers: can(actor, 'manageMembers', resource),
    manageEditors: can(actor, 'manageEditors', resource),
    link: can(actor, 'create', { kind: 'link', workspaceId: actor.workspaceId, from: details.relation, to: { ...details.relation, isLead: false } }),
  };
  const entities = details.links.length || allowed.link ? await org.listEntities(actor, { includeArchived: true }) : [];
  const entityNames = new Map(entities.map((e) => [e.id, entityName(e, req.t)]));
  const repo = c.repositories.org;
  const sameEntityNodes = allowed.move ? await repo.listNodes(actor.workspaceId, { entityId: details.node.entityId }) : [];
  const otherNodes = allowed.link
    ? (await repo.listNodes(actor.workspaceId)).filter((n) => n.entityId !== details.node.entityId).map((n) => ({ ...n, entityLabel: entityNames.get(n.entityId) ?? '' }))
    : [];
  return { details, sections: await sections.list(actor, { nodeId: id }, rights), rights, can: allowed, sameEntityNodes, otherNodes, entityNames, ...state };
}

export function orgRouter(c: OrgDeps): Router {
  const router = Router();
  const { org, sections } = c.services;

  // ---- pages ----

  router.get('/org', requireUser, async (req, res) => {
    res.type('html').send(explorerPage(req, await org.overview(actorOf(req))));
  });

  router.get('/org/entities/:id', requireUser, async (req, res) => {
    const { entity, nodes } = await org.tree(actorOf(req), req.params.id as string);
    res.type('html').send(entityPage(req, entity, nodes));
  });

  router.get('/org/entities/:id/chart.svg', requireUser, async (req, res) => {
    const { entity, nodes } = await org.tree(actorOf(req), req.params.id as string);
    res.type('image/svg+xml');
    if (req.query.download === '1') res.attachment(`${entityName(entity, req.t)}.svg`);
    res.send(orgChartSvg(nodes, chartLabels(req, entity), { standalone: true }));
  });

  router.get('/org/manage', requireUser, async (req, res) => {
    const notice = req.query.done && !toastWaiting(req) ? req.t('org.saved') : undefined;
    res.type('html').send(manageEntitiesPage(req, await org.entitiesToManage(actorOf(req)), { notice }));
  });

  /** A refused change re-shows the page with the reason on the row it came from (the entity in the path), and what was typed. */
  const manageForm = async (req: Request, res: Response, action: () => Promise<void>) => {
    const entities = await org.entitiesToManage(actorOf(req));
    const failed = typeof req.params.id === 'string' ? { id: req.params.id, name: formValues(req.body, ['name']).name } : undefined;
    await handleForm(req, res, (s) => manageEntitiesPage(req, entities, { ...s, failed }), action);
  };

  router.post('/org/entities', requireUser, async (req, res) => {
    await manageForm(req, res, async () => {
      await org.createEntity(actorOf(req), parseInput(createEntityInput, req.body));
      toast(req, req.t('org.saved'));
      res.redirect(303, '/org/manage?done=1');
    });
  });

  router.post('/org/entities/:id', requireUser, async (req, res) => {
    await manageForm(req, res, async () => {
      await org.updateEntity(actorOf(req), req.params.id as string, parseInput(updateEntityInput.pick({ name: true }).required(), req.body));
      toast(req, req.t('org.saved'));
      res.redirect(303, '/org/manage?done=1');
    });
  });

  router.post('/org/entities/:id/archive', requireUser, async (req, res) => {
    await manageForm(req, res, async () => {
      await org.updateEntity(actorOf(req), req.params.id as string, parseInput(updateEntityInput.pick({ archived: true }).required(), req.body));
      toast(req, req.t('org.saved'));
      res.redirect(303, '/org/manage?done=1');
    });
  });

  router.post('/org/entities/:id/move', requireUser, async (req, res) => {
    await manageForm(req, res, async () => {
      await org.moveEntity(actorOf(req), req.params.id as string, parseInput(moveInput, req.body).direction);
      toast(req, req.t('org.saved'));
      res.redirect(303, '/org/manage?done=1');
    });
  });

  router.post('/org/nodes', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const entityId = typeof req.body?.entityId === 'string' ? req.body.entityId : '';
    const values = formValues(req.body, ['name', 'parentId', 'description']);
    // Who may create comes before what the form names: a refused person gets 403, whatever the entity.
    authorize(actor, 'create', { kind: 'node', workspaceId: actor.workspaceId, relation: noRelation('', actor.workspaceId) });
    const entity = await c.repositories.org.findEntity(actor.workspaceId, entityId);
    if (!entity) throw new ValidationError({ entityId: 'org.unknownEntity' });
    const nodes = await c.repositories.org.summaries(actor.workspaceId, entity.id);
    await handleForm(
      req,
      res,
      (s) => entityPage(req, entity, nodes, { ...s, values }),
      async () => {
        const node = await org.createNode(actor, parseInput(createNodeInput, req.body));
        toast(req, req.t('org.saved'));
        res.redirect(303, `/org/nodes/${node.id}`);
      },
    );
  });

  router.get('/org/nodes/:id', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const notice = req.query.done && !toastWaiting(req) ? req.t('org.saved') : undefined;
    res.type('html').send(nodePage(req, await nodePageData(org, sections, c, actor, req, req.params.id as string, { notice })));
  });

  // Reading first: membership, links, editors and settings live on the node's Manage tab.
  router.get('/org/nodes/:id/manage', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const notice = req.query.done && !toastWaiting(req) ? req.t('org.saved') : undefined;
    const data = await nodePageData(org, sections, c, actor, req, req.params.id as string, { notice });
    if (!Object.values(data.can).some(Boolean)) throw new ForbiddenError();
    res.type('html').send(nodeManagePage(req, data));
  });

  /** Node forms: on a 4xx the page with the form (Manage, or the node page for sections) comes back with its status and the field messages. */
  const nodeForm = async (req: Request, res: Response, action: () => Promise<void>, view: typeof nodePage = nodeManagePage) => {
    const actor = actorOf(req);
    const id = req.params.id as string;
    await org.requireNode(actor, id);
    try {
      await action();
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const message = error instanceof ValidationError ? req.t('errors.validation') : req.t(error.message);
      const data = await nodePageData(org, sections, c, actor, req, id, { errors: error.fields, message });
      res.status(error.status).type('html').send(view(req, data));
    }
  };

  router.post('/org/nodes/:id', requireUser, async (req, res) => {
    await nodeForm(req, res, async () => {
      const input = parseInput(updateNodeInput.omit({ archived: true }), req.body);
      const actor = actorOf(req);
      // A form only sends the fields the reader may change.
      const node = await org.requireNode(actor, req.params.id as string);
      if (input.parentId === undefined && !('parentId' in (req.body ?? {}))) input.parentId = node.parentId;
      await org.updateNode(actor, node.id, input);
      toast(req, req.t('org.saved'));
      res.redirect(303, `/org/nodes/${node.id}/manage?done=1`);
    });
  });

  router.post('/org/nodes/:id/sections', requireUser, async (req, res) => {
    await nodeForm(req, res, async () => {
      const section = await sections.create(actorOf(req), { nodeId: req.params.id as string }, parseInput(createSectionInput, req.body));
      toast(req, req.t('sections.added', { name: sectionTitle(req, section) }));
      res.redirect(303, `/org/nodes/${req.params.id}#section-${section.id}`);
    }, nodePage);
  });

  router.post('/org/nodes/:id/archive', requireUser, async (req, res) => {
    await nodeForm(req, res, async () => {
      await org.updateNode(actorOf(req), req.params.id as string, parseInput(updateNodeInput.pick({ archived: true }).required(), req.body));
      toast(req, req.t('org.saved'));
      res.redirect(303, `/org/nodes/${req.params.id}/manage?done=1`);
    });
  });

  router.post('/org/nodes/:id/members', requireUser, async (req, res) => {
    await nodeForm(req, res, async () => {
      const input = parseInput(memberForm, req.body);
      await org.setMember(actorOf(req), req.params.id as string, { email: input.email }, input.role);
      toast(req, req.t('org.saved'));
      res.redirect(303, `/org/nodes/${req.params.id}/manage?done=1#members`);
    });
  });

  // Removals answer with a toast that offers undo: the inverse action posted to a restore route.
  router.post('/org/nodes/:id/members/:userId/remove', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const nodeId = req.params.id as string;
    const userId = req.params.userId as string;
    const member = (await org.members(actor, nodeId)).find((m) => m.id === userId);
    await org.removeMember(actor, nodeId, userId);
    if (member) flash(req, { message: req.t('org.memberRemoved', { name: `${member.firstName} ${member.lastName}` }), undo: { action: `/org/nodes/${nodeId}/members/${userId}/restore`, fields: { role: member.role } } });
    res.redirect(303, `/org/nodes/${nodeId}/manage#members`);
  });

  router.post('/org/nodes/:id/members/:userId/restore', requireUser, async (req, res) => {
    await nodeForm(req, res, async () => {
      await org.setMember(actorOf(req), req.params.id as string, { id: req.params.userId as string }, parseInput(roleInput, req.body).role);
      flash(req, { message: req.t('org.restored') });
      res.redirect(303, `/org/nodes/${req.params.id}/manage#members`);
    });
  });

  router.post('/org/nodes/:id/links', requireUser, async (req, res) => {
    await nodeForm(req, res, async () => {
      await org.addLink(actorOf(req), req.params.id as string, parseInput(linkInput, req.body).nodeId);
      toast(req, req.t('org.saved'));
      res.redirect(303, `/org/nodes/${req.params.id}/manage?done=1`);
    });
  });

  router.post('/org/links/:id/remove', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const link = await c.repositories.org.findLink(actor.workspaceId, req.params.id as string);
    await org.removeLink(actor, req.params.id as string);
    const other = await c.repositories.org.findNode(actor.workspaceId, link!.toNodeId);
    flash(req, { message: req.t('org.linkRemoved', { name: other?.name ?? '' }), undo: { action: `/org/nodes/${link!.fromNodeId}/links`, fields: { nodeId: link!.toNodeId } } });
    res.redirect(303, `/org/nodes/${link!.fromNodeId}/manage`);
  });

  router.post('/org/nodes/:id/editors', requireUser, async (req, res) => {
    await nodeForm(req, res, async () => {
      const input = parseInput(editorForm, { email: req.body?.editorEmail });
      await org.addEditor(actorOf(req), req.params.id as string, { email: input.email }).catch((error) => {
        if (error?.fields?.email) error.fields = { editorEmail: error.fields.email };
        throw error;
      });
      toast(req, req.t('org.saved'));
      res.redirect(303, `/org/nodes/${req.params.id}/manage?done=1`);
    });
  });

  router.post('/org/nodes/:id/editors/:userId/remove', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const nodeId = req.params.id as string;
    const userId = req.params.userId as string;
    const editor = (await org.editors(actor, nodeId)).find((e) => e.id === userId);
    await org.removeEditor(actor, nodeId, userId);
    if (editor) flash(req, { message: req.t('org.editorRemoved', { name: `${editor.firstName} ${editor.lastName}` }), undo: { action: `/org/nodes/${nodeId}/editors/${userId}/restore`, fields: {} } });
    res.redirect(303, `/org/nodes/${nodeId}/manage`);
  });

  router.post('/org/nodes/:id/editors/:userId/restore', requireUser, async (req, res) => {
    await nodeForm(req, res, async () => {
      await org.addEditor(actorOf(req), req.params.id as string, { id: req.params.userId as string });
      flash(req, { message: req.t('org.restored') });
      res.redirect(303, `/org/nodes/${req.params.id}/manage`);
    });
  });

  // The interactive charts (pages, their one-call APIs and the client script).
  addChartRoutes(router, c);

  // ---- JSON API ----

  router.get('/api/v1/entities', requireUser, async (req, res) => {
    const list = await org.listEntities(actorOf(req), { includeArchived: req.query.archived === 'true' });
    res.json({ entities: list.map((e) => publicEntity(e, req.t)) });
  });

  router.post('/api/v1/entities', requireUser, async (req, res) => {
    res.status(201).json(publicEntity(await org.createEntity(actorOf(req), parseInput(createEntityInput.strict(), req.body)), req.t));
  });

  router.put('/api/v1/entities/order', requireUser, async (req, res) => {
    const list = await org.reorderEntities(actorOf(req), parseInput(reorderInput.strict(), req.body).ids);
    res.json({ entities: list.map((e) => publicEntity(e, req.t)) });
  });

  router.get('/api/v1/entities/:id', requireUser, async (req, res) => {
    const { entity, nodes } = await org.tree(actorOf(req), req.params.id as string);
    res.json({ ...publicEntity(entity, req.t), nodes: nodes.map(publicSummary) });
  });

  router.patch('/api/v1/entities/:id', requireUser, async (req, res) => {
    res.json(publicEntity(await org.updateEntity(actorOf(req), req.params.id as string, parseInput(updateEntityInput.strict(), req.body)), req.t));
  });

  router.post('/api/v1/nodes', requireUser, async (req, res) => {
    res.status(201).json(publicNode(await org.createNode(actorOf(req), parseInput(createNodeInput.strict(), req.body))));
  });

  router.get('/api/v1/nodes/:id', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const d = await org.details(actor, req.params.id as string);
    res.json({
      ...publicNode(d.node),
      ancestors: d.ancestors.map(publicNode),
      children: d.children.map(publicNode),
      members: d.members.map((m) => ({ ...person(m), role: m.role })),
      links: d.links.map((l) => ({ id: l.id, node: l.other, direction: l.direction })),
      editors: d.editors.map(person),
      sectionCount: await sections.countReadable(actor, { nodeId: d.node.id }),
    });
  });

  router.patch('/api/v1/nodes/:id', requireUser, async (req, res) => {
    res.json(publicNode(await org.updateNode(actorOf(req), req.params.id as string, parseInput(updateNodeInput.strict(), req.body))));
  });

  router.get('/api/v1/nodes/:id/members', requireUser, async (req, res) => {
    res.json({ members: (await org.members(actorOf(req), req.params.id as string)).map((m) => ({ ...person(m), role: m.role })) });
  });

  router.put('/api/v1/nodes/:id/members/:userId', requireUser, async (req, res) => {
    const actor = actorOf(req);
    await org.setMember(actor, req.params.id as string, { id: req.params.userId as string }, parseInput(roleInput.strict(), req.body).role);
    res.json({ members: (await org.members(actor, req.params.id as string)).map((m) => ({ ...person(m), role: m.role })) });
  });

  router.delete('/api/v1/nodes/:id/members/:userId', requireUser, async (req, res) => {
    await org.removeMember(actorOf(req), req.params.id as string, req.params.userId as string);
    res.status(204).end();
  });

  router.get('/api/v1/nodes/:id/links', requireUser, async (req, res) => {
    res.json({ links: (await org.links(actorOf(req), req.params.id as string)).map((l) => ({ id: l.id, node: l.other, direction: l.direction })) });
  });

  router.post('/api/v1/nodes/:id/links', requireUser, async (req, res) => {
    res.status(201).json(await org.addLink(actorOf(req), req.params.id as string, parseInput(linkInput.strict(), req.body).nodeId));
  });

  router.delete('/api/v1/links/:id', requireUser, async (req, res) => {
    await org.removeLink(actorOf(req), req.params.id as string);
    res.status(204).end();
  });

  router.get('/api/v1/nodes/:id/editors', requireUser, async (req, res) => {
    res.json({ editors: (await org.editors(actorOf(req), req.params.id as string)).map(person) });
  });

  router.put('/api/v1/nodes/:id/editors/:userId', requireUser, async (req, res) => {
    const actor = actorOf(req);
    await org.addEditor(actor, req.params.id as string, { id: req.params.userId as string });
    res.json({ editors: (await org.editors(actor, req.params.id as string)).map(person) });
  });

  router.delete('/api/v1/nodes/:id/editors/:userId', requireUser, async (req, res) => {
    await org.removeEditor(actorOf(req), req.params.id as string, req.params.userId as string);
    res.status(204).end();
  });

  router.get('/api/v1/people/:id/memberships', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const found = await c.repositories.org.findPerson(actor.workspaceId, { id: req.params.id as string });
    if (!found) return void res.status(404).json({ error: { code: 'not_found', message: req.t('org.personNotFound') } });
    res.json({ memberships: (await org.membershipsOf(actor, found.id)).map((m) => ({ node: publicNode(m.node), role: m.role })) });
  });

  return router;
}

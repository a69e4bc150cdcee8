// The interactive org charts: their pages (/org/entities/:id/chart, /org/people/chart), their data
// (one JSON call per view: /api/v1/entities/:id/chart, /api/v1/people/chart) and the bundled client
// script (/org/assets/...). Any signed-in member of the workspace reads them, as the explorer.
import type { Request, Response, Router } from 'express';
import type { OrgDeps } from './org.deps.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { actorOf } from '../policy/actor.js';
import { OrgChartRepository, type ChartPerson } from './org.chart.repository.js';
import { OrgChartService, type EntityChart, type PeopleChart } from './org.chart.service.js';
import { chartQuery } from './org.schema.js';
import { chartAsset } from './org.chart.bundle.js';
import { chartPage } from './org.chart.views.js';
import { publicEntity } from './org.public.js';
import { entityName } from './org.service.js';
import './org.chart.openapi.js';

const person = (p: ChartPerson) => ({ id: p.id, firstName: p.firstName, lastName: p.lastName, title: p.title });

export function publicEntityChart(chart: EntityChart, t: Request['t']) {
  return {
    entity: { ...publicEntity(chart.entity, t), headcount: chart.headcount },
    root: chart.rootId,
    depth: chart.depth,
    ancestors: chart.ancestors,
    hidden: chart.hidden,
    nodes: chart.nodes.map((n) => ({ id: n.id, parentId: n.parentId, name: n.name, level: n.level, leads: n.leads.map(person), memberCount: n.memberCount, totalCount: n.totalCount, childCount: n.childCount, ...(n.links ? { links: n.links } : {}) })),
  };
}

export function publicPeopleChart(chart: PeopleChart) {
  return {
    root: chart.rootId,
    depth: chart.depth,
    ancestors: chart.ancestors,
    hidden: chart.hidden,
    people: chart.people.map((p) => ({ ...person(p), managerId: p.managerId, line: p.line, level: p.level, nodeName: p.nodeName, directReports: p.directReports, totalReports: p.totalReports })),
    lines: chart.lines,
  };
}

export function addChartRoutes(router: Router, c: OrgDeps): void {
  const charts = new OrgChartService(new OrgChartRepository(c.knex), c.repositories.org);

  router.get('/api/v1/entities/:id/chart', requireUser, async (req, res) => {
    const query = parseInput(chartQuery.omit({ focus: true }), req.query);
    const chart = await charts.entityChart(actorOf(req), req.params.id as string, query);
    res.json(publicEntityChart(chart, req.t));
  });

  router.get('/api/v1/people/chart', requireUser, async (req, res) => {
    const query = parseInput(chartQuery.omit({ links: true, focus: true }), req.query);
    res.json(publicPeopleChart(await charts.peopleChart(actorOf(req), query)));
  });

  router.get('/org/entities/:id/chart', requireUser, async (req, res) => {
    const query = parseInput(chartQuery, req.query);
    const entity = await c.services.org.getEntity(actorOf(req), req.params.id as string);
    const params = new URLSearchParams({ depth: String(Math.max(query.depth, 8)), ...(query.root ? { root: query.root } : {}) });
    res.type('html').send(chartPage(req, { kind: 'nodes', title: req.t('org.chartOf', { name: entityName(entity, req.t) }), api: `/api/v1/entities/${entity.id}/chart?${params}`, entityId: entity.id, focus: query.focus }));
  });

  router.get('/org/people/chart', requireUser, async (req, res) => {
    const query = parseInput(chartQuery.omit({ links: true }), req.query);
    const params = new URLSearchParams({ depth: String(query.depth), ...(query.root ? { root: query.root } : {}) });
    res.type('html').send(chartPage(req, { kind: 'people', title: req.t('org.peopleChart'), api: `/api/v1/people/chart?${params}`, focus: query.focus ?? query.root }));
  });

  router.get('/org/assets/:file', async (req: Request, res: Response) => {
    const asset = await chartAsset(req.params.file as string);
    if (!asset) return void res.status(404).type('text').send('Not found');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('ETag', asset.etag);
    if (req.headers['if-none-match'] === asset.etag) return void res.status(304).end();
    res.type(asset.type).send(asset.body);
  });
}

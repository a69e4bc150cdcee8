// The chart APIs in the OpenAPI document.
import { z } from 'zod';
import { idParam, json, registerPath } from '../../web/openapi.js';

const personRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), title: z.string().nullable() });
const crumb = z.object({ id: z.string(), name: z.string() });
const depth = z.number().int().min(1).max(12).optional().describe('Levels in the view, from the root (default 4, at most 12): deeper nodes are counted in `hidden` and fetched with their own root');
const chartNode = z
  .object({
    id: z.string(),
    parentId: z.string().nullable().describe('null for the view\'s top nodes'),
    name: z.string(),
    level: z.number().describe('0 for the view\'s top nodes'),
    leads: z.array(personRef),
    memberCount: z.number().describe('Direct headcount'),
    totalCount: z.number().describe('Total headcount: unique people in the subtree'),
    childCount: z.number().describe('Sub-nodes, shown in this view or not'),
    links: z.array(z.object({ id: z.string(), name: z.string(), entityId: z.string() })).optional().describe('Linked nodes of other entities (links=true)'),
  })
  .meta({ id: 'ChartNode' });
const chartPerson = personRef
  .extend({ managerId: z.string().nullable(), line: z.enum(['solid', 'cross']).nullable().describe('The line to the manager: cross when it comes through a link to another entity'), level: z.number(), nodeName: z.string().nullable().describe('The node that gives the solid reporting line'), directReports: z.number(), totalReports: z.number() })
  .meta({ id: 'ChartPerson' });

registerPath({
  method: 'get',
  path: '/api/v1/entities/{id}/chart',
  tags: ['org'],
  summary: 'The node chart of an entity in one call: live nodes from the top (or from root) down to depth levels, with leads and direct and total headcounts',
  request: { params: idParam, query: z.object({ root: z.string().optional().describe('A node of the entity to start from'), depth, links: z.enum(['true', 'false']).optional() }) },
  responses: {
    200: json(z.object({ entity: z.object({ id: z.string(), name: z.string(), headcount: z.number().describe('Unique people in the entity') }).passthrough(), root: z.string().nullable(), depth: z.number(), ancestors: z.array(crumb).describe('From the top down to the root\'s parent'), hidden: z.number(), nodes: z.array(chartNode) }).meta({ id: 'EntityChart' })),
  },
});
registerPath({
  method: 'get',
  path: '/api/v1/people/chart',
  tags: ['org'],
  summary: 'The people chart in one call: reporting lines derived from node leads (solid), with second leads (dotted) and lines through other nodes or entities (cross), from root (default: the top of the largest reporting tree) down to depth levels',
  request: { query: z.object({ root: z.string().optional().describe('A person to start from'), depth }) },
  responses: {
    200: json(
      z
        .object({ root: z.string().nullable(), depth: z.number(), ancestors: z.array(crumb).describe('Managers from the top down to the root\'s manager'), hidden: z.number(), people: z.array(chartPerson), lines: z.array(z.object({ from: z.string(), to: z.string(), kind: z.enum(['dotted', 'cross']) })) })
        .meta({ id: 'PeopleChart' }),
    ),
  },
});

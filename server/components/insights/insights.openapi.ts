// /api/v1/insights in the OpenAPI document: the boards a caller may open, one board as JSON, and
// the CSV of one of its charts or lists.
import { z } from 'zod';
import { json, registerPath } from '../../web/openapi.js';
import { boardQuery } from './insights.schema.js';
import { boardIds } from './insights.types.js';

const series = z.object({ name: z.string(), values: z.array(z.number().nullable()).describe('One value per category; null = hidden (a group under k people, or complementary suppression)') }).meta({ id: 'InsightSeries' });
const chart = z
  .object({
    id: z.string(),
    title: z.string(),
    sentence: z.string(),
    kind: z.enum(['bar', 'stackedBar', 'histogram', 'line', 'matrix']),
    categories: z.array(z.string()),
    categoryLinks: z.array(z.string().nullable()).optional(),
    series: z.array(series),
    unit: z.string(),
    suppressed: z.boolean(),
  })
  .meta({ id: 'InsightChart' });
const list = z
  .object({ id: z.string(), title: z.string(), sentence: z.string(), columns: z.array(z.string()), rows: z.array(z.object({ cells: z.array(z.union([z.string(), z.number()])), link: z.string().nullable().optional() })) })
  .meta({ id: 'InsightList' });
const board = z
  .object({
    id: z.enum(boardIds),
    title: z.string(),
    sentence: z.string(),
    scope: z.union([z.object({ kind: z.literal('workspace') }), z.object({ kind: z.literal('node'), nodeId: z.string(), name: z.string() })]),
    period: z.object({ from: z.string(), to: z.string() }),
    k: z.number().int().describe('The anonymity threshold applied (insights.minGroupSize)'),
    charts: z.array(chart),
    lists: z.array(list),
    snapshotAt: z.string().nullable().describe('When the snapshot the behavioural figures come from was taken; null for structure (computed on request) or before the first snapshot'),
  })
  .meta({ id: 'InsightBoard' });
const visible = z
  .object({ id: z.enum(boardIds), title: z.string(), sentence: z.string(), workspace: z.boolean(), nodes: z.array(z.object({ id: z.string(), name: z.string() })), anyNode: z.boolean() })
  .meta({ id: 'InsightBoardAccess' });
const boardParam = z.object({ board: z.enum(boardIds) });
const tags = ['insights'];

registerPath({ method: 'get', path: '/api/v1/insights', tags, summary: 'The insights boards the caller may open: workspace-wide structure for everyone, every board of the nodes they lead, everything for admins', responses: { 200: json(z.object({ boards: z.array(visible) })) } });
registerPath({ method: 'get', path: '/api/v1/insights/{board}', tags, summary: 'One board for the workspace or a node\'s subtree (node=), over a period (from=, to=, ISO dates); behavioural figures of groups under k people are null', request: { params: boardParam, query: boardQuery }, responses: { 200: json(board) } });
registerPath({
  method: 'get',
  path: '/api/v1/insights/{board}/{chart}.csv',
  tags,
  summary: 'One chart or list of a board as CSV (the same figures; a hidden value is an empty cell)',
  request: { params: boardParam.extend({ chart: z.string().max(60) }), query: boardQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
});

// /api/v1/insights: the boards a viewer may open, a board as JSON, one chart or list as CSV. Thin:
// guard -> zod parse -> the insights service (who may see what is decided there).
import { Router } from 'express';
import { NotFoundError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { boardCsv, csvFileName } from './insights.csv.js';
import { boardQuery } from './insights.schema.js';
import { isBoardId, type InsightsApi } from './insights.service.js';
import { viewerOf } from './insights.viewer.js';
import './insights.openapi.js';

/** What the insights routes use of the container. */
export interface InsightsRouteDeps {
  services: { insights: InsightsApi };
}

export function insightsRouter(c: InsightsRouteDeps): Router {
  const router = Router();
  const { insights } = c.services;

  const boardOf = async (req: Parameters<typeof viewerOf>[0], board: string) => {
    if (!isBoardId(board)) throw new NotFoundError('insights.errors.boardNotFound');
    const query = parseInput(boardQuery, req.query);
    return insights.board(viewerOf(req), board, { nodeId: query.node, from: query.from, to: query.to });
  };

  router.get('/api/v1/insights', requireUser, async (req, res) => {
    res.json({ boards: await insights.visibleBoards(viewerOf(req)) });
  });

  router.get('/api/v1/insights/:board', requireUser, async (req, res) => {
    res.json(await boardOf(req, req.params.board as string));
  });

  router.get('/api/v1/insights/:board/:file', requireUser, async (req, res) => {
    const file = req.params.file as string;
    if (!file.endsWith('.csv')) throw new NotFoundError('insights.errors.chartNotFound');
    const board = await boardOf(req, req.params.board as string);
    const id = file.slice(0, -'.csv'.length);
    const csv = boardCsv(board, id);
    if (csv === undefined) throw new NotFoundError('insights.errors.chartNotFound');
    res.setHeader('Content-Disposition', `attachment; filename="${csvFileName(board, id)}"`);
    res.type('text/csv; charset=utf-8').send(csv);
  });

  return router;
}

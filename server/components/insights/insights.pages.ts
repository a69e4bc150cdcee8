// GET /insights (the boards this viewer may open) and GET /insights/{board}?node=&from=&to= (one
// board). Thin: guard -> filter parse -> the insights service -> the views. A filter the form cannot
// have sent (a bad date, a period that ends before it starts) answers 400 with the field's reason and
// the board for the fields that were right; who may see which scope is the service's rule (403/404 from it).
import { Router, type Request } from 'express';
import { requireUser } from '../../web/guards.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { OrgRepository } from '../org/org.repository.js';
import { isBoardId, type InsightsApi, type VisibleBoard } from './insights.service.js';
import { viewerOf } from './insights.viewer.js';
import { boardFilter, type BoardFilter } from './insights.filter.js';
import { boardPage, insightsIndexPage } from './insights.views.js';

/** What the Insights pages use of the container. */
export interface InsightsPagesDeps {
  services: { insights: Pick<InsightsApi, 'board' | 'visibleBoards'> };
  repositories: { org: Pick<OrgRepository, 'listNodes'> };
}

export function insightsPagesRouter(c: InsightsPagesDeps): Router {
  const router = Router();
  const service = c.services.insights;

  /** The nodes the filter offers: every node for whoever may open any node, else the viewer's own. */
  async function filterNodes(req: Request, board: VisibleBoard | undefined): Promise<Array<{ id: string; name: string }>> {
    if (!board) return [];
    if (!board.anyNode) return board.nodes;
    const nodes = await c.repositories.org.listNodes(req.user!.workspaceId);
    return nodes.map((n) => ({ id: n.id, name: n.name })).sort((a, b) => a.name.localeCompare(b.name, req.lang));
  }

  router.get('/insights', requireUser, async (req, res) => {
    res.type('html').send(insightsIndexPage(req, await service.visibleBoards(viewerOf(req))));
  });

  router.get('/insights/:board', requireUser, async (req, res, next) => {
    const id = String(req.params.board);
    if (!isBoardId(id)) return next();
    const viewer = viewerOf(req);
    const parsed = boardFilter.safeParse(req.query);
    let filter: BoardFilter = {};
    let errors: FieldErrors | undefined;
    if (parsed.success) filter = parsed.data;
    else {
      errors = {};
      for (const issue of parsed.error.issues) errors[issue.path.join('.') || '_'] ??= issue.message;
      // The board shows with the fields that were right (a lead keeps their node when only a date was wrong).
      const kept = Object.fromEntries(Object.entries(req.query).filter(([name]) => !errors![name]));
      filter = boardFilter.safeParse(kept).data ?? {};
    }
    const visible = await service.visibleBoards(viewer);
    const board = await service.board(viewer, id, { nodeId: filter.node, from: filter.from, to: filter.to });
    const nodes = await filterNodes(req, visible.find((b) => b.id === id));
    res
      .status(errors ? 400 : 200)
      .type('html')
      .send(boardPage(req, { board, visible, nodes, filter, errors }));
  });

  return router;
}

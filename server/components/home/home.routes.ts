// Home: a place to start the day — my teams, my next 1:1s and open action items, mentions and
// replies, feedback received, recent changes in my teams' sections.
import { Router } from 'express';
import type { Knex } from 'knex';
import { requireUser } from '../../web/guards.js';
import { readerToday } from '../../web/time.js';
import { actorOf } from '../policy/actor.js';
import type { FeedbackService } from '../feedback/feedback.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { HomeRepository } from './home.repository.js';
import { homePage } from './home.views.js';

/** What the home page uses of the container. */
export interface HomeRouteDeps {
  knex: Knex;
  services: { workspaces: WorkspacesService; notifications: NotificationsService; feedback: FeedbackService; sections: SectionsService };
}

export function homeRouter(c: HomeRouteDeps): Router {
  const router = Router();
  const home = new HomeRepository(c.knex);
  router.get('/', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const me = req.user!;
    // Next 1:1s are those from today on, today as the reader's calendar shows it.
    const today = readerToday(req).ms;
    const [workspace, teams, oneOnOnes, actionItems, notifications, feedback, changes] = await Promise.all([
      c.services.workspaces.primaryName(),
      home.teams(actor.workspaceId, me.id),
      home.oneOnOnes(actor.workspaceId, me.id, today),
      home.openActionItems(actor.workspaceId, me.id),
      c.services.notifications.inbox(actor, 5),
      c.services.feedback.received(actor, 3),
      // Recent edits in my teams: one read over all of them, as their member (sections service).
      c.services.sections.recentInMyTeams(actor, 6),
    ]);
    res.type('html').send(
      homePage(req, {
        workspaceName: workspace.name,
        teams,
        oneOnOnes,
        actionItems,
        inbox: notifications,
        feedback: feedback.slice(0, 3),
        changes,
      }),
    );
  });
  return router;
}

import { Router } from 'express';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { html } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { requireUser } from '../../web/guards.js';

/** What the home page uses of the container. */
export interface HomeRouteDeps {
  services: { workspaces: WorkspacesService };
}

export function homeRouter(c: HomeRouteDeps): Router {
  const router = Router();
  router.get('/', requireUser, async (req, res) => {
    const { t } = req;
    const workspace = await c.services.workspaces.primaryName();
    res.type('html').send(
      page(req, {
        title: t('home.title'),
        body: html`<h1>${t('home.welcome', { name: req.user!.firstName })}</h1>
          <p>${t('home.workspace', { name: workspace.name })}</p>
          <ul class="cards">
            <li><a href="/profile">${t('home.profileLink')}</a></li>
            <li><a href="/security">${t('home.securityLink')}</a></li>
          </ul>`,
      }),
    );
  });
  return router;
}

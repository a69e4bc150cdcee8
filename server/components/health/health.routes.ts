// Liveness and readiness for probes; mounted before sessions so probes touch no session row.
import { Router } from 'express';
import type { HealthDeps } from './health.deps.js';
import { migrationStatus } from '../../db/migrate.js';
import { bootstrap } from '../../bootstrap.js';

export function healthRouter(c: HealthDeps): Router {
  const router = Router();
  let schemaCurrent = false; // once current, a running server's schema cannot fall behind

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    try {
      await c.knex.raw('select 1');
    } catch (error) {
      return res.status(503).json({ status: 'unavailable', reason: `database unreachable: ${(error as Error).message.split('\n')[0]}` });
    }
    if (!schemaCurrent) {
      const { pending } = await migrationStatus(c.knex);
      if (pending.length) return res.status(503).json({ status: 'unavailable', reason: `${pending.length} migration(s) pending: run \`opsenic migrate\``, pending });
      await bootstrap(c);
      schemaCurrent = true;
    }
    res.json({ status: 'ready' });
  });

  return router;
}

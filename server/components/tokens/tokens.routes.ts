// Personal access tokens in the browser (/tokens) and under /api/v1/tokens. Managing tokens needs
// the browser session: a token cannot create or revoke tokens.
import { Router } from 'express';
import type { TokensDeps } from './tokens.deps.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { formValues, handleForm } from '../../web/respond.js';
import { requireSession } from './bearer.js';
import { createTokenForm, createTokenInput } from './tokens.schema.js';
import { publicToken } from './tokens.service.js';
import { tokensPage } from './tokens.views.js';
import './tokens.openapi.js';

export function tokensRouter(c: TokensDeps): Router {
  const router = Router();
  const { tokens } = c.services;

  router.get('/tokens', requireUser, async (req, res) => {
    const notice = req.query.done === 'revoked' ? req.t('tokens.revokedNotice') : undefined;
    res.type('html').send(tokensPage(req, await tokens.list(req.user!.id), { notice }));
  });

  router.post('/tokens', requireUser, async (req, res) => {
    const values = formValues(req.body, ['name', 'scope', 'expiresInDays']);
    const list = await tokens.list(req.user!.id);
    await handleForm(req, res, (s) => tokensPage(req, list, { ...s, values }), async () => {
      const input = parseInput(createTokenForm, req.body);
      const { token, record } = await tokens.create(req.user!, input);
      // Shown in this response only; no redirect, so the token is never in a URL or a later page.
      res.status(201).setHeader('Cache-Control', 'no-store');
      res.type('html').send(tokensPage(req, await tokens.list(req.user!.id), { created: { token, name: record.name } }));
    });
  });

  router.post('/tokens/:id/revoke', requireUser, async (req, res) => {
    await tokens.revoke(req.user!.id, req.params.id as string);
    res.redirect(303, '/tokens?done=revoked');
  });

  router.get('/api/v1/tokens', requireUser, requireSession, async (req, res) => {
    res.json({ tokens: (await tokens.list(req.user!.id)).map(publicToken) });
  });

  router.post('/api/v1/tokens', requireUser, requireSession, async (req, res) => {
    const input = parseInput(createTokenInput.strict(), req.body);
    const { token, record } = await tokens.create(req.user!, input);
    res.status(201).setHeader('Cache-Control', 'no-store');
    res.json({ token, record: publicToken(record) });
  });

  router.delete('/api/v1/tokens/:id', requireUser, requireSession, async (req, res) => {
    res.json(publicToken(await tokens.revoke(req.user!.id, req.params.id as string)));
  });

  return router;
}

// Admins browse and filter the audit log: /admin/audit (HTML) and /api/v1/admin/audit (JSON).
import { Router, type Request, type Response } from 'express';
import type { AuditDeps } from './audit.deps.js';
import { ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { wantsJson } from '../../web/context.js';
import { requireAdmin } from '../../web/guards.js';
import { auditFilterInput } from './audit.schema.js';
import { auditPage } from './audit.views.js';
import './audit.openapi.js';

export const AUDIT_PAGE_SIZE = 50;

export function auditRouter(c: AuditDeps): Router {
  const router = Router();
  const { audit } = c.services;

  const show = async (req: Request, res: Response) => {
    const raw = req.query as Record<string, unknown>;
    const values = Object.fromEntries(['action', 'actor', 'from', 'to'].map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string) : undefined]));
    let filter;
    try {
      filter = parseInput(auditFilterInput, req.query);
    } catch (error) {
      if (!(error instanceof ValidationError) || wantsJson(req)) throw error;
      return res.status(400).type('html').send(auditPage(req, { values, errors: error.fields, message: req.t('errors.validation'), entries: [], total: 0, page: 1, pageSize: AUDIT_PAGE_SIZE, actions: [] }));
    }
    // Entries of the admin's workspace and those about no workspace (system, CLI).
    const result = await audit.search({ action: filter.action, actor: filter.actor, from: filter.from, to: filter.to, workspaceId: req.user!.workspaceId }, filter.page, AUDIT_PAGE_SIZE);
    if (wantsJson(req)) return res.json({ page: filter.page, pageSize: AUDIT_PAGE_SIZE, total: result.total, entries: result.entries });
    res.type('html').send(auditPage(req, { values, entries: result.entries, total: result.total, page: filter.page, pageSize: AUDIT_PAGE_SIZE, actions: result.actions }));
  };

  router.get('/admin/audit', requireAdmin, show);
  router.get('/api/v1/admin/audit', requireAdmin, show);
  return router;
}

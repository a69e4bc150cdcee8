// SCIM 2.0 over HTTP at /scim/v2. Mounted before the session, CSRF and personal-access-token layers:
// it reads `application/scim+json` (and `application/json`), authenticates with SCIM bearer tokens
// only, and answers every error in the SCIM error format (RFC 7644 §3.12).
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { ScimDeps } from './scim.deps.js';
import { AppError } from '../../platform/errors.js';
import { bearerToken } from '../tokens/bearer.js';
import { errorBody, ScimError } from './scim.errors.js';
import { resourceTypes, schemas, serviceProviderConfig } from './scim.resources.js';
import type { ListQuery, ScimCall } from './scim.service.js';

const CONTENT_TYPE = 'application/scim+json; charset=utf-8';

function send(res: Response, status: number, body?: unknown): void {
  if (body === undefined) {
    res.status(status).end();
    return;
  }
  res.status(status).setHeader('Cache-Control', 'no-store').type(CONTENT_TYPE).send(JSON.stringify(body));
}

function query(req: Request): ListQuery {
  const q = req.query as Record<string, unknown>;
  const one = (name: string) => {
    const v = q[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new ScimError(400, 'invalidValue', `${name} must be given once`);
    return v;
  };
  return { filter: one('filter'), startIndex: one('startIndex'), count: one('count'), attributes: one('attributes'), excludedAttributes: one('excludedAttributes') };
}

export function scimRouter(c: ScimDeps): Router {
  const router = Router();
  const { scim, scimTokens } = c.services;
  const base = () => `${c.publicUrl}/scim/v2`;
  const call = (res: Response): ScimCall => res.locals.scim as ScimCall;

  router.use((req, _res, next) => (c.config.scim.enabled ? next() : next(new ScimError(404, undefined, 'SCIM is turned off on this server (scim.enabled)'))));
  router.use(express.json({ type: ['application/scim+json', 'application/json'], limit: c.config.server.bodyLimit }));

  router.use(async (req, res, next) => {
    const secret = bearerToken(req);
    const token = secret ? await scimTokens.authenticate(secret) : undefined;
    if (!token) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="scim"');
      return next(new ScimError(401, undefined, secret ? 'the bearer token is unknown or revoked' : 'send a SCIM token as Authorization: Bearer <token> (opsenic scim token create)'));
    }
    res.locals.scim = { token, base: base() } satisfies ScimCall;
    next();
  });

  router.get('/ServiceProviderConfig', (_req, res) => send(res, 200, serviceProviderConfig(base(), c.config.scim.maxPageSize)));
  router.get('/Schemas', (_req, res) => {
    const list = schemas(base());
    send(res, 200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: list.length, startIndex: 1, itemsPerPage: list.length, Resources: list });
  });
  router.get('/Schemas/:id', (req, res) => {
    const found = schemas(base()).find((s) => s.id === req.params.id);
    if (!found) throw new ScimError(404, undefined, `schema ${req.params.id} not found`);
    send(res, 200, found);
  });
  router.get('/ResourceTypes', (_req, res) => {
    const list = resourceTypes(base());
    send(res, 200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: list.length, startIndex: 1, itemsPerPage: list.length, Resources: list });
  });
  router.get('/ResourceTypes/:id', (req, res) => {
    const found = resourceTypes(base()).find((r) => r.id === req.params.id);
    if (!found) throw new ScimError(404, undefined, `resource type ${req.params.id} not found`);
    send(res, 200, found);
  });

  router.get('/Users', async (req, res) => send(res, 200, await scim.listUsers(call(res), query(req))));
  router.post('/Users/.search', async (req, res) => send(res, 200, await scim.listUsers(call(res), searchQuery(req.body))));
  router.post('/Users', async (req, res) => {
    const created = await scim.createUser(call(res), req.body);
    res.setHeader('Location', created.meta.location);
    send(res, 201, created);
  });
  router.get('/Users/:id', async (req, res) => send(res, 200, await scim.getUser(call(res), req.params.id as string, query(req))));
  router.put('/Users/:id', async (req, res) => send(res, 200, await scim.replaceUser(call(res), req.params.id as string, req.body)));
  router.patch('/Users/:id', async (req, res) => send(res, 200, await scim.patchUser(call(res), req.params.id as string, req.body)));
  router.delete('/Users/:id', async (req, res) => {
    await scim.deleteUser(call(res), req.params.id as string);
    send(res, 204);
  });

  router.get('/Groups', async (req, res) => send(res, 200, await scim.listGroups(call(res), query(req))));
  router.post('/Groups/.search', async (req, res) => send(res, 200, await scim.listGroups(call(res), searchQuery(req.body))));
  router.post('/Groups', async (req, res) => {
    const created = (await scim.createGroup(call(res), req.body)) as { meta: { location: string } };
    res.setHeader('Location', created.meta.location);
    send(res, 201, created);
  });
  router.get('/Groups/:id', async (req, res) => send(res, 200, await scim.getGroup(call(res), req.params.id as string, query(req))));
  router.put('/Groups/:id', async (req, res) => send(res, 200, await scim.replaceGroup(call(res), req.params.id as string, req.body)));
  router.patch('/Groups/:id', async (req, res) => send(res, 200, await scim.patchGroup(call(res), req.params.id as string, req.body, query(req))));
  router.delete('/Groups/:id', async (req, res) => {
    await scim.deleteGroup(call(res), req.params.id as string);
    send(res, 204);
  });

  router.use((req, _res, next) => next(new ScimError(req.method === 'GET' || req.method === 'POST' ? 404 : 405, undefined, `no SCIM endpoint ${req.method} ${req.path}`)));

  const errors: ErrorRequestHandler = (error, req, res, _next) => {
    if (error instanceof ScimError) {
      if (error.status >= 500) c.logger.error({ err: error, reqId: req.id }, 'SCIM server error');
      return send(res, error.status, errorBody(error.status, error.message, error.scimType));
    }
    if (error instanceof AppError) {
      const fields = error.fields ? ` (${Object.entries(error.fields).map(([k, v]) => `${k}: ${req.t(v)}`).join('; ')})` : '';
      return send(res, error.status, errorBody(error.status, req.t(error.message) + fields, error.status === 409 ? 'uniqueness' : error.status === 400 ? 'invalidValue' : undefined));
    }
    const e = error as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed') return send(res, 400, errorBody(400, 'the body is not valid JSON', 'invalidSyntax'));
    if (e.type === 'entity.too.large') return send(res, 413, errorBody(413, `the body is larger than ${c.config.server.bodyLimit}`));
    if (e.status && e.status >= 400 && e.status < 500) return send(res, e.status, errorBody(e.status, 'this request is not valid'));
    c.logger.error({ err: error, reqId: req.id, method: req.method, path: req.path }, 'unexpected SCIM error');
    send(res, 500, errorBody(500, 'something went wrong on our side; it has been logged'));
  };
  router.use(errors);
  return router;
}

/** POST /.search (RFC 7644 §3.4.3): the query parameters in a JSON body. */
function searchQuery(body: unknown): ListQuery {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (v: unknown, name: string) => {
    if (v === undefined) return undefined;
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(',');
    throw new ScimError(400, 'invalidValue', `${name} has the wrong type`);
  };
  return { filter: text(b.filter, 'filter'), startIndex: text(b.startIndex, 'startIndex'), count: text(b.count, 'count'), attributes: text(b.attributes, 'attributes'), excludedAttributes: text(b.excludedAttributes, 'excludedAttributes') };
}

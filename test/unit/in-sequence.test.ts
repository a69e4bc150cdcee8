// Pathless middleware run in one Express layer: the same answers as one app.use per handler, for
// order, early answers, next(err), throws, rejected promises and next('router').
import assert from 'node:assert/strict';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { inSequence } from '../../server/web/in-sequence.js';
import { answersOf } from '../support/answers.js';

function handlers(): RequestHandler[] {
  const mark: RequestHandler = (req, _res, next) => {
    (req as { trail?: string }).trail = `${(req as { trail?: string }).trail ?? ''}m`;
    next();
  };
  const earlyAnswer: RequestHandler = (req, res, next) => (req.path === '/early' ? void res.send('early') : next());
  const failing: RequestHandler = (req, _res, next) => (req.path === '/next-error' ? next(new Error('by next')) : next());
  const throwing: RequestHandler = (req, _res, next) => {
    if (req.path === '/throw') throw new Error('thrown');
    next();
  };
  const rejecting: RequestHandler = async (req, _res, next) => {
    if (req.path === '/reject') throw new Error('rejected');
    next();
  };
  const leaving: RequestHandler = (req, _res, next) => (req.path === '/leave' ? next('router') : next());
  const pages = Router();
  pages.get('/page/:id', (req, res) => void res.send(`page ${req.params.id} ${(req as { trail?: string }).trail}`));
  return [mark, earlyAnswer, failing, throwing, rejecting, mark, leaving, pages];
}

function app(mount: (app: express.Express, list: RequestHandler[]) => void): express.Express {
  const a = express();
  mount(a, handlers());
  a.use((req, res) => void res.status(404).send(`none ${req.path}`));
  a.use(((error: Error, _req, res, _next) => void res.status(500).send(`error ${error.message}`)) as ErrorRequestHandler);
  return a;
}

describe('middleware in sequence', () => {
  const paths = ['/page/7', '/early', '/next-error', '/throw', '/reject', '/leave', '/nowhere'];

  it('when handlers run in one sequence, then every answer is the one of a layer per handler', async () => {
    const separate = await answersOf(app((a, list) => list.forEach((h) => a.use(h))), paths);
    const sequenced = await answersOf(app((a, list) => a.use(inSequence(...list))), paths);
    assert.deepEqual(sequenced, separate);
    // The cases differ from one another, so the comparison above cannot pass by accident; next('router')
    // leaves the app's router for Express's own 404 page, past the app's not-found handler.
    const texts = sequenced.map((a) => a.replace(/<!DOCTYPE[\s\S]*<pre>(.*)<\/pre>[\s\S]*/, 'express: $1'));
    assert.deepEqual(texts, ['200 page 7 mm', '200 early', '500 error by next', '500 error thrown', '500 error rejected', '404 express: Cannot GET /leave', '404 none /nowhere']);
  });

  it('when a route listing walks the app, then it finds the routes inside the sequence', () => {
    const a = app((x, list) => x.use(inSequence(...list)));
    const found: string[] = [];
    type Layer = { route?: { path: string }; handle?: { stack?: Layer[] } };
    const walk = (stack: Layer[]) => stack.forEach((l) => (l.route ? found.push(l.route.path) : l.handle?.stack && walk(l.handle.stack)));
    walk((a as unknown as { router: { stack: Layer[] } }).router.stack);
    assert.deepEqual(found, ['/page/:id']);
  });
});

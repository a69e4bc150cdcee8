// Routers entered only by the paths their routes can match: the same answers as Express's own
// walk through every router, for exact paths, parameters, case, trailing slashes and middleware.
import assert from 'node:assert/strict';
import express, { Router } from 'express';
import { enteredByPath, reachOf } from '../../server/web/router-reach.js';
import { answersOf } from '../support/answers.js';

function routers(): Router[] {
  const people = Router();
  people.get('/people', (_req, res) => void res.send('people'));
  people.get('/people/:id', (req, res) => void res.send(`person ${req.params.id}`));
  people.get('/api/v1/people/:id/feedback', (req, res) => void res.send(`feedback ${req.params.id}`));
  const charts = Router();
  charts.get('/org/entities/:id/chart.svg', (req, res) => void res.send(`chart ${req.params.id}`));
  charts.get('/Org', (_req, res) => void res.send('org'));
  const guarded = Router();
  guarded.use((req, res, next) => (req.path === '/blocked' ? void res.status(403).send('guard') : next()));
  const home = Router();
  home.get('/', (_req, res) => void res.send('home'));
  return [guarded, people, charts, home];
}

describe('routers entered by path', () => {
  const paths = ['/', '/people', '/people/', '/PEOPLE/Ada', '/people/ada/', '/people//', '/api/v1/people/7/feedback', '/api/v1/people/7', '/org/entities/3/chart.svg', '/org', '/org/', '/ORG', '/blocked', '/nowhere', '/people-list', '/org/entities/'];

  it('when every router is entered by path, then each request gets the answer it got from Express walking all of them', async () => {
    const plain = express();
    const fast = express();
    for (const router of routers()) plain.use(router);
    for (const router of routers()) fast.use(enteredByPath(router));
    for (const app of [plain, fast]) app.use((_req, res) => void res.status(404).send('none'));
    const expected = await answersOf(plain, paths);
    assert.deepEqual(await answersOf(fast, paths), expected);
    assert.ok(expected.includes('200 person Ada') && expected.includes('200 chart 3') && expected.includes('403 guard'), 'the cases are exercised');
  });

  it('when a router has middleware of its own, then it is always entered; otherwise its reach is its exact paths and the fixed starts of the others', () => {
    const [guarded, people, charts] = routers();
    assert.equal(reachOf(guarded!), undefined);
    assert.equal(enteredByPath(guarded!), guarded);
    assert.deepEqual(reachOf(people!), { exact: new Set(['/people']), prefixes: ['/people/', '/api/v1/people/'] });
    assert.deepEqual(reachOf(charts!), { exact: new Set(['/org']), prefixes: ['/org/entities/'] });
    assert.equal((enteredByPath(people!) as unknown as { stack: unknown }).stack, (people as unknown as { stack: unknown }).stack, 'route listings still see the routes');
  });
});

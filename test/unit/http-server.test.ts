// The app's HTTP server: requests and responses are born with the app's prototypes and behave as
// Express's own (getters, body, headers, streaming, errors).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createHttpServer } from '../../server/web/http-server.js';

describe('the app HTTP server', () => {
  it('when a request arrives, then its request and response already have the app prototypes, and Express answers as usual', async () => {
    const app = express();
    app.use(express.json());
    app.get('/items/:id', (req, res) => void res.status(201).json({ id: req.params.id, path: req.path, q: req.query.q, host: req.hostname, type: req.get('x-type') }));
    app.post('/echo', (req, res) => void res.json(req.body));
    app.get('/stream', (_req, res) => {
      res.write('a');
      setTimeout(() => res.end('b'), 5);
    });
    app.get('/fail', () => {
      throw new Error('boom');
    });
    const server = createHttpServer(app);
    const born: boolean[] = [];
    // Runs before the app's listener: what the objects are before Express touches them.
    server.prependListener('request', (req, res) => born.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response));
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const item = await fetch(`${base}/items/7?q=x`, { headers: { 'x-type': 't' } });
      assert.equal(item.status, 201);
      assert.deepEqual(await item.json(), { id: '7', path: '/items/7', q: 'x', host: '127.0.0.1', type: 't' });
      const echo = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      assert.deepEqual(await echo.json(), { a: 1 });
      assert.equal(await (await fetch(`${base}/stream`)).text(), 'ab');
      assert.equal((await fetch(`${base}/fail`)).status, 500);
      assert.equal((await fetch(`${base}/nowhere`)).status, 404);
      assert.deepEqual(born, [true, true, true, true, true]);
    } finally {
      server.close();
    }
  });
});

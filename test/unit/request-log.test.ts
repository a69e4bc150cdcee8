import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { requestLogging } from '../../server/platform/request-log.js';

interface Line {
  level: number;
  msg: string;
  req: { id: string; method: string; url: string };
  res: { statusCode: number };
  responseTime: number;
}

describe('access log and request ids', () => {
  const lines: Line[] = [];
  let server: http.Server;
  let base: string;
  let releaseSlow: () => void = () => {};

  before(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const text of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
        done();
      },
    });
    const app = express();
    app.use(requestLogging(pino({ level: 'info' }, sink)));
    app.get('/healthz', (_req, res) => void res.send('ok'));
    app.get('/static/app.css', (_req, res) => void res.send('body{}'));
    app.get('/broken', (_req, res) => void res.status(500).send('no'));
    app.get('/slow', (_req, res) => {
      res.write('partial');
      releaseSlow = () => res.end();
    });
    app.get('/{*rest}', (req, res) => void res.send(`id ${req.id}`));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    lines.length = 0;
  });

  /** Waits until `count` lines arrived (the server's 'close' event can come after the client has its answer), at most 2 s. */
  const settle = async (count = 1) => {
    for (let waited = 0; lines.length < count && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 20)); // and no more than that
  };

  it('when a page is served, then one info line carries its id, method, URL, status and time, and the id is echoed', async () => {
    const response = await fetch(`${base}/people?q=ada`, { headers: { 'x-request-id': 'trace-1234' } });
    assert.equal(response.headers.get('x-request-id'), 'trace-1234');
    assert.equal(await response.text(), 'id trace-1234');
    await settle();
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line!.level, 30);
    assert.equal(line!.msg, 'request completed');
    assert.deepEqual(line!.req, { id: 'trace-1234', method: 'GET', url: '/people?q=<redacted>' });
    assert.deepEqual(line!.res, { statusCode: 200 });
    assert.equal(typeof line!.responseTime, 'number');
  });

  it('when the given request id is not a plausible id, then a new UUID is used instead', async () => {
    const response = await fetch(`${base}/x`, { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('when a response is a 5xx, then its line is an error', async () => {
    await fetch(`${base}/broken`).then((r) => r.text());
    await settle();
    assert.equal(lines[0]!.level, 50);
    assert.equal(lines[0]!.msg, 'request errored');
  });

  it('when probes and static files are requested, then nothing is logged', async () => {
    await fetch(`${base}/healthz`).then((r) => r.text());
    await fetch(`${base}/static/app.css`).then((r) => r.text());
    await fetch(`${base}/after-the-quiet-ones`).then((r) => r.text());
    await settle();
    assert.deepEqual(lines.map((l) => l.req.url), ['/after-the-quiet-ones']);
  });

  it('when a URL holds a reset token or an invitation, then the token never reaches the log', async () => {
    await fetch(`${base}/password/reset/SeCrEtToKeN123?x=1`).then((r) => r.text());
    await fetch(`${base}/signup?invite=abc123&next=/`).then((r) => r.text());
    await settle(2);
    assert.deepEqual(lines.map((l) => l.req.url), ['/password/reset/<token>?x=<redacted>', '/signup?invite=<token>&next=<redacted>']);
    assert.ok(!JSON.stringify(lines).includes('SeCrEtToKeN123') && !JSON.stringify(lines).includes('abc123'));
  });

  it('when the client goes away before the response is complete, then the request is logged as aborted', async () => {
    await new Promise<void>((resolve, reject) => {
      const request = http.get(`${base}/slow`, (response) => {
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', () => {});
      request.setTimeout(2000, () => reject(new Error('no partial response')));
    });
    await settle();
    releaseSlow();
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.msg, 'request aborted');
    assert.equal(lines[0]!.level, 40);
  });

  it('when a URL carries free text, a token, an email or ids, then the logged URL keeps the path shape and parameter names only', async () => {
    const { loggedUrl } = await import('../../server/platform/request-log.js');
    const id = '3f0c9a52-1b7e-4c1d-9a55-0f3b1c2d4e5f';
    assert.equal(loggedUrl('/api/v1/search?q=Zelda%20Quarrington&limit=20'), '/api/v1/search?q=<redacted>&limit=20');
    assert.equal(loggedUrl(`/people/${id}?tab=about`), '/people/<id>?tab=about');
    assert.equal(loggedUrl(`/people/${id.toUpperCase()}/sections/${id}`), '/people/<id>/sections/<id>');
    assert.equal(loggedUrl('/admin/users/zelda%40example.com'), '/admin/users/<email>');
    assert.equal(loggedUrl('/search?q=zelda@example.com&page=2&done=erased'), '/search?q=<redacted>&page=2&done=erased');
    assert.equal(loggedUrl('/setup?token=abc.def'), '/setup?token=<token>');
    assert.equal(loggedUrl('/x?page=Zelda%20Quarrington'), '/x?page=<redacted>', 'a code parameter holding free text is redacted too');
    assert.equal(loggedUrl('/x?Zelda%20Q=1'), '/x?<redacted>', 'a parameter name that is not a name is redacted');
  });

  it('when a search for a person is served, then no line of the log holds the name', async () => {
    await fetch(`${base}/api/v1/search?q=Quarrington+Zelda&kind=people`);
    await fetch(`${base}/search?q=${encodeURIComponent('zelda.quarrington@example.com')}`);
    await settle(2);
    const text = JSON.stringify(lines);
    assert.equal(lines.length, 2);
    assert.doesNotMatch(text, /quarrington|zelda/i);
  });
});

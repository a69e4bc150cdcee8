import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { cookieGuard } from '../../server/components/cookies/cookie-guard.js';
import { CookiesService } from '../../server/components/cookies/cookies.service.js';
import { cookieRegistry, setCookieNames } from '../../server/components/cookies/cookies.registry.js';
import { loadConfig } from '../../server/config.js';
import { tempDir } from '../support/databases.js';

const config = () => loadConfig({ env: {}, overrides: { env: 'test', dataDir: tempDir(), secretKey: 'a-secret-key-that-is-long-enough-0123456789' } });

describe('cookie registry', () => {
  it('when a response sets a cookie that is not in the registry, then the guard reports it (and not the registered ones)', async () => {
    const lines: string[] = [];
    const cookies = new CookiesService(config(), pino({ level: 'error' }, { write: (l: string) => void lines.push(l) }));
    const app = express();
    app.use(cookieGuard(cookies));
    app.get('/rogue', (_req, res) => {
      res.cookie('tracker', '1');
      res.cookie('opsenic.did', '2');
      res.send('ok');
    });
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/rogue`).then((r) => r.text());
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(cookies.violations.map((v) => [v.name, v.route]), [['tracker', 'GET /rogue']]);
      assert.ok(lines.some((l) => l.includes('not in the cookie registry')));
    } finally {
      server.close();
    }
  });

  it('when the registry is read, then every entry has a purpose, a category, and a lifetime when persistent', () => {
    for (const entry of cookieRegistry(config())) {
      assert.match(entry.purpose, /^cookies\.purpose\./);
      assert.ok(['strictly-necessary', 'preferences', 'analytics'].includes(entry.category));
      if (entry.duration === 'persistent') assert.ok(entry.lifetimeMs && entry.lifetimeMs > 0, entry.name);
    }
    assert.equal(cookieRegistry(config()).find((c) => c.category === 'analytics')?.name, 'opsenic.aid');
  });

  it('when Set-Cookie headers are read, then the cookie names come out', () => {
    assert.deepEqual(setCookieNames(['a=1; Path=/', 'b=; Max-Age=0']), ['a', 'b']);
    assert.deepEqual(setCookieNames('c=3'), ['c']);
    assert.deepEqual(setCookieNames(undefined), []);
  });
});

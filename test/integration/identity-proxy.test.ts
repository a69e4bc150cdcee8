// Outbound calls through the environment's proxy: a provider reached through a local HTTP proxy
// (HTTP_PROXY) signs in, and every server-side call (discovery, token, keys, userinfo) went through
// the proxy; NO_PROXY naming the provider's host sends them direct.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, uniqueEmail } from '../support/http.js';
import { startTestProxy, type TestProxy } from '../support/http-proxy.js';
import { IdpBrowser, startTestIdp, type TestIdp } from '../support/oidc.js';

const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];

/** Starts a server with these proxy variables in its environment (read when the server is built). */
async function withProxyEnv<T>(vars: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(PROXY_VARS.map((k) => [k, process.env[k]]));
  for (const k of PROXY_VARS) delete process.env[k];
  Object.assign(process.env, vars);
  try {
    return await start();
  } finally {
    for (const k of PROXY_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

forEachDialect('outbound calls through HTTP_PROXY', (dialect) => {
  let idp: TestIdp;
  let proxy: TestProxy;
  let proxied: TestServer;
  let direct: TestServer;

  before(async function () {
    this.timeout(60_000);
    idp = await startTestIdp();
    proxy = await startTestProxy();
    const providers = { 'oidc.providers': { acme: idp.discoveryConfig({ newAccounts: 'auto' }) } };
    proxied = await withProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '' }, () => startTestServer(dialect, providers));
    direct = await withProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }, () => startTestServer(dialect, providers));
  });
  after(async () => {
    await proxied?.close();
    await direct?.close();
    await proxy?.close();
    await idp?.close();
  });

  async function signIn(server: TestServer) {
    const subject = `proxy-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    idp.accounts.set(subject, { email: uniqueEmail('proxy'), email_verified: true, given_name: 'Pat', family_name: 'Proxy' });
    idp.loginAs(subject);
    const client = new TestClient(server.url);
    const start = await client.get('/auth/oidc/acme');
    assert.equal(start.status, 302, start.text.slice(0, 300));
    const callback = await new IdpBrowser().followToRp(start.location!, server.url);
    return client.get(callback.slice(server.url.length));
  }

  it('when HTTP_PROXY is set, then discovery, the token exchange, the key set and userinfo go through the proxy and the sign-in succeeds', async () => {
    // Not cleared first: discovery ran in the background at start.
    const reply = await signIn(proxied);
    assert.equal(reply.location, '/', reply.text.slice(0, 300));
    const paths = proxy.seen.map((line) => new URL(line.split(' ')[1]!).pathname);
    for (const path of ['/.well-known/openid-configuration', '/token', '/jwks', '/me']) assert.ok(paths.includes(path), `${path} through the proxy (saw ${paths.join(', ')})`);
    assert.ok(proxy.seen.every((line) => line.includes(new URL(idp.issuer).host)));
  });

  it('when NO_PROXY names the provider\'s host, then its calls go direct', async () => {
    await direct.container.services.identityProviders.ready('acme');
    proxy.seen.length = 0;
    const reply = await signIn(direct);
    assert.equal(reply.location, '/');
    assert.deepEqual(proxy.seen, []);
  });
});

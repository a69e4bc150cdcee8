// ID token signing keys and algorithms against real oidc-provider instances, on both dialects: ES256
// and PS256 providers with and without discovery, a key rotation between two sign-ins (no failed
// sign-in, one refetch of the key set), forged key ids (refused, at most one refetch per interval),
// and each refusal logged with its real reason and no token.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, uniqueEmail } from '../support/http.js';
import { IdpBrowser, startTestIdp, type SigningAlg, type TestIdp } from '../support/oidc.js';

let subjects = 0;
async function signIn(server: TestServer, idp: TestIdp, provider: string) {
  subjects += 1;
  const subject = `keys-${Date.now().toString(36)}-${subjects}`;
  idp.accounts.set(subject, { email: uniqueEmail('keys'), email_verified: true, given_name: 'Ada', family_name: 'Key' });
  idp.loginAs(subject);
  const client = new TestClient(server.url);
  const start = await client.get(`/auth/oidc/${provider}`);
  assert.equal(start.status, 302, start.text.slice(0, 300));
  const callback = await new IdpBrowser().followToRp(start.location!, server.url);
  return client.get(callback.slice(server.url.length));
}

async function lastRefusal(server: TestServer): Promise<string | undefined> {
  const row = await server.container.knex('audit_entries').where({ action: 'auth.sso.refused' }).orderBy('seq', 'desc').first();
  return row ? JSON.parse(row.details).reason : undefined;
}

forEachDialect('single sign-on: signing algorithms and keys', (dialect) => {
  const idps: Partial<Record<SigningAlg, TestIdp>> = {};
  let server: TestServer;
  const logLines: string[] = [];

  before(async function () {
    this.timeout(60_000);
    for (const alg of ['RS256', 'ES256', 'PS256'] as const) idps[alg] = await startTestIdp({ alg });
    const es = idps.ES256!;
    const ps = idps.PS256!;
    const rs = idps.RS256!;
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
    server = await startTestServer(dialect, {
      'oidc.providers': {
        esDiscovered: es.discoveryConfig({ newAccounts: 'auto' }),
        esExplicit: es.proxiedConfig({ newAccounts: 'auto', idTokenAlgorithms: ['ES256'] }),
        esUnconfigured: es.proxiedConfig({ newAccounts: 'auto' }),
        psDiscovered: ps.discoveryConfig({ newAccounts: 'auto' }),
        psExplicit: ps.proxiedConfig({ newAccounts: 'auto', idTokenAlgorithms: ['PS256'] }),
        rotating: rs.proxiedConfig({ newAccounts: 'auto' }),
      },
    }, undefined, { logger });
  });
  after(async () => {
    await server?.close();
    for (const idp of Object.values(idps)) await idp?.close();
  });

  for (const [alg, provider] of [['ES256', 'esDiscovered'], ['ES256', 'esExplicit'], ['PS256', 'psDiscovered'], ['PS256', 'psExplicit']] as const) {
    it(`when the provider signs with ${alg} (${provider.endsWith('Discovered') ? 'algorithms from discovery' : 'no discovery, idTokenAlgorithms in config'}), then the sign-in succeeds`, async () => {
      const reply = await signIn(server, idps[alg]!, provider);
      assert.equal(reply.status, 303, reply.text.slice(0, 400));
      assert.equal(reply.location, '/');
    });
  }

  it('when an ES256 provider has explicit endpoints and no configured algorithms, then the refusal names the algorithm, in the audit and the log, without the token', async () => {
    const reply = await signIn(server, idps.ES256!, 'esUnconfigured');
    assert.equal(reply.status, 401);
    assert.match(reply.text, /algorithm/);
    assert.equal(await lastRefusal(server), 'unexpected_algorithm');
    const line = logLines.reverse().find((l) => l.includes('single sign-on refused'));
    assert.ok(line, 'the refusal is logged');
    assert.match(line, /unexpected_algorithm/);
    assert.doesNotMatch(line, /eyJ[A-Za-z0-9_-]{10,}\./, 'no token in the log');
  });

  it('when the provider rotates its signing key between two sign-ins, then both succeed and the key set is fetched once more', async () => {
    const idp = idps.RS256!;
    assert.equal((await signIn(server, idp, 'rotating')).location, '/');
    const before = idp.jwksFetches;
    await idp.rotateKey();
    const after = await signIn(server, idp, 'rotating');
    assert.equal(after.status, 303, after.text.slice(0, 300));
    assert.equal(after.location, '/');
    assert.equal(idp.jwksFetches, before + 1);
  });

  it('when tokens name forged key ids right after a refetch, then they are refused as unknown_signing_key without fetching the key set again', async () => {
    const idp = idps.RS256!;
    const before = idp.jwksFetches;
    idp.tamper = 'unknownKid';
    try {
      for (let i = 0; i < 3; i++) {
        const reply = await signIn(server, idp, 'rotating');
        assert.equal(reply.status, 401);
        assert.equal(await lastRefusal(server), 'unknown_signing_key');
      }
    } finally {
      idp.tamper = null;
    }
    assert.equal(idp.jwksFetches, before, 'the refetch interval (10s) holds');
  });
});

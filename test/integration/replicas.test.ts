// Two server processes on one PostgreSQL database stand for two replicas behind a load balancer.
import assert from 'node:assert/strict';
import { createDatabase, postgresAvailable, type TestDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedUpClient, strongPassword } from '../support/http.js';

describe('several replicas on PostgreSQL', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  before(async function () {
    if (!(await postgresAvailable())) {
      if (process.env.CI) throw new Error('PostgreSQL must be reachable in CI');
      console.log('    PostgreSQL not reachable: replica tests skipped');
      return this.skip();
    }
    db = await createDatabase('postgres');
    const shared = { secretKey: 'replica-shared-secret-key-0123456789abcdef', 'rateLimits.signinPerAccount': { points: 3, window: '15m' } };
    a = await startTestServer('postgres', shared, db);
    b = await startTestServer('postgres', shared, db);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it('when a person signs in on one replica, then the other replica knows the session; signing out on it ends the session everywhere', async () => {
    const { client, email } = await signedUpClient(a.url);
    const cookie = client.cookies.get('opsenic.sid')!;
    const onB = new TestClient(b.url);
    onB.cookies.set('opsenic.sid', cookie);
    assert.equal((await onB.get('/')).status, 200);
    assert.equal((await onB.get('/api/v1/me')).json().email, email);
    assert.equal((await onB.postForm('/signout', {})).status, 303);
    assert.equal((await client.get('/')).status, 302);
  });

  it('when failed sign-ins are spread over both replicas, then the per-account limit still holds', async () => {
    const { email } = await signedUpClient(a.url);
    const wrong = { email, password: 'definitely not the password' };
    assert.equal((await new TestClient(a.url).postForm('/signin', wrong)).status, 401);
    assert.equal((await new TestClient(b.url).postForm('/signin', wrong)).status, 401);
    assert.equal((await new TestClient(a.url).postForm('/signin', wrong)).status, 401);
    const limited = await new TestClient(b.url).postForm('/signin', { email, password: strongPassword });
    assert.equal(limited.status, 429);
  });
});

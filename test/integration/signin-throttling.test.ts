// Brute force without lockout of the owner (OWASP device cookies), on both dialects: an attacker's
// failed sign-ins from several IPs pause the account for unknown browsers, while the owner's known
// browser (it signed in before and holds the device cookie) still signs in; per (account, IP) limits
// hold first; admins see the paused account. Client IPs come from X-Forwarded-For (trustProxy).
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { strongPassword, TestClient, uniqueEmail } from '../support/http.js';

forEachDialect('sign-in throttling with device cookies', (dialect) => {
  let server: TestServer;
  const owner = uniqueEmail('owner-admin');

  before(async function () {
    this.timeout(60_000);
    server = await startTestServer(dialect, {
      'server.trustProxy': true,
      'rateLimits.signinPerAccount': { points: 6, window: '15m' },
      'rateLimits.signinPerAccountIp': { points: 3, window: '15m' },
    });
    await server.container.services.accounts.create({ firstName: 'Olive', lastName: 'Owner', email: owner, password: strongPassword, role: 'admin' });
  });
  after(async () => server?.close());

  const from = (ip: string) => new TestClient(server.url, { 'x-forwarded-for': ip });

  it('when an attacker fails from several IPs, then unknown browsers are paused but the owner\'s known browser signs in, and the admin page lists the account', async () => {
    const known = from('198.51.100.20');
    const first = await known.postForm('/signin', { email: owner, password: strongPassword });
    assert.equal(first.status, 303);
    assert.ok(known.cookies.get('opsenic.signin'), 'the browser got its device cookie');
    assert.equal((await known.postForm('/signout', {})).status, 303);

    // One IP: the (account, IP) limit answers 429 once 3 failures are spent.
    const attacker = from('203.0.113.1');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attacker.postForm('/signin', { email: owner, password: `wrong guess ${i}` })).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    // More IPs exhaust the per-account limit for untrusted browsers.
    for (const ip of ['203.0.113.2', '203.0.113.3', '203.0.113.4']) for (let i = 0; i < 2; i++) await from(ip).postForm('/signin', { email: owner, password: 'still wrong' });
    const stranger = await from('192.0.2.50').postForm('/signin', { email: owner, password: strongPassword });
    assert.equal(stranger.status, 429, 'an unknown browser is paused, even with the right password');

    const back = await known.postForm('/signin', { email: owner, password: strongPassword });
    assert.equal(back.status, 303, back.text.slice(0, 300));
    const admin = await known.get('/admin');
    assert.equal(admin.status, 200);
    const section = /<ul class="compact-list" id="throttled-accounts">([\s\S]*?)<\/ul>/.exec(admin.text)?.[1] ?? '';
    assert.ok(section.includes(owner), 'the admin sees the paused account');
    assert.match(section, /until [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}/, 'until when: a date and time in the reader\'s zone and language, not a bare UTC hour');
    assert.doesNotMatch(section, / UTC/);
  });

  it('when a device cookie is copied to another account\'s sign-in or altered, then it counts as an unknown browser', async () => {
    const other = uniqueEmail('other');
    await server.container.services.accounts.create({ firstName: 'Otto', lastName: 'Other', email: other, password: strongPassword, role: 'member' });
    // The owner's browser is paused for unknown browsers by now: take a cookie as a sign-in issues it.
    const cookie = server.container.services.accounts.deviceCookieFor(owner);
    const thief = from('203.0.113.9');
    thief.cookies.set('opsenic.signin', cookie);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await thief.postForm('/signin', { email: other, password: `guess ${i}` })).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429], 'the per (account, IP) limit applies: the cookie is bound to the owner\'s account');
    const altered = from('203.0.113.10');
    altered.cookies.set('opsenic.signin', `${cookie.split('.')[0]}.forged-mac`);
    const forged: number[] = [];
    for (let i = 0; i < 5; i++) forged.push((await altered.postForm('/signin', { email: other, password: `guess ${i}` })).status);
    assert.deepEqual(forged, [401, 401, 401, 429, 429]);
  });
});

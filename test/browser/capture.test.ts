// The first-party telemetry script and the consent banner in a real browser (Debian's chromium),
// under the strict CSP: a JavaScript error becomes a crash report; device settings are sent only
// after "Accept" was clicked in the banner; "Refuse" is one click too.
import assert from 'node:assert/strict';
import { newContext, watchConsole } from '../support/browser.js';
import { strongPassword } from '../support/http.js';
import { browserSuite } from '../support/browser-suite.js';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('capture in the browser [sqlite]', function () {
  this.timeout(90_000);
  const suite = browserSuite({ 'capture.analytics.enabled': true, 'capture.devices.settings': true, 'capture.buffer.flushInterval': '20ms' });

  it('when a page throws, then telemetry.js reports it to the crash endpoint under the strict CSP', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    const console = watchConsole(page);
    await page.goto(`${suite.server.url}/signin`);
    await page.evaluate(() => {
      setTimeout(() => {
        throw new TypeError('browser test boom');
      });
    });
    const crash = await until('the crash report', async () => {
      await suite.server.container.services.capture.flush();
      return (await suite.server.container.services.capture.queryCrashes({ source: 'client' })).find((c) => c.message === 'browser test boom');
    });
    assert.equal(crash.name, 'TypeError');
    assert.equal(crash.route, '/signin');
    assert.match(crash.userAgent ?? '', /Chrome/);
    assert.deepEqual(console.cspViolations(), []);
    await context.close();
  });

  it('when a signed-in person clicks Accept in the banner, then the screen size, time zone and language of the device are recorded; after Refuse, nothing is sent and an anonymous visitor has no device cookie', async () => {
    const email = 'device.settings@example.com';
    await suite.server.container.services.accounts.create({ email, firstName: 'Denise', lastName: 'Vice', password: strongPassword, role: 'member' });
    const context = await suite.browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1111, height: 777 }, screen: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const console = watchConsole(page);
    await page.goto(`${suite.server.url}/signin`);
    assert.ok(!(await context.cookies()).some((c) => c.name === 'opsenic.did'), 'no device cookie before sign-in');
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill(strongPassword);
    await Promise.all([page.waitForURL(`${suite.server.url}/`), page.locator('main button[type="submit"]').first().click()]);
    const banner = page.locator('.cookie-banner');
    await banner.getByRole('button', { name: /Accepter/ }).waitFor();
    await Promise.all([page.waitForURL(`${suite.server.url}/`), banner.getByRole('button', { name: /Accepter/ }).click()]);
    assert.equal(await page.locator('.cookie-banner').count(), 0, 'the banner is gone once chosen');
    const deviceId = (await context.cookies()).find((c) => c.name === 'opsenic.did')!.value;
    const device = await until('the device settings', async () => {
      await suite.server.container.services.capture.flush();
      const found = await suite.server.container.repositories.capture.findDevice(deviceId);
      return found?.screenWidth ? found : undefined;
    });
    assert.equal(device.screenWidth, 1920);
    assert.equal(device.screenHeight, 1080);
    assert.equal(device.timeZone, 'Europe/Paris');
    assert.equal(device.language, 'fr-FR');
    assert.ok((await context.cookies()).some((c) => c.name === 'opsenic.aid'), 'analytics cookie after consent');
    assert.deepEqual(console.cspViolations(), []);
    await context.close();

    const refusing = await suite.browser.newContext({ viewport: { width: 800, height: 600 } });
    const other = await refusing.newPage();
    await other.goto(`${suite.server.url}/signin`);
    await Promise.all([other.waitForURL(`${suite.server.url}/signin`), other.locator('.cookie-banner').getByRole('button', { name: /Refuse/ }).click()]);
    await other.goto(`${suite.server.url}/signup`);
    await new Promise((r) => setTimeout(r, 500));
    await suite.server.container.services.capture.flush();
    assert.ok(!(await refusing.cookies()).some((c) => c.name === 'opsenic.did'), 'no device cookie for an anonymous visitor');
    assert.ok(!(await refusing.cookies()).some((c) => c.name === 'opsenic.aid'), 'no analytics cookie after refusing');
    await refusing.close();
  });
});

// Accounts and sessions in a real browser (Debian's chromium) against the real server on SQLite.
import assert from 'node:assert/strict';
import { signedUpClient, signupLinkIn, strongPassword, uniqueEmail } from '../support/http.js';
import { newContext, openProfile, watchConsole, type Page, type Profile } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';

describe('accounts in the browser [sqlite]', function () {
  this.timeout(60_000);
  const suite = browserSuite();
  const profiles: Profile[] = [];

  afterEach(async function () {
    while (profiles.length) await profiles.pop()!.dispose();
  });

  async function profile(locale?: string): Promise<Profile> {
    const p = await openProfile({ locale });
    profiles.push(p);
    return p;
  }

  async function signIn(page: Page, email: string, password: string, remember: boolean): Promise<void> {
    await page.goto(`${suite.server.url}/signin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    if (remember) await page.getByLabel(/remember me/i).check();
    await Promise.all([page.waitForURL(`${suite.server.url}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
  }

  async function sessionCookie(p: Profile) {
    const cookies = await p.context.cookies(suite.server.url);
    return cookies.find((c) => c.name === suite.server.config.sessions.cookieName);
  }

  /** True when / shows the signed-in home page; false when it sends the visitor to sign in. */
  async function signedIn(page: Page): Promise<boolean> {
    await page.goto(`${suite.server.url}/`);
    return !new URL(page.url()).pathname.startsWith('/signin');
  }

  async function person(): Promise<{ email: string; password: string }> {
    const { client, email, password } = await signedUpClient(suite.server.url, { firstName: 'Ada', lastName: 'Lovelace' });
    await client.postForm('/signout', {}); // only the browsers' sessions are left
    return { email, password };
  }

  it('when a person signs up through the form and signs out, then they were signed in and are signed out', async function () {
    const p = await profile();
    const page = await p.page();
    const console = watchConsole(page);
    const email = uniqueEmail('browser');
    await page.goto(`${suite.server.url}/signup`);
    await page.getByLabel('First name').fill('Katherine');
    await page.getByLabel('Last name').fill('Johnson');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(strongPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    // The emailed link, then its confirmation button, create the account and sign in.
    await page.goto(signupLinkIn((await suite.server.mailer.waitFor(email)).text)!);
    await Promise.all([page.waitForURL(`${suite.server.url}/`), page.getByRole('button', { name: 'Create my account' }).click()]);
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Katherine/);

    await page.locator('.user-menu summary').click(); // sign-out is in the account menu
    await Promise.all([page.waitForURL(/\/signin$/), page.getByRole('button', { name: 'Sign out' }).click()]);
    assert.equal(await signedIn(page), false);
    assert.deepEqual(console.cspViolations(), []);
    assert.deepEqual(console.errors, []);
  });

  it('when a person signs in with "remember me", then the cookie is persistent and the session survives a browser restart', async function () {
    const { email, password } = await person();
    const p = await profile();
    const page = await p.page();
    const console = watchConsole(page);
    await signIn(page, email, password, true);

    const cookie = await sessionCookie(p);
    assert.ok(cookie, 'a session cookie is set');
    const days = (cookie.expires * 1000 - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `the cookie lasts 30 days (${days.toFixed(2)})`);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.deepEqual(console.cspViolations(), []);

    await p.restart();
    const again = await p.page();
    assert.equal(await signedIn(again), true, 'still signed in after the browser restarted');
    assert.match(await again.getByRole('heading', { level: 1 }).innerText(), /Ada/);
  });

  it('when a person signs in without "remember me", then the session id changes and the cookie is a session cookie that ends with the browser', async function () {
    const { email, password } = await person();
    const p = await profile();
    const page = await p.page();
    await page.goto(`${suite.server.url}/signin`);
    const before = await sessionCookie(p); // the anonymous session that holds the form's CSRF token
    await signIn(page, email, password, false);

    const cookie = await sessionCookie(p);
    assert.ok(before && cookie && before.value !== cookie.value, 'the session id changed at sign-in');
    assert.ok(cookie, 'a session cookie is set');
    assert.equal(cookie.expires, -1, 'no Expires / Max-Age: a session cookie');
    assert.equal(await signedIn(page), true);

    await p.restart();
    assert.equal(await sessionCookie(p), undefined, 'the browser dropped the session cookie');
    assert.equal(await signedIn(await p.page()), false, 'signed out after the browser restarted');
  });

  it('when another session of the same person revokes a session on /security, then that browser is signed out', async function () {
    const { email, password } = await person();
    const first = await profile();
    const firstPage = await first.page();
    await signIn(firstPage, email, password, true);

    const other = await newContext(suite.browser);
    try {
      const page = await other.newPage();
      const console = watchConsole(page);
      await signIn(page, email, password, false);
      await page.goto(`${suite.server.url}/security`);
      const rows = page.locator('tbody tr');
      assert.equal(await rows.count(), 2, 'both sessions are listed');
      const revoke = page.locator('tbody').getByRole('button', { name: /^Sign out/ });
      assert.equal(await revoke.count(), 1, 'only the other session can be revoked from here');
      await Promise.all([page.waitForURL(/\/security\?done=revoked$/), revoke.click()]);
      assert.match(await page.getByRole('status').innerText(), /session/i);
      assert.equal(await rows.count(), 1, 'only the current session is left');
      assert.deepEqual(console.cspViolations(), []);
      assert.equal(await signedIn(page), true, 'the revoking session stays signed in');
    } finally {
      await other.close();
    }

    assert.equal(await signedIn(firstPage), false, 'the revoked browser is signed out');
  });

  it('when the browser speaks French, then the pages are in French', async function () {
    const context = await newContext(suite.browser, { locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      const console = watchConsole(page);
      await page.goto(`${suite.server.url}/signin`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Connexion');
      assert.equal(await page.getByRole('button', { name: 'Se connecter' }).count(), 1);
      assert.equal(await page.getByLabel('Mot de passe').count(), 1);

      const { email, password } = await person();
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Mot de passe').fill(password);
      await Promise.all([page.waitForURL(`${suite.server.url}/`), page.getByRole('button', { name: 'Se connecter' }).click()]);
      assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /^Bienvenue, Ada/);
      await page.goto(`${suite.server.url}/security`);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Sécurité');
      assert.deepEqual(console.cspViolations(), []);
    } finally {
      await context.close();
    }
  });

  it('when the pages are visited signed out and signed in, then there is no CSP violation or script error', async function () {
    const { email, password } = await person();
    const context = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      const console = watchConsole(page);
      for (const path of ['/signin', '/signup', '/password/forgot', '/no-such-page']) await page.goto(`${suite.server.url}${path}`);
      // A failed submit runs the first-party script that focuses the invalid field.
      await page.goto(`${suite.server.url}/signup`);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForSelector('[aria-invalid="true"]');
      await signIn(page, email, password, false);
      for (const path of ['/', '/profile', '/security']) await page.goto(`${suite.server.url}${path}`);
      assert.deepEqual(console.cspViolations(), []);
      // The 404 and the re-shown form are expected HTTP errors; anything else is a fault.
      assert.deepEqual(console.errors.filter((e) => !/the server responded with a status of (400|404)/.test(e)), []);
    } finally {
      await context.close();
    }
  });

  it('when a page of the server is made to run an inline script, then the CSP blocks it and the console watch reports the violation', async function () {
    // Proves the CSP checks above can fail: the same watch sees a real violation.
    const context = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      const console = watchConsole(page);
      await page.goto(`${suite.server.url}/signin`);
      const reported = page.waitForEvent('console', { predicate: (m) => /Content Security Policy/i.test(m.text()), timeout: 5000 });
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'document.body.dataset.injected = "yes"';
        document.body.append(script);
      });
      await reported;
      assert.equal(await page.evaluate(() => document.body.dataset.injected), undefined, 'the inline script did not run');
      assert.equal(console.cspViolations().length, 1, console.errors.join('\n'));
    } finally {
      await context.close();
    }
  });

  it('when a keyboard user tabs through the sign-in page, then focus reaches email, password, remember me and submit in that order', async function () {
    const context = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await page.goto(`${suite.server.url}/signin`);
      const focused = () => page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el ? (el.id || el.getAttribute('type') || el.tagName.toLowerCase()) : '';
      });
      // The first stop is the skip link to the main content.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
      const order: string[] = [];
      for (let i = 0; i < 15 && !order.includes('submit'); i += 1) {
        await page.keyboard.press('Tab');
        order.push(await focused());
      }
      const inForm = order.slice(order.indexOf('f-email'));
      assert.deepEqual(inForm.slice(0, 4), ['f-email', 'f-password', 'f-remember', 'submit']);
      // The submit button is labelled and focusable; Enter on it submits (empty form: errors shown).
      await page.keyboard.press('Enter');
      await page.waitForSelector('[aria-invalid="true"]');
      assert.equal(await focused(), 'f-email', 'focus moves to the first invalid field');
    } finally {
      await context.close();
    }
  });
});

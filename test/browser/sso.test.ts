// Single sign-on in a real browser (Debian's chromium) against a real OpenID provider (oidc-provider
// on 127.0.0.1) and the real server on SQLite: from the "Sign up with" button to the home page, and
// the sign-out that continues at the provider. CSP-clean. The pages only the provider's answer
// opens (the prefilled sign-up, linking to an account that has a password) pass axe-core in English
// and French: the page check's tour cannot reach them.
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { strongPassword, uniqueEmail } from '../support/http.js';
import { launchBrowser, newContext, watchConsole, type Browser } from '../support/browser.js';
import { axeViolations } from '../support/axe.js';
import { startTestIdp, type TestIdp } from '../support/oidc.js';

describe('single sign-on in the browser [sqlite]', function () {
  this.timeout(90_000);
  let idp: TestIdp;
  let server: TestServer;
  let browser: Browser;

  before(async function () {
    idp = await startTestIdp();
    server = await startTestServer('sqlite', { 'oidc.providers': { acme: idp.discoveryConfig() } });
    browser = await launchBrowser();
  });
  after(async function () {
    await browser?.close();
    await server?.close();
    await idp?.close();
  });

  it('when a new person clicks "Sign up with Acme ID", then the provider signs them in, the prefilled form is confirmed, and they land on the home page', async function () {
    const email = uniqueEmail('browser.sso');
    idp.accounts.set('browser-person', { email, email_verified: true, given_name: 'Katherine', family_name: 'Johnson' });
    idp.loginAs('browser-person');
    const context = await newContext(browser);
    const page = await context.newPage();
    const watch = watchConsole(page);
    await page.goto(`${server.url}/signup`);
    await Promise.all([page.waitForURL(`${server.url}/signup/sso`), page.getByRole('link', { name: 'Sign up with Acme ID' }).click()]);
    assert.deepEqual(await axeViolations(page), []);
    assert.equal(await page.getByLabel('First name').inputValue(), 'Katherine');
    assert.equal(await page.getByLabel('Last name').inputValue(), 'Johnson');
    const emailField = page.getByLabel('Email', { exact: true });
    assert.equal(await emailField.inputValue(), email);
    assert.equal(await emailField.getAttribute('readonly'), '', 'the verified email is locked');
    await page.getByLabel('First name').fill('Kate');
    await Promise.all([page.waitForURL(`${server.url}/`), page.getByRole('button', { name: 'Create my account' }).click()]);
    assert.match(await page.locator('main').innerText(), /Kate/);
    const user = await server.container.repositories.users.findByEmail(email);
    assert.equal(user?.firstName, 'Kate');

    // Sign-out continues at the provider (its end-session page), and the server session is gone.
    await page.locator('.user-menu summary').click(); // sign-out is in the account menu
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${idp.issuer}/session/end`)), page.getByRole('button', { name: 'Sign out' }).click()]);
    const home = await page.goto(`${server.url}/profile`);
    assert.ok(new URL(page.url()).pathname.startsWith('/signin'), `still signed in (${home?.status()})`);
    assert.deepEqual(watch.cspViolations(), []);
    await context.close();
  });

  it('when the provider\'s verified email is an account with a password, then the linking page asks for that password, passes axe-core, and links on the right one', async function () {
    const email = uniqueEmail('browser.link');
    await server.container.services.accounts.create({ firstName: 'Annie', lastName: 'Easley', email, password: strongPassword, role: 'member' });
    idp.accounts.set('browser-linker', { email, email_verified: true, given_name: 'Annie', family_name: 'Easley' });
    idp.loginAs('browser-linker');
    const context = await newContext(browser);
    const page = await context.newPage();
    const watch = watchConsole(page);
    await Promise.all([page.waitForURL(`${server.url}/signin/sso/link`), page.goto(`${server.url}/auth/oidc/acme`)]);
    assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), email);
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Link and sign in' }).click();
    await page.locator('[aria-invalid="true"], .alert').first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the refused password\'s page too');
    await page.getByLabel('Password').fill(strongPassword);
    await Promise.all([page.waitForURL(`${server.url}/`), page.getByRole('button', { name: 'Link and sign in' }).click()]);
    assert.match(await page.locator('main').innerText(), /Annie/);
    assert.deepEqual(watch.cspViolations(), []);
    await context.close();
  });

  it('when those pages are opened in French, then they are in French and axe-core finds no violation', async function () {
    const context = await newContext(browser, { locale: 'fr-FR' });
    const page = await context.newPage();
    const newcomer = uniqueEmail('browser.sso.fr');
    idp.accounts.set('browser-fr', { email: newcomer, email_verified: true, given_name: 'Marie', family_name: 'Curie' });
    idp.loginAs('browser-fr');
    await Promise.all([page.waitForURL(`${server.url}/signup/sso`), page.goto(`${server.url}/auth/oidc/acme`)]);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();

    const linking = await newContext(browser, { locale: 'fr-FR' });
    const linkPage = await linking.newPage();
    const existing = uniqueEmail('browser.link.fr');
    await server.container.services.accounts.create({ firstName: 'Pierre', lastName: 'Curie', email: existing, password: strongPassword, role: 'member' });
    idp.accounts.set('browser-link-fr', { email: existing, email_verified: true, given_name: 'Pierre', family_name: 'Curie' });
    idp.loginAs('browser-link-fr');
    await Promise.all([linkPage.waitForURL(`${server.url}/signin/sso/link`), linkPage.goto(`${server.url}/auth/oidc/acme`)]);
    assert.equal(await linkPage.getAttribute('html', 'lang'), 'fr');
    assert.deepEqual(await axeViolations(linkPage), []);
    await linking.close();
  });
});

// The pages that only a one-time link opens, which the page check's tour (test/browser/a11y.test.ts)
// cannot reach: the first run's setup page (open only while no admin exists, with the token from
// the server log) and the page an emailed sign-up link opens, valid or not. Each passes axe-core in
// English and French, stays CSP-clean, and fits a phone's width.
import assert from 'node:assert/strict';
import { newContext, watchConsole } from '../support/browser.js';
import { axeViolations } from '../support/axe.js';
import { signupLinkIn, strongPassword, uniqueEmail } from '../support/http.js';
import { browserSuite } from '../support/browser-suite.js';

describe('the pages a one-time link opens pass axe-core in English and French [sqlite]', function () {
  this.timeout(120_000);
  const suite = browserSuite();
  let setupToken: string;

  before(async function () {
    setupToken = (suite.server.container.services.firstAdmin as unknown as { token: string }).token;
  });

  /** A fresh sign-up link, as the email carries it. */
  async function signupLink(language: string): Promise<string> {
    const email = uniqueEmail('link.pages');
    await suite.server.container.services.signup.request({ firstName: 'Grace', lastName: 'Hopper', email, password: strongPassword }, '127.0.0.1', language);
    return signupLinkIn((await suite.server.mailer.waitFor(email)).text)!;
  }

  for (const language of ['en', 'fr'] as const) {
    it(`when the setup page and a sign-up link's pages are opened in ${language === 'en' ? 'English' : 'French'}, on a desktop and a phone, then axe-core finds no violation and none is wider than the screen`, async function () {
      assert.ok(setupToken, 'no admin exists yet, so the setup page is open');
      const link = await signupLink(language);
      const paths = [
        { path: `/setup?token=${setupToken}`, status: 200 },
        { path: new URL(link).pathname, status: 200 },
        { path: '/signup/confirm/not-a-real-token', status: 400 },
      ];
      const problems: string[] = [];
      for (const width of [1280, 390]) {
        const context = await newContext(suite.browser, { locale: language === 'en' ? 'en-GB' : 'fr-FR' });
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 844 });
        const watch = watchConsole(page);
        for (const { path, status } of paths) {
          const response = await page.goto(`${suite.server.url}${path}`);
          assert.equal(response?.status(), status, path);
          assert.equal(await page.getAttribute('html', 'lang'), language, `${path} is in ${language}`);
          for (const violation of await axeViolations(page)) problems.push(`${path} at ${width} px: ${violation}`);
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scrollWidth > width) problems.push(`${path}: ${scrollWidth} px wide at ${width} px`);
        }
        assert.deepEqual(watch.cspViolations(), []);
        await context.close();
      }
      assert.deepEqual(problems, []);
    });
  }
});

// The audit log read by an admin at a desktop width (1,280 px) and on a phone (390 px): the page
// never scrolls sideways, even with long actions, long emails, ids and nested details, and the
// details read as a definition list (key and value), never as JSON.
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchBrowser, type Browser } from '../support/browser.js';
import { demoTour, setTourLanguage, signIn } from '../screenshots/tour.js';
import type { AuditAction } from '../../server/components/audit/audit-actions.js';

describe('the audit log fits the screen and formats its details [sqlite]', function () {
  this.timeout(300_000);
  let server: TestServer;
  let browser: Browser;

  before(async function () {
    server = await startTestServer('sqlite');
    await demoTour(server, 30);
    await setTourLanguage(server, 'en');
    const { audit, workspaces } = server.container.services;
    const workspaceId = (await workspaces.getPrimary()).id;
    // The widest entries the log holds: long unbroken values, lists and nested objects.
    await audit.append({
      action: 'privacy.requests.mention.review.decision.recorded' as AuditAction, // no such action: a code the page has no name for
      actorKind: 'cli',
      workspaceId,
      target: { type: 'privacy_request_with_a_long_type_name', id: 'bf475476-2c6d-4a4e-9d5b-6a3c7b1e9f00-bf475476-2c6d-4a4e-9d5b' },
      details: {
        path: '/privacy/requests/bf475476-2c6d-4a4e-9d5b-6a3c7b1e9f00/mentions/bf475476-2c6d-4a4e-9d5b-6a3c7b1e9f00/decision',
        hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855e3b0c44298fc1c149afbf4c8996fb924',
        tables: ['sections', 'section_revisions', 'section_grants', 'section_hidden', 'org_memberships', 'one_on_one_meetings'],
        changes: { before: { role: 'member', visibility: 'restricted', url: 'https://example.com/'.padEnd(160, 'x') }, after: { role: 'admin' } },
      },
    });
  });

  after(async function () {
    await browser?.close();
    await server?.close();
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`when an admin opens the audit log ${viewport.width} px wide, then nothing overflows sideways and details are key-value lists`, async function () {
      browser ??= await launchBrowser();
      const context = await browser.newContext({ locale: 'en-GB', viewport });
      const page = await context.newPage();
      await signIn(page, server.url, 'admin');
      await page.goto(`${server.url}/admin/audit`);
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      assert.ok(width <= viewport.width, `the page is ${width} px wide at ${viewport.width} px`);
      const details = page.locator('dl.audit-details').filter({ hasText: '/privacy/requests/bf475476' });
      assert.equal(await details.count(), 1, 'the long entry is shown with its details as a definition list');
      assert.deepEqual(await details.locator('dt').allTextContents(), ['path', 'hash', 'tables', 'changes']);
      const shown = await details.innerText();
      assert.ok(!shown.includes('{') && !shown.includes('"'), `details are not JSON: ${shown}`);
      assert.match(shown, /sections, section_revisions/);
      if (viewport.width >= 1280) {
        // A word is never split across lines to narrow a column ("Whe|n", "users.set_pas|sword"): each is one line box.
        // (No named functions inside evaluate: the test runner's transform would add a helper the page lacks.)
        const split = await page.evaluate(() => {
          const words = [...document.querySelectorAll('table.table th')].filter((th) => !/\s/.test(th.textContent!.trim()));
          const found: string[] = [];
          for (const el of [...words, ...document.querySelectorAll('table.table td.nowrap')]) {
            const range = document.createRange();
            range.selectNodeContents(el);
            if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) found.push(el.textContent!.trim());
          }
          return found;
        });
        assert.deepEqual(split, [], 'one-word headers and one-token cells stay on one line');
      }
      await context.close();
    });
  }
});

// Insights in a real browser (Debian's chromium) against the real server on SQLite, on the demo
// organization after a snapshot: an admin and a member (a node lead) open their boards; a chart's
// tooltip shows on keyboard focus and the arrow keys move it; the table view opens; the CSV link
// downloads the same numbers as the table; the node and period filters send themselves; axe-core finds no
// violation on the insights pages in English and French, and nothing breaks the CSP.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { watchConsole, type BrowserContext, type Page } from '../support/browser.js';
import { axeViolations } from '../support/axe.js';
import { demoTour, setTourLanguage, signIn } from '../screenshots/tour.js';
import { browserSuite } from '../support/browser-suite.js';

describe('insights in the browser [sqlite]', function () {
  this.timeout(180_000);
  const suite = browserSuite();
  const contexts: BrowserContext[] = [];
  const cspErrors: string[] = [];

  before(async function () {
    await demoTour(suite.server, 60); // seeds the demo organization and takes today's snapshot
  });

  async function signedIn(role: 'member' | 'admin', locale = 'en-GB'): Promise<Page> {
    const context = await suite.browser.newContext({ locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    const watch = watchConsole(page);
    page.on('close', () => cspErrors.push(...watch.cspViolations()));
    await signIn(page, suite.server.url, role);
    return page;
  }

  /** The figures of a chart's table view, row by row (null where a value is hidden). */
  async function tableFigures(page: Page, chart: string): Promise<Array<Array<number | null>>> {
    return page.locator(`${chart} table.chart-table tbody tr`).evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td.dataset.value === undefined ? null : Number(td.dataset.value)))),
    );
  }

  it('when an admin and a member open Insights, then each sees the boards they may open and a board shows its charts', async () => {
    const admin = await signedIn('admin');
    await admin.getByRole('link', { name: 'Insights', exact: true }).click();
    await admin.waitForURL(`${suite.server.url}/insights`);
    assert.deepEqual(await admin.locator('.insights-boards > li h2').allInnerTexts(), ['Structure', 'Rhythm', 'Recognition', 'Knowledge', 'Growth']);

    const member = await signedIn('member');
    await member.goto(`${suite.server.url}/insights`);
    const boards = await member.locator('.insights-boards > li h2').allInnerTexts();
    assert.ok(boards.includes('Structure'), `the member sees the workspace-wide structure: ${boards.join(', ')}`);
    await member.locator('.insights-boards h2 a', { hasText: 'Structure' }).click();
    await member.waitForURL(/\/insights\/structure/);
    assert.ok((await member.locator('figure.chart svg.chart-svg[role="img"]').count()) > 0, 'charts are drawn');
    assert.equal(await member.locator('.side-nav a[href="/insights"]').getAttribute('aria-current'), 'page');
  });

  it('when a chart takes keyboard focus, then its tooltip shows the first figure, the arrow keys move it and Escape hides it; the pointer shows the figure under it', async () => {
    const page = await signedIn('admin');
    await page.goto(`${suite.server.url}/insights/structure`);
    const canvas = page.locator('[data-chart-canvas]:has(.chart-mark)').first();
    const tips = await canvas.locator('.chart-mark').evaluateAll((marks) =>
      marks
        .map((m) => ({ c: Number((m as SVGElement).dataset.category), s: Number((m as SVGElement).dataset.series), tip: (m as SVGElement).dataset.tip! }))
        .sort((a, b) => a.c - b.c || a.s - b.s)
        .map((m) => m.tip),
    );
    assert.ok(tips.length > 1, 'the chart has figures');
    await canvas.focus();
    const tip = canvas.locator('.chart-tip');
    await tip.waitFor({ state: 'visible' });
    assert.equal(await tip.innerText(), tips[0]);
    await page.keyboard.press('ArrowRight');
    assert.equal(await tip.innerText(), tips[1]);
    assert.equal(await canvas.locator('.chart-mark.is-active').count(), 1);
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'hidden' });
    // The pointer shows the figure under it.
    const last = canvas.locator('.chart-mark').last();
    await last.hover({ force: true });
    await tip.waitFor({ state: 'visible' });
    assert.equal(await tip.innerText(), await last.getAttribute('data-tip'));
  });

  it('when the table view is opened and the CSV downloaded, then both hold the same numbers', async () => {
    const page = await signedIn('admin');
    await page.goto(`${suite.server.url}/insights/structure`);
    const figure = page.locator('figure.chart').first();
    const id = `#${await figure.getAttribute('id')}`;
    const table = figure.locator('table.chart-table');
    assert.equal(await table.isVisible(), false, 'the table view starts closed');
    await figure.locator('summary').click();
    await table.waitFor({ state: 'visible' });
    const shown = await tableFigures(page, id);
    assert.ok(shown.length > 0);

    const [download] = await Promise.all([page.waitForEvent('download'), figure.locator('a[download]').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const rows = csv.trim().split(/\r?\n/).slice(1).map((line) => line.split(',').slice(1).map((cell) => (cell === '' ? null : Number(cell))));
    assert.deepEqual(rows, shown);
    assert.match(download.suggestedFilename(), /^structure-.+\.csv$/);
  });

  it('when the admin picks a node in the filter, then the board reloads for that node without a submit click', async () => {
    const page = await signedIn('admin');
    await page.goto(`${suite.server.url}/insights/structure`);
    const option = page.locator('#f-node option:not([value=""])').first();
    const [value, name] = [await option.getAttribute('value'), (await option.innerText()).trim()];
    await Promise.all([page.waitForURL(new RegExp(`node=${value}`)), page.locator('#f-node').selectOption(value!)]);
    assert.match(await page.locator('.insights-facts').innerText(), new RegExp(`Scope: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`));
    assert.equal(await page.locator('#f-node').inputValue(), value);
  });

  it('when the admin types a period start and leaves the field, then the board reloads for that period', async () => {
    const page = await signedIn('admin');
    await page.goto(`${suite.server.url}/insights/growth`);
    await page.locator('#f-from').fill('2026-03-01');
    assert.doesNotMatch(page.url(), /from=/, 'not sent while typing');
    await Promise.all([page.waitForURL(/from=2026-03-01/), page.locator('#f-to').focus()]);
    assert.match(await page.locator('.insights-facts').innerText(), /Period: Mar 1, 2026 to /);
  });

  for (const language of ['en', 'fr'] as const) {
    it(`when the insights pages are opened in ${language === 'en' ? 'English' : 'French'}, then axe-core finds no violation`, async () => {
      await setTourLanguage(suite.server, language);
      const problems: string[] = [];
      for (const [role, paths] of [
        ['member', ['/insights', '/insights/structure']],
        ['admin', ['/insights', '/insights/structure', '/insights/rhythm', '/insights/recognition', '/insights/knowledge', '/insights/growth']],
      ] as const) {
        const page = await signedIn(role, language === 'en' ? 'en-GB' : 'fr-FR');
        for (const path of paths) {
          const response = await page.goto(`${suite.server.url}${path}`);
          assert.equal(response?.status(), 200, path);
          assert.equal(await page.getAttribute('html', 'lang'), language);
          for (const violation of await axeViolations(page)) problems.push(`${role} ${path}: ${violation}`);
        }
        // With the table view open and a tooltip shown too.
        await page.locator('figure.chart summary').first().click();
        await page.locator('[data-chart-canvas]:has(.chart-mark)').first().focus();
        for (const violation of await axeViolations(page)) problems.push(`${role} (table open, tooltip): ${violation}`);
      }
      assert.deepEqual(problems, []);
      await setTourLanguage(suite.server, 'en');
    });
  }

  it('when every page above was shown, then none broke the Content-Security-Policy', async () => {
    for (const c of contexts.splice(0)) await c.close();
    assert.deepEqual(cspErrors, []);
  });
});

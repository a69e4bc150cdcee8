// Every page of the demo organization, signed out and as a member and an admin, in English and
// French, checked in a real browser: axe-core (injected into the page) reports no violation, the
// page is CSP-clean, no paragraph in its source holds a block (the parser would move it out), no
// page is wider than the 1,280 px window, no word in a table is split across lines to narrow a column, and
// its JavaScript and CSS stay within the budgets (gzipped: 60 KB of script, 30 KB of CSS; the org
// chart page is excepted from the script budget by the issue, and today meets it too).
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { watchConsole } from '../support/browser.js';
import { axeViolations } from '../support/axe.js';
import { blocksInParagraphs } from '../support/html-nesting.js';
import { splitTableWords } from '../support/table-words.js';
import { demoTour, setTourLanguage, signIn, type Role, type TourPage } from '../screenshots/tour.js';
import { browserSuite } from '../support/browser-suite.js';

const JS_BUDGET = 60 * 1024;
const CSS_BUDGET = 30 * 1024;

describe('every page passes axe-core, stays CSP-clean and within its budgets, in English and French [sqlite]', function () {
  this.timeout(600_000);
  const suite = browserSuite();
  let pages: TourPage[];

  before(async function () {
    pages = await demoTour(suite.server, 60);
  });

  for (const language of ['en', 'fr'] as const) {
    for (const role of ['signedOut', 'member', 'admin'] as Role[]) {
      it(`when each page is opened ${role === 'signedOut' ? 'signed out' : `as ${role === 'member' ? 'a member' : 'an admin'}`} in ${language === 'en' ? 'English' : 'French'}, then axe-core finds no violation and no page breaks its CSP or its budget`, async function () {
        await setTourLanguage(suite.server, language);
        const context = await suite.browser.newContext({ locale: language === 'en' ? 'en-GB' : 'fr-FR', viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const console = watchConsole(page);
        const assets = new Map<string, { type: string; gzip: number }>();
        page.on('response', async (response) => {
          const type = response.request().resourceType();
          if (type !== 'script' && type !== 'stylesheet') return;
          try {
            assets.set(response.url(), { type, gzip: zlib.gzipSync(await response.body()).length });
          } catch {
            // A response without a body (redirect) weighs nothing.
          }
        });
        if (role !== 'signedOut') await signIn(page, suite.server.url, role);
        const problems: string[] = [];
        for (const p of pages.filter((tour) => tour.as === role)) {
          assets.clear();
          const response = await page.goto(`${suite.server.url}${p.path}`);
          assert.equal(response?.status(), 200, `${p.path} answers 200`);
          await page.waitForLoadState('load');
          assert.equal(await page.getAttribute('html', 'lang'), language, `${p.path} is in ${language}`);
          for (const violation of await axeViolations(page)) problems.push(`${p.path}: ${violation}`);
          for (const misnested of blocksInParagraphs(await response!.text())) problems.push(`${p.path}: ${misnested}`);
          for (const word of await splitTableWords(page)) problems.push(`${p.path}: "${word}" is split across lines in a table`);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > 1280) problems.push(`${p.path}: ${width} px wide at 1,280 px`);
          const js = [...assets.values()].filter((a) => a.type === 'script').reduce((sum, a) => sum + a.gzip, 0);
          const css = [...assets.values()].filter((a) => a.type === 'stylesheet').reduce((sum, a) => sum + a.gzip, 0);
          if (js > JS_BUDGET) problems.push(`${p.path}: ${js} bytes of gzipped JavaScript (budget ${JS_BUDGET})`);
          if (css > CSS_BUDGET) problems.push(`${p.path}: ${css} bytes of gzipped CSS (budget ${CSS_BUDGET})`);
          if (css === 0) problems.push(`${p.path}: no stylesheet was loaded`);
        }
        assert.deepEqual(problems, []);
        assert.deepEqual(console.cspViolations(), []);
        await context.close();
      });
    }
  }

  it('when the system asks for dark mode, then the member pages still pass axe-core (contrast included)', async function () {
    await setTourLanguage(suite.server, 'en');
    const context = await suite.browser.newContext({ locale: 'en-GB', colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, 'member');
    const problems: string[] = [];
    for (const p of pages.filter((tour) => tour.as === 'member')) {
      await page.goto(`${suite.server.url}${p.path}`);
      for (const violation of await axeViolations(page)) problems.push(`${p.path}: ${violation}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('when each page is opened on a phone, then none is wider than the screen and every stacked table cell names its column', async function () {
    await setTourLanguage(suite.server, 'en');
    const wide: string[] = [];
    for (const role of ['signedOut', 'member', 'admin'] as Role[]) {
      const context = await suite.browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      if (role !== 'signedOut') await signIn(page, suite.server.url, role);
      for (const p of pages.filter((tour) => tour.as === role)) {
        await page.goto(`${suite.server.url}${p.path}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) wide.push(`${p.path}: ${width} px`);
        // Stacked table cells name their column ("Status: Active"): the header row is hidden on a phone.
        const unnamed = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLTableElement>('table.table')].flatMap((table) => {
            const headers = [...(table.tHead?.rows[0]?.cells ?? [])].map((th) => th.textContent?.trim() ?? '');
            return [...table.querySelectorAll('tbody td')]
              .filter((td) => {
                // A cell holding nothing but buttons or a menu's button (or nothing) needs no name.
                const text = (td.textContent ?? '').replace(/\s+/g, '');
                const controls = [...td.querySelectorAll('button, summary, select, input, textarea')].map((c) => c.textContent ?? '').join('').replace(/\s+/g, '');
                return headers[(td as HTMLTableCellElement).cellIndex] && !td.getAttribute('data-label') && text !== controls;
              })
              .map((td) => headers[(td as HTMLTableCellElement).cellIndex]!);
          }),
        );
        if (unnamed.length) wide.push(`${p.path}: ${unnamed.length} stacked cells without their column's name (${[...new Set(unnamed)].slice(0, 3).join(', ')})`);
      }
      await context.close();
    }
    assert.deepEqual(wide, []);
  });

  it('when the user menu is open and, on a phone, the drawer, then axe-core still finds no violation', async function () {
    await setTourLanguage(suite.server, 'en');
    const context = await suite.browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, suite.server.url, 'member');
    await page.locator('.user-menu summary').click();
    assert.deepEqual(await axeViolations(page), []);
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Open the menu' }).click();
    await page.locator('#sidebar[data-open]').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});

// The privacy notice read in a browser (issue 22): it lists every field of every record, so it was
// 11,000 px tall on a desktop. It opens with its contents (each category, collected or not, and how
// many records it holds) and folds a long record's fields under their count; printing opens every
// fold, so a printed notice misses nothing. Passes axe-core at desktop and phone widths.
import assert from 'node:assert/strict';
import { browserSuite } from '../support/browser-suite.js';
import { watchConsole } from '../support/browser.js';
import { axeViolations } from '../support/axe.js';

describe('the privacy notice in the browser [sqlite]', function () {
  this.timeout(120_000);
  const suite = browserSuite();

  it('when someone opens /privacy, then its contents lead to each category, long field lists are folded, and printing opens them all', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const watch = watchConsole(page);
    await page.goto(`${suite.server.url}/privacy`);

    const contents = page.getByRole('navigation', { name: 'On this page' });
    const categories = await page.locator('section[data-category]').count();
    assert.ok(categories >= 8, `${categories} categories`);
    assert.equal(await contents.getByRole('link').count(), categories, 'one link per category');
    assert.match((await contents.locator('li', { hasText: 'Account data' }).innerText()).replace(/\s+/g, ' '), /Account data collected \d+ records/);
    await contents.getByRole('link', { name: 'Log data' }).click();
    assert.match(page.url(), /#cat-log$/);

    const folds = page.locator('details.disclosure');
    const folded = await folds.count();
    assert.ok(folded >= 5, `${folded} folded records`);
    assert.equal(await page.locator('details.disclosure[open]').count(), 0, 'folded at first');
    assert.match(await folds.first().locator('summary').innerText(), /^\d+ things recorded$/);
    const closedHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    const fields = await page.locator('section[data-category] td li').count();

    // The reader opens one; printing opens the rest and closes only those it opened.
    await folds.first().locator('summary').click();
    assert.equal(await folds.first().getAttribute('open'), '');
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal(await page.locator('details.disclosure:not([open])').count(), 0, 'every fold open for printing');
    const openHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(closedHeight < openHeight * 0.75, `folded ${closedHeight} px against ${openHeight} px with every field shown`);
    assert.equal(await page.locator('section[data-category] td li:visible').count(), fields, 'every field is on the printed page');
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    assert.equal(await page.locator('details.disclosure[open]').count(), 1, 'after printing, only the one the reader opened stays open');

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      assert.deepEqual(await axeViolations(page), [], `axe at ${width} px`);
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, `no overflow at ${width} px`);
    }
    assert.deepEqual(watch.errors, []);
    await context.close();
  });

  it('when it is read in French, then the contents and the folds are in French', async () => {
    const context = await suite.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/privacy`);
    await page.getByRole('navigation', { name: 'Sur cette page' }).waitFor();
    assert.match(await page.locator('details.disclosure summary').first().innerText(), /^\d+ données enregistrées$/);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});

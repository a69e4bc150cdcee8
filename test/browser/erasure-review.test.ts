// An admin works through an erasure request in a real browser (issue 22): the refused erasure names
// the legal hold and offers the override; once erased, what colleagues wrote about the person is
// listed in words (where, what matched, the match marked) and each mention is redacted or kept
// with a reason. Every state of the page passes axe-core, at desktop and phone widths.
import assert from 'node:assert/strict';
import { watchConsole, type Page, signInThroughForm } from '../support/browser.js';
import { person, type Person } from '../support/people.js';
import { axeViolations } from '../support/axe.js';
import { cliHandler } from '../../server/components/dsar/dsar.service.js';
import { browserSuite } from '../support/browser-suite.js';

describe('an admin reviews an erasure in the browser [sqlite]', function () {
  this.timeout(180_000);
  const suite = browserSuite();

  const signIn = (page: Page, who: Person) => signInThroughForm(page, suite.server.url, who.email);

  /** axe-core's findings and any overflow, at the page's width and at a phone's. */
  async function pageProblems(page: Page, label: string): Promise<string[]> {
    const problems: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const v of await axeViolations(page)) problems.push(`${label} at ${width} px: ${v}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > width) problems.push(`${label}: ${wide} px wide at ${width} px`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    return problems;
  }

  it('when a held person\'s erasure is run, overridden and its mentions reviewed, then each step reads in words and passes axe-core', async function () {
    const admin = await person(suite.server, 'Ada', 'Admin');
    await suite.server.container.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    const subject = await person(suite.server, 'Zelda', 'Quarrington');
    const writer = await person(suite.server, 'Walt', 'Writer');
    for (const [title, body] of [['Thanks', 'Zelda Quarrington helped me draw the coast of the new atlas.'], ['Questions', 'Ask Quarrington about the atlas legend.']]) {
      assert.equal((await writer.client.sendJson('POST', `/api/v1/people/${writer.id}/sections`, { kind: 'custom', title, body, visibility: 'public' })).status, 201);
    }
    // Placed in the browser by the admin: stored as "admin <id>", shown by name.
    await suite.server.container.services.holds.add({ user: subject.email, reason: 'Litigation 2026-041' }, { trigger: 'admin', label: `admin ${admin.id}`, userId: admin.id });
    const request = await suite.server.container.services.dsar.open({ type: 'erasure', user: subject.email, channel: 'email' }, cliHandler('privacy team'));

    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const watch = watchConsole(page);
    await signIn(page, admin);
    await page.goto(`${suite.server.url}/privacy/requests/${request.id}`);
    const problems = await pageProblems(page, 'the open request');

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: "Erase the subject's data" }).click()]);
    const held = page.getByRole('alert').filter({ hasText: 'A legal hold protects' });
    await held.waitFor();
    assert.match(await held.innerText(), /Litigation 2026-041 — Ada Admin/);
    assert.equal(await page.getByText('A legal hold protects').count(), 1, 'said once');
    problems.push(...(await pageProblems(page, 'the refused erasure')));

    await page.getByLabel('Override the legal hold (admins only)').check();
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: "Erase the subject's data" }).click()]);
    const mentions = page.locator('.mention');
    await mentions.first().waitFor();
    // Each section and its first revision (which holds the same text).
    assert.equal(await mentions.count(), 4);
    assert.deepEqual([...new Set(await page.locator('.mention mark').allInnerTexts())].sort(), ['Quarrington', 'Zelda Quarrington']);
    const listed = await page.locator('.mentions').innerText();
    assert.match(listed, /A section/);
    assert.match(listed, /An earlier version of a section/);
    assert.equal(await page.getByRole('button', { name: "Erase the subject's data" }).count(), 0, 'nothing is left to erase');
    await page.getByText('The erasure ran: the person\'s data and identifiers are gone').waitFor();
    assert.doesNotMatch(listed, /sections\.body|[0-9a-f]{8}-[0-9a-f]{4}-/, 'no table, column or row id');
    problems.push(...(await pageProblems(page, 'the mentions to review')));

    // Keeping one without a reason is refused beside that mention's field; with one, it is kept.
    const first = mentions.first();
    await Promise.all([page.waitForLoadState('load'), first.getByRole('button', { name: 'Keep' }).click()]);
    await page.locator('.mention [aria-invalid="true"]').waitFor();
    problems.push(...(await pageProblems(page, 'a refused decision')));
    await page.locator('.mention').first().getByLabel("Why it is kept (never the person's name)").fill('Needed for the atlas credits');
    await Promise.all([page.waitForLoadState('load'), page.locator('.mention').first().getByRole('button', { name: 'Keep' }).click()]);
    await page.getByText('Kept: Needed for the atlas credits').waitFor();
    await Promise.all([page.waitForLoadState('load'), page.locator('.mention').nth(1).getByRole('button', { name: 'Redact' }).click()]);
    await page.locator('.mention .badge', { hasText: 'Redacted' }).waitFor();
    problems.push(...(await pageProblems(page, 'the decided mentions')));
    assert.deepEqual(problems, []);
    assert.deepEqual(watch.cspViolations(), []);
    await context.close();
  });
});

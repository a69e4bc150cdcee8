// 1:1 private notes and feedback visibility in a real browser (Debian's chromium) against the real
// server on SQLite: each person has their own isolated browser context and signs in through the form.
import assert from 'node:assert/strict';
import { newContext, watchConsole, type BrowserContext, type Page } from '../support/browser.js';
import { node, person, section, type Person } from '../support/people.js';
import { strongPassword } from '../support/http.js';
import { browserSuite } from '../support/browser-suite.js';

describe('people pages in the browser [sqlite]', function () {
  this.timeout(90_000);
  const suite = browserSuite();
  const contexts: BrowserContext[] = [];

  afterEach(async function () {
    while (contexts.length) await contexts.pop()!.close();
  });

  /** A browser window of its own, signed in through the form as this person. */
  async function signedInPage(who: Person): Promise<Page> {
    const context = await newContext(suite.browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/signin`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(strongPassword);
    await Promise.all([page.waitForURL(`${suite.server.url}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  }

  it('when two people take 1:1 notes, then both share the agenda and each one’s private notes never reach the other, even through search', async function () {
    const ada = await person(suite.server, 'Ada', 'Lovelace');
    const bob = await person(suite.server, 'Bob', 'Babbage');
    const adaPage = await signedInPage(ada);
    const console = watchConsole(adaPage);
    await adaPage.goto(`${suite.server.url}/people/${bob.id}`);
    await Promise.all([adaPage.waitForURL(/\/one-on-ones\/[^/]+$/), adaPage.getByRole('button', { name: '1:1 notes with this person' }).click()]);
    await adaPage.getByLabel('Date').fill('2026-11-30');
    await Promise.all([adaPage.waitForURL(/\/meetings\//), adaPage.getByRole('button', { name: 'Add meeting' }).click()]);
    await adaPage.getByLabel('New talking point').fill('Roadmap for the analytical engine');
    await Promise.all([adaPage.waitForLoadState('load'), adaPage.getByRole('button', { name: 'Add' }).first().click()]);
    await adaPage.getByLabel('Private notes (only you)').fill('Ada alone: Bob seems tired, ask gently');
    await Promise.all([adaPage.waitForURL(/saved=1/), adaPage.getByRole('button', { name: 'Save private notes' }).click()]);
    assert.equal(await adaPage.getByLabel('Private notes (only you)').inputValue(), 'Ada alone: Bob seems tired, ask gently');
    assert.deepEqual(console.cspViolations(), []);

    const bobPage = await signedInPage(bob);
    await bobPage.goto(`${suite.server.url}/one-on-ones`);
    await bobPage.getByRole('link', { name: 'Ada Lovelace', exact: true }).click();
    // The meeting's day is shown in the reader's language (Intl); its <time> keeps the ISO date.
    await bobPage.locator('a:has(time[datetime="2026-11-30"])').click();
    await bobPage.getByText('Roadmap for the analytical engine').waitFor();
    const seen = await bobPage.content();
    assert.ok(!seen.includes('seems tired'), 'Bob never sees Ada’s private notes');
    assert.equal(await bobPage.getByLabel('Private notes (only you)').inputValue(), '');
    await bobPage.getByLabel('Search nodes, sections, people and discussions').first().fill('tired');
    await Promise.all([bobPage.waitForURL(/\/search\?q=tired/), bobPage.keyboard.press('Enter')]);
    assert.ok(!(await bobPage.content()).includes('seems tired'));
    await bobPage.getByText('Nothing you may read matches').waitFor();
  });

  it('when feedback is given with each visibility, then the recipient sees all, their lead sees leads and public, and a colleague only public', async function () {
    const rita = await person(suite.server, 'Rita', 'Recipient');
    const gus = await person(suite.server, 'Gus', 'Giver');
    const lena = await person(suite.server, 'Lena', 'Lead');
    const bea = await person(suite.server, 'Bea', 'Bystander');
    const companyId = await node(suite.server, { name: 'Payments', leads: [lena], members: [rita] });
    await section(suite.server, { nodeId: companyId, kind: 'values', title: 'Values', visibility: 'public', body: '- Candor: we say it\n- Ownership: we finish it' });

    const gusPage = await signedInPage(gus);
    const give = async (text: string, choice: RegExp, value?: string) => {
      await gusPage.goto(`${suite.server.url}/people/${rita.id}`);
      // The form is folded under its summary, so the page reads first.
      assert.equal(await gusPage.getByLabel('Your feedback').isVisible(), false);
      await gusPage.getByText('Give Rita feedback').click();
      await gusPage.getByLabel('Your feedback').fill(text);
      await gusPage.getByLabel(choice).check();
      if (value) await gusPage.getByLabel(value).check();
      await Promise.all([gusPage.waitForURL(/done=feedback/), gusPage.getByRole('button', { name: 'Give feedback' }).click()]);
      await gusPage.getByText('Your feedback was sent.').waitFor();
    };
    await give('Private: your reviews are thorough', /^Only them/);
    await give('For leads: great incident handling', /^Them and their leads/);
    await give('Public: thank you for the launch', /^Everyone, on their page/, 'Ownership');

    const ritaPage = await signedInPage(rita);
    assert.equal((await ritaPage.locator('.unread-count').textContent())?.trim(), '3');
    await ritaPage.goto(`${suite.server.url}/feedback`);
    for (const text of ['Private: your reviews', 'For leads: great incident', 'Public: thank you']) await ritaPage.getByText(text).waitFor();

    const lenaPage = await signedInPage(lena);
    await lenaPage.goto(`${suite.server.url}/people/${rita.id}`);
    await lenaPage.getByText('For leads: great incident handling').waitFor();
    await lenaPage.getByText('Public: thank you for the launch').waitFor();
    assert.ok(!(await lenaPage.content()).includes('your reviews are thorough'));

    const beaPage = await signedInPage(bea);
    await beaPage.goto(`${suite.server.url}/people/${rita.id}`);
    await beaPage.getByText('Public: thank you for the launch').waitFor();
    const beaSees = await beaPage.content();
    assert.ok(!beaSees.includes('your reviews are thorough'));
    assert.ok(!beaSees.includes('great incident handling'));
    assert.match(beaSees, /class="badge value">Ownership</);
  });
});

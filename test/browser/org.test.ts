// The org explorer in a real browser (Debian's chromium) against the real server on SQLite: an admin
// builds an entity and a node, a lead writes a restricted section, someone outside the node cannot
// see it (page or API), the org chart renders, works with the keyboard and exports PNG, French UI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { newContext, watchConsole, type Page } from '../support/browser.js';
import { makeAdmin, person, type Person } from '../support/people.js';
import { strongPassword } from '../support/http.js';
import { browserSuite } from '../support/browser-suite.js';

describe('org explorer in the browser [sqlite]', function () {
  this.timeout(90_000);
  const suite = browserSuite();
  let admin: Person;
  let lead: Person;
  let outsiderOfNode: Person;
  let nodeUrl: string;
  const cspErrors: string[] = [];

  before(async function () {
    admin = await person(suite.server, 'Ada', 'Admin');
    await makeAdmin(suite.server, admin);
    lead = await person(suite.server, 'Lea', 'Lead');
    outsiderOfNode = await person(suite.server, 'Olga', 'Outside');
  });

  async function signedInPage(who: Person, locale?: string): Promise<Page> {
    const context = await newContext(suite.browser, { locale });
    const page = await context.newPage();
    const watch = watchConsole(page);
    page.on('close', () => cspErrors.push(...watch.cspViolations()));
    await page.goto(`${suite.server.url}/signin`);
    await page.locator('#f-email').fill(who.email);
    await page.locator('#f-password').fill(strongPassword);
    await Promise.all([page.waitForURL(`${suite.server.url}/`), page.locator('form[action="/signin"] button[type=submit]').click()]);
    return page;
  }

  it('when an admin adds an entity and a node with a lead and a member through the pages, then the explorer shows them', async () => {
    const page = await signedInPage(admin);
    await page.getByRole('link', { name: 'Organization', exact: true }).click();
    await page.getByRole('link', { name: 'Manage entities' }).click();
    await page.locator('form[action="/org/entities"] #f-name').fill('Guilds');
    await page.getByRole('button', { name: 'Add entity' }).click();
    await page.waitForURL(/\/org\/manage\?done=1/);
    assert.equal(await page.locator('input[value="Guilds"]').count(), 1);

    await page.goto(`${suite.server.url}/org`);
    await page.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.locator('form[action="/org/nodes"] #f-name').fill('Platform');
    await page.locator('form[action="/org/nodes"] #f-description').fill('Runs the shared infrastructure.');
    await Promise.all([page.waitForURL(/\/org\/nodes\//), page.getByRole('button', { name: 'Add node' }).click()]);
    nodeUrl = page.url();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Platform');

    // Membership is managed on the node's Manage tab (the node page is for reading).
    await Promise.all([page.waitForURL(/\/manage$/), page.getByRole('link', { name: 'Manage', exact: true }).click()]);
    await page.locator('form[action$="/members"] #f-email').fill(lead.email);
    await page.locator('form[action$="/members"] #f-role').selectOption('lead');
    await Promise.all([page.waitForURL(/done=1/), page.getByRole('button', { name: 'Add member' }).click()]);
    const member = await person(suite.server, 'Max', 'Member');
    await page.locator('form[action$="/members"] #f-email').fill(member.email);
    await Promise.all([page.waitForURL(/done=1/), page.getByRole('button', { name: 'Add member' }).click()]);
    assert.match(await page.locator('#main').textContent() ?? '', /Leads: Lea Lead · 2 members/);

    await page.goto(`${suite.server.url}/org`);
    assert.match(await page.locator('#main').textContent() ?? '', /Platform\s*Lea Lead · 2 members/);
    await page.close();
  });

  it('when the lead writes a restricted section, then it shows rendered on the node page and a colleague outside the node sees it nowhere (page, API)', async () => {
    const page = await signedInPage(lead);
    await page.goto(nodeUrl);
    await page.getByText('Add a section').click();
    await page.locator('#f-kind').selectOption('custom');
    await page.locator('form[action$="/sections"] #f-title').fill('Salary bands');
    await page.locator('form[action$="/sections"] #f-body').fill('Band **C**: 50-60k\n\n<script>alert(1)</script>');
    await page.locator('form[action$="/sections"] input[name=visibility][value=restricted]').check();
    await Promise.all([page.waitForURL(/#section-/), page.getByRole('button', { name: 'Add section' }).click()]);
    const section = page.locator('li.section', { hasText: 'Salary bands' });
    assert.equal(await section.locator('strong').textContent(), 'C');
    assert.match(await section.textContent() ?? '', /Restricted/);
    const sectionId = await section.getAttribute('data-section-id');
    await page.close();

    const other = await signedInPage(outsiderOfNode);
    await other.goto(nodeUrl);
    assert.equal(await other.getByRole('heading', { level: 1 }).textContent(), 'Platform');
    assert.doesNotMatch(await other.content(), /Salary bands|50-60k/);
    const nodeId = nodeUrl.split('/').pop();
    const list = await other.request.get(`${suite.server.url}/api/v1/nodes/${nodeId}/sections`);
    assert.equal(list.status(), 200);
    assert.doesNotMatch(await list.text(), /Salary bands/);
    assert.equal((await other.request.get(`${suite.server.url}/api/v1/sections/${sectionId}`)).status(), 404);
    const history = await other.goto(`${suite.server.url}/sections/${sectionId}/history`);
    assert.equal(history!.status(), 404);
    await other.close();
  });

  it('when the lead drags a section above another, then the new order is saved', async () => {
    const page = await signedInPage(lead);
    const nodeId = nodeUrl.split('/').pop();
    const csrf = (await (await page.request.get(`${suite.server.url}/api/v1/csrf-token`)).json()).csrfToken;
    const added = await page.request.post(`${suite.server.url}/api/v1/nodes/${nodeId}/sections`, { headers: { 'x-csrf-token': csrf }, data: { kind: 'purpose', body: 'Keep the lights on.', visibility: 'public' } });
    assert.equal(added.status(), 201);
    await page.goto(nodeUrl);
    const titles = () => page.locator('ol.sections > li h3').allTextContents();
    const before = await titles();
    assert.deepEqual(before.slice(-2), ['Salary bands', 'Purpose']);
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('ol.sections > li', { hasText: 'Purpose' }).dragTo(page.locator('ol.sections > li', { hasText: 'Salary bands' })),
    ]);
    const after = await titles();
    assert.deepEqual(after.slice(-2), ['Purpose', 'Salary bands']);
    await page.close();
  });

  it('when the org chart is opened, then it renders boxes that take keyboard focus and exports a PNG', async () => {
    // Wider than the page's column: fourteen squads side by side under Platform, which is drawn above their middle.
    const teams = (await admin.client.get('/api/v1/entities')).json().entities.find((e: { key: string | null }) => e.key === 'teams');
    const platform = nodeUrl.split('/').pop();
    for (let i = 1; i <= 14; i += 1) assert.equal((await admin.client.sendJson('POST', '/api/v1/nodes', { entityId: teams.id, name: `Squad ${i}`, parentId: platform })).status, 201);
    const page = await signedInPage(admin);
    await page.goto(`${suite.server.url}/org`);
    await page.getByRole('link', { name: 'Teams', exact: true }).click();
    const chart = page.locator('[data-org-chart] svg');
    await chart.waitFor();
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 50);
    // Drawn at its own size (the frame scrolls), never shrunk to the column where its text gets unreadable.
    assert.equal(Math.round(box.width), Number(await chart.getAttribute('width')), 'the chart is shown at the size it was drawn');
    const frame = (await page.locator('[data-org-chart]').boundingBox())!;
    const top = (await page.locator('a.chart-node').first().boundingBox())!;
    assert.ok(frame.width < box.width, 'the chart is wider than its frame');
    assert.ok(top.x >= frame.x && top.x + top.width <= frame.x + frame.width, `the top box (${top.x}-${top.x + top.width}) is in the frame (${frame.x}-${frame.x + frame.width})`);
    const nodes = page.locator('a.chart-node');
    assert.ok((await nodes.count()) >= 1);
    await nodes.first().focus();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('class')), 'chart-node');
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('class')), 'chart-node');
    await Promise.all([page.waitForURL(/\/org\/nodes\//), page.keyboard.press('Enter')]);
    await page.goBack();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
    assert.match(download.suggestedFilename(), /\.png$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file!);
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download SVG' }).click()]);
    assert.match(fs.readFileSync((await svg.path())!, 'utf8'), /<svg xmlns/);
    await page.close();
  });

  it('when a French reader opens the explorer, then it speaks French', async () => {
    const page = await signedInPage(outsiderOfNode, 'fr-FR');
    await page.goto(`${suite.server.url}/org`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), "Explorateur d'organisation");
    assert.match(await page.locator('#main').textContent() ?? '', /Départements[\s\S]*Équipes[\s\S]*Produits/);
    await page.goto(nodeUrl);
    assert.match(await page.locator('#main').textContent() ?? '', /Responsables|Membres/);
    await page.close();
  });

  it('when every page above was shown, then none broke the Content-Security-Policy', () => {
    assert.deepEqual(cspErrors, []);
  });
});

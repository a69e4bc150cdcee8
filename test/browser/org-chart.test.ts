// The interactive org chart in a real browser (Debian's chromium) on the demo organization with 500
// and 10,000 people (SQLite): it starts collapsed below a sensible depth; boxes collapse and expand;
// search opens the path to a hidden box, focuses and highlights it; the ARIA tree keys move, expand,
// collapse, expand siblings and open; an SVG export of the focused subtree holds exactly its boxes;
// the PDF export has the pages the A4 landscape plan gives; the people chart shows reporting lines.
// All of it CSP-clean (no console errors).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchBrowser, newContext, watchConsole, type Browser, type ConsoleWatch, type Page } from '../support/browser.js';
import { makeAdmin, person, type Person } from '../support/people.js';
import { strongPassword } from '../support/http.js';
import { seedDemo } from '../../server/components/demo/demo.seed.js';

/** Pages of the PDF export, from its own rule (A4 landscape, 28 pt margins, 34 pt header, 30 pt legend, scale 0.45 to 0.75 pt per px). */
function expectedA4Pages(width: number, height: number): number {
  const areaW = 841.89 - 56;
  const areaH = 595.28 - 56 - 34 - 30;
  const scale = Math.min(0.75, Math.max(0.45, Math.min(areaW / width, areaH / height)));
  return Math.max(1, Math.ceil((width * scale) / areaW - 1e-9)) * Math.max(1, Math.ceil((height * scale) / areaH - 1e-9));
}

const pdfPageCount = (pdf: string) => (pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;

for (const size of [500, 10_000]) {
  describe(`org chart in the browser, demo organization of ${size} people [sqlite]`, function () {
    this.timeout(size > 1000 ? 600_000 : 180_000);
    let server: TestServer;
    let browser: Browser;
    let admin: Person;
    let page: Page;
    let watch: ConsoleWatch;
    let teams: string;
    let chartUrl: string;

    before(async function () {
      server = await startTestServer('sqlite');
      const workspace = await server.container.services.workspaces.getPrimary();
      await seedDemo(server.container.knex, server.container.services.org, { workspaceId: workspace.id, people: size, seed: 1 });
      admin = await person(server, 'Ada', 'Admin');
      await makeAdmin(server, admin);
      teams = (await admin.client.get('/api/v1/entities')).json().entities.find((e: { key: string }) => e.key === 'teams').id;
      chartUrl = `${server.url}/org/entities/${teams}/chart`;
      browser = await launchBrowser();
      const context = await newContext(browser);
      page = await context.newPage();
      watch = watchConsole(page);
      await page.goto(`${server.url}/signin`);
      await page.locator('#f-email').fill(admin.email);
      await page.locator('#f-password').fill(strongPassword);
      await Promise.all([page.waitForURL(`${server.url}/`), page.locator('form[action="/signin"] button[type=submit]').click()]);
    });

    after(async function () {
      await browser?.close();
      await server?.close();
    });

    async function openChart(url = chartUrl): Promise<void> {
      await page.goto(url);
      await page.waitForSelector('[data-org-chart-app][data-ready="true"]', { timeout: 60_000 });
    }
    const boxCount = async () => Number(await page.locator('svg.oc-svg').getAttribute('data-boxes'));
    const focusedId = () => page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? null);

    it('when the Teams chart opens, then it is a tree collapsed below the first levels, not one row of every team', async () => {
      await openChart();
      const all = (await admin.client.get(`/api/v1/entities/${teams}/chart?depth=12`)).json().nodes.length;
      const shown = await boxCount();
      // A small chart opens whole; a large one stops at the first levels, a few hundred boxes at most.
      assert.ok(shown > 1 && shown <= 250, `${shown} boxes shown of ${all}`);
      if (all > 250) assert.ok((await page.locator('[role="treeitem"][aria-expanded="false"]').count()) > 0, 'something starts collapsed');
      const deepest = Math.max(...(await page.locator('[role="treeitem"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-level'))))));
      assert.ok(deepest <= 3, `levels shown: ${deepest}`);
      assert.equal(await page.locator('svg.oc-svg[role="tree"]').count(), 1);
      // Every box carries a name, a lead line and the direct and total headcounts.
      const label = await page.locator('[role="treeitem"]').nth(1).getAttribute('aria-label');
      assert.match(label!, /\d+ direct · \d+ in total/);
      // Links to other entities come on demand (teams sit in departments, work on products).
      await page.locator('[data-act="links"]').click();
      await page.waitForSelector('.oc-links');
      // Each box that shows a link count names its links in words.
      const linked = await page.locator('[role="treeitem"][aria-label*=". Links: "]').count();
      assert.ok(linked > 0);
      assert.equal(await page.locator('.oc-links').count(), linked);
    });

    it('when a box\'s toggle is clicked, then its subtree hides, and shows again on the next click', async () => {
      await openChart();
      const box = page.locator('[role="treeitem"][aria-level="2"][aria-expanded]').first();
      const id = await box.getAttribute('data-id');
      const wasOpen = (await box.getAttribute('aria-expanded')) === 'true';
      const before = await boxCount();
      await box.focus(); // brings it on screen
      await page.locator(`[data-toggle="${id}"]`).click();
      await page.waitForFunction(([n, opened]) => {
        const now = Number(document.querySelector('svg.oc-svg')!.getAttribute('data-boxes'));
        return opened ? now < (n as number) : now > (n as number);
      }, [before, wasOpen] as const);
      assert.equal(await page.locator(`[data-id="${id}"]`).getAttribute('aria-expanded'), String(!wasOpen));
      await page.locator(`[data-toggle="${id}"]`).click();
      await page.waitForFunction((n) => Number(document.querySelector('svg.oc-svg')!.getAttribute('data-boxes')) === n, before);
      assert.equal(await page.locator(`[data-id="${id}"]`).getAttribute('aria-expanded'), String(wasOpen));
    });

    it('when a hidden team is searched for, then the path to it opens and it is focused, highlighted and in the breadcrumb', async () => {
      await openChart();
      const nodes = (await admin.client.get(`/api/v1/entities/${teams}/chart?depth=12`)).json().nodes as Array<{ id: string; name: string; level: number }>;
      const shownIds = new Set(await page.locator('[role="treeitem"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))));
      const names = new Map<string, number>();
      for (const n of nodes) names.set(n.name, (names.get(n.name) ?? 0) + 1);
      const target = nodes.find((n) => !shownIds.has(n.id) && names.get(n.name) === 1) ?? nodes.find((n) => names.get(n.name) === 1)!;
      await page.locator('#oc-q').fill(target.name);
      await page.locator('#oc-q').press('Enter');
      await page.waitForFunction((id) => document.activeElement?.getAttribute('data-id') === id, target.id);
      assert.match((await page.locator(`[data-id="${target.id}"]`).getAttribute('class'))!, /oc-hit/);
      assert.equal(await page.locator('.oc-breadcrumb [aria-current="location"]').textContent(), target.name);
      // The box is inside the visible area of the chart.
      const box = (await page.locator(`[data-id="${target.id}"] rect.oc-box`).boundingBox())!;
      const area = (await page.locator('.oc-canvas').boundingBox())!;
      assert.ok(box.x >= area.x && box.y >= area.y && box.x + box.width <= area.x + area.width + 1 && box.y + box.height <= area.y + area.height + 1, 'focused box on screen');
    });

    it('when the tree is used with the keyboard, then arrows move and expand or collapse, * expands the siblings and Enter opens the node', async () => {
      await openChart();
      const top = page.locator('[role="treeitem"][tabindex="0"]');
      await top.focus();
      const topId = await focusedId();
      await page.keyboard.press('ArrowDown');
      const first = await focusedId();
      assert.notEqual(first, topId);
      assert.equal(await page.locator(`[data-id="${first}"]`).getAttribute('aria-level'), '2');
      // Collapse with Left, expand again with Right.
      if ((await page.locator(`[data-id="${first}"]`).getAttribute('aria-expanded')) === 'true') {
        await page.keyboard.press('ArrowLeft');
        await page.waitForFunction((id) => document.querySelector(`[data-id="${id}"]`)?.getAttribute('aria-expanded') === 'false', first);
      }
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((id) => document.querySelector(`[data-id="${id}"]`)?.getAttribute('aria-expanded') === 'true', first);
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.locator(`[data-id="${await focusedId()}"]`).getAttribute('aria-level'), '3', 'Right on an open box moves to its first child');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await focusedId(), first, 'Left on a closed box moves to its parent');
      // Collapse every sibling, then * opens them all.
      await page.locator('[data-act="collapse-all"]').click();
      await page.locator(`[data-id="${first}"]`).focus();
      await page.keyboard.press('*');
      await page.waitForFunction(() => document.querySelectorAll('[role="treeitem"][aria-level="2"][aria-expanded="false"]').length === 0);
      await Promise.all([page.waitForURL(/\/org\/nodes\//), page.keyboard.press('Enter')]);
      assert.ok(page.url().endsWith(`/org/nodes/${first}`));
    });

    it('when the focused subtree is exported as SVG, then the file holds its boxes and no other; the PDF has the planned pages with legend and date', async () => {
      await openChart();
      const group = page.locator('[role="treeitem"][aria-level="2"][aria-expanded]').first();
      const groupId = (await group.getAttribute('data-id'))!;
      await group.focus();
      if ((await group.getAttribute('aria-expanded')) === 'false') {
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction((id) => document.querySelector(`[data-id="${id}"]`)?.getAttribute('aria-expanded') === 'true', groupId);
      }
      const chart = (await admin.client.get(`/api/v1/entities/${teams}/chart?depth=8`)).json();
      const groupName = chart.nodes.find((n: { id: string }) => n.id === groupId).name as string;
      const inside = chart.nodes.filter((n: { parentId: string }) => n.parentId === groupId).map((n: { name: string }) => n.name as string);
      const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-act="svg"]').click()]);
      const svg = fs.readFileSync((await svgDownload.path())!, 'utf8');
      assert.match(svg, /^<\?xml/);
      const texts = [...svg.matchAll(/class="oc-name"[^>]*>([^<]*)</g)].map((m) => m[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
      const clipped = (name: string) => (name.length > 21 ? `${name.slice(0, 20)}…` : name);
      assert.ok(texts.includes(clipped(groupName)), `${groupName} in the SVG`);
      for (const name of inside) assert.ok(texts.includes(clipped(name)), `${name} in the SVG`);
      assert.equal(texts.length, inside.length + 1, 'the focused box and its children only');
      assert.match(svg, /Reporting line/);
      assert.match(svg, /Printed /);

      const width = Number(svg.match(/<svg[^>]*width="([\d.]+)"/)![1]);
      const height = Number(svg.match(/<svg[^>]*height="([\d.]+)"/)![1]) - 58; // the PDF's image has no legend band
      const [pdfDownload] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.locator('[data-act="pdf"]').click()]);
      const pdf = fs.readFileSync((await pdfDownload.path())!, 'latin1');
      assert.match(pdf, /^%PDF-/);
      assert.equal(pdfPageCount(pdf), expectedA4Pages(width, height));
      assert.equal(String(pdfPageCount(pdf)), await page.locator('[data-org-chart-app]').getAttribute('data-pdf-pages'));
    });

    it('when the whole chart is exported as PDF, then it is cut into the planned A4 landscape pages', async () => {
      await openChart();
      await page.locator('[data-export-scope]').selectOption('all');
      const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-act="svg"]').click()]);
      const svg = fs.readFileSync((await svgDownload.path())!, 'utf8');
      const width = Number(svg.match(/<svg[^>]*width="([\d.]+)"/)![1]);
      const height = Number(svg.match(/<svg[^>]*height="([\d.]+)"/)![1]) - 58;
      const [pdfDownload] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.locator('[data-act="pdf"]').click()]);
      const pdf = fs.readFileSync((await pdfDownload.path())!, 'latin1');
      const pages = pdfPageCount(pdf);
      assert.equal(pages, expectedA4Pages(width, height));
      assert.ok(pages > 1, `${pages} pages for a ${width} x ${height} chart`);
    });

    it('when the people chart opens from a person page\'s link, then that person is focused with their reports and the path to the top', async () => {
      const top = (await admin.client.get('/api/v1/people/chart?depth=2')).json();
      const someone = top.people.find((p: { level: number; directReports: number }) => p.level === 1 && p.directReports > 0);
      await page.goto(`${server.url}/people/${someone.id}`);
      await page.locator('a[data-show-me]').click();
      await page.waitForSelector('[data-org-chart-app][data-ready="true"]', { timeout: 60_000 });
      assert.equal(await page.locator('[role="treeitem"][aria-level="1"]').getAttribute('data-id'), someone.id);
      assert.ok((await page.locator('[role="treeitem"][aria-level="2"]').count()) >= 1);
      assert.ok((await page.locator('.oc-breadcrumb a').count()) >= 1, 'the managers above, as links');
      // The list view holds the same people.
      await page.locator('[data-act="list"]').click();
      assert.ok((await page.locator('.oc-list a').count()) >= (await page.locator('.oc-list li').count()));
      assert.deepEqual(watch.errors, []);
    });

    it('when someone below the levels the view loaded is searched for, then the chart opens a view rooted at them', async () => {
      await openChart(`${server.url}/org/people/chart?depth=2`);
      const deep = ((await admin.client.get('/api/v1/people/chart?depth=5')).json().people as Array<{ id: string; firstName: string; lastName: string; level: number }>).map((p) => ({ ...p, name: `${p.firstName} ${p.lastName}` }));
      const names = new Map<string, number>();
      for (const p of deep) names.set(p.name, (names.get(p.name) ?? 0) + 1);
      const target = deep.find((p) => p.level >= 3 && names.get(p.name) === 1);
      assert.ok(target, 'someone three levels down with a unique name');
      assert.equal(await page.locator(`[data-id="${target.id}"]`).count(), 0, 'not in the loaded view');
      await page.locator('#oc-q').fill(target.name);
      await Promise.all([page.waitForURL((url) => url.searchParams.get('root') === target.id), page.locator('#oc-q').press('Enter')]);
      await page.waitForSelector('[data-org-chart-app][data-ready="true"]', { timeout: 60_000 });
      assert.equal(await page.locator('[role="treeitem"][aria-level="1"]').getAttribute('data-id'), target.id);
      assert.deepEqual(watch.errors, []);
    });
  });
}

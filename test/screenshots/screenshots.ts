// `npm run screenshots`: PNGs of the key pages of the demo organization, at desktop and phone sizes,
// for review (screenshots/<size>/<name>.png). A real server on a fresh SQLite file, the demo seed,
// Debian's chromium. Usage: npm run screenshots [-- --out dir] [-- --only name,name]
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer } from '../support/server.js';
import { launchBrowser, type Browser, type Page } from '../support/browser.js';
import { demoTour, signIn, type TourPage } from './tour.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = path.resolve(option('out') ?? 'screenshots');
const only = option('only')?.split(',');

export const sizes = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

async function shoot(browser: Browser, url: string, pages: TourPage[]): Promise<number> {
  let count = 0;
  for (const size of sizes) {
    fs.mkdirSync(path.join(out, size.name), { recursive: true });
    for (const role of ['signedOut', 'member', 'admin'] as const) {
      const selected = pages.filter((p) => p.as === role && (!only || only.includes(p.name)));
      if (!selected.length) continue;
      const context = await browser.newContext({ viewport: size.viewport, locale: 'en-GB', deviceScaleFactor: 1 });
      const page: Page = await context.newPage();
      if (role !== 'signedOut') await signIn(page, url, role);
      for (const p of selected) {
        await page.goto(`${url}${p.path}`);
        // A page may focus a field on load (the first invalid one): shoot it from the top.
        await page.evaluate(() => {
          (document.activeElement as HTMLElement | null)?.blur();
          window.scrollTo(0, 0);
        });
        await page.screenshot({ path: path.join(out, size.name, `${p.name}.png`), fullPage: true });
        count++;
      }
      await context.close();
    }
  }
  return count;
}

const server = await startTestServer('sqlite');
const browser = await launchBrowser();
try {
  const pages = await demoTour(server);
  const count = await shoot(browser, server.url, pages);
  console.log(`${count} screenshots of ${pages.length} pages written under ${out}`);
} finally {
  await browser.close();
  await server.close();
}

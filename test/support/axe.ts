// axe-core in a real page: the violations of the page as shown (WCAG 2.x A and AA, and axe's best
// practices), for the accessibility suite (test/browser/a11y.test.ts) and the feature browser tests.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from './browser.js';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core's violations of the page as shown (WCAG 2.x A and AA, and axe's best practices). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) is kept as is.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(() =>
    (window as unknown as { axe: { run(context: object, options: object): Promise<{ violations: unknown[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
      .then((r) => r.violations),
  )) as Violation[];
  return violations.map((v) => `${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

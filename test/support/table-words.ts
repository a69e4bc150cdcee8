// Words split across lines inside a table: the layout defect where a column narrower than a word
// breaks it mid-word ("Catego|ry", "opseni|c.sid"). Runs in the page (Playwright), on every
// `table.table` cell. Words (between spaces, hyphens, slashes and dots) longer than `maxLength` (URLs, long emails, ids) may break and are skipped.
import type { Page } from 'playwright-core';

export async function splitTableWords(page: Page, maxLength = 24): Promise<string[]> {
  // No named functions inside evaluate: the test runner's transform would add a helper the page lacks.
  return page.evaluate((max) => {
    const split: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement?.closest('table.table th, table.table td')) continue;
      const text = node.textContent ?? '';
      // A word ends at a space, a hyphen, a slash or a dot: a line may break there (after <wbr> for the last two).
      for (const match of text.matchAll(/[^\s\-/.]+/g)) {
        if (match[0].length < 2 || match[0].length > max) continue;
        const range = document.createRange();
        range.setStart(node, match.index!);
        range.setEnd(node, match.index! + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
    return split;
  }, maxLength);
}

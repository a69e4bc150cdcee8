// A <p> cannot hold a block: the HTML parser closes the paragraph at a <form>, <div>, <ul>, ... so what
// the template put inside lands after it, with its own line and spacing (a "Hide for me" button
// dropped under the links it sat beside). Browsers never show the mistake in the DOM; the source does.
const BLOCKS = 'address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|main|menu|nav|ol|p|pre|section|table|ul';
const opening = /<p(?=[\s>])[^>]*>/gi;
const closingOrBlock = new RegExp(`</p\\s*>|<(${BLOCKS})(?=[\\s>/])`, 'i');

/** Each place where a paragraph's source holds a block element, as "<p ...> holds <form>" with some context. */
export function blocksInParagraphs(source: string): string[] {
  const text = source.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|template|textarea)\b[\s\S]*?<\/\1\s*>/gi, '');
  const found: string[] = [];
  for (const match of text.matchAll(opening)) {
    const after = text.slice(match.index + match[0].length);
    const next = closingOrBlock.exec(after);
    if (next?.[1]) found.push(`${match[0].slice(0, 60)} holds <${next[1]}>: ${after.slice(0, next.index).replace(/\s+/g, ' ').slice(-80)}`);
  }
  return found;
}

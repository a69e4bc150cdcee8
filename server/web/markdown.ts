// What people write (sections, feedback, bios, comments) is Markdown, rendered with markdown-it (raw HTML off, so typed tags are shown as
// text) and then sanitised with sanitize-html as a second line of defence: no script, no inline
// event handler, no style, links only to http(s) and mailto, opened without a referrer.
// Both are loaded on the first render, not at import: together they are 100 ms of every start.
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import type sanitizeHtmlModule from 'sanitize-html';
import { raw, type SafeHtml } from './html.js';

let render: ((source: string) => string) | undefined;

function loadRenderer(): (source: string) => string {
  const require = createRequire(import.meta.url);
  const MarkdownItClass = require('markdown-it') as typeof MarkdownIt;
  const sanitizeHtml = require('sanitize-html') as typeof sanitizeHtmlModule;
  const md = new MarkdownItClass({ html: false, linkify: true, typographer: false, breaks: false });
  const policy: sanitizeHtmlModule.IOptions = {
    allowedTags: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
    allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    // What people write sits under the page's own headings (a section's title is an h3): its
    // headings start at h4, so "## Objectives" neither outranks the section nor breaks the outline.
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
      h1: 'h4',
      h2: 'h4',
      h3: 'h5',
      h4: 'h6',
      h5: 'h6',
    },
  };
  return (source) => sanitizeHtml(md.render(source), policy);
}

export function renderMarkdown(source: string): string {
  return (render ??= loadRenderer())(source);
}

/** Control characters other than tab and line breaks make a body malformed (they never come from typing). */
export function hasControlCharacters(source: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(source);
}

/** Rendered and sanitised Markdown, ready for a template. */
export function markdownHtml(source: string | null | undefined): SafeHtml {
  return raw(source ? renderMarkdown(source) : '');
}

/**
 * Markdown as the plain text a reader sees (for search snippets and previews): emphasis, code marks,
 * heading and list markers, quotes and link targets removed; the words and line breaks kept. Other
 * characters (such as search match markers) pass through untouched.
 */
export function markdownToPlain(source: string): string {
  return source
    .replace(/!?\[([^\]]*)\]\([^)\s]*\)?/g, '$1') // [text](url) and images -> text (a snippet may cut the url)
    .replace(/(^|\n)\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/g, '$1') // line starts: headings, quotes, list markers
    .replace(/(\*\*|__|~~|`+)/g, '') // strong, strike, code
    .replace(/(^|[\s(])[*_](?=\S)|(?<=\S)[*_](?=[\s).,;:!?]|$)/g, '$1'); // single * or _ around words
}

/**
 * Plain text on one line (a search snippet, a preview): the lines of a list or of a heading and its
 * text are kept apart by " · " instead of running together ("Buddy for new joiners Keeps the wiki
 * tidy"); a line that ends a sentence is followed by a space only.
 */
export function plainOneLine(source: string): string {
  return markdownToPlain(source)
    .replace(/[ \t]*\n[\s]*/g, (_, offset: number, text: string) => (/[.!?:;,…]$/.test(text.slice(0, offset).replace(/[\u0001\u0002\s]+$/, '')) ? ' ' : ' · '))
    .replace(/^ · | · $/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

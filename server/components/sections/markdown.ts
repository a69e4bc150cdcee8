// Sections render Markdown with the one renderer every page shares (web/markdown.ts).
export { hasControlCharacters, renderMarkdown } from '../../web/markdown.js';

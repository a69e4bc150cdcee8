// Markdown as people read it: on a page, its headings under the page's own; as one line of plain
// text (search snippets, Home's feedback preview), its lines kept apart and no mark of the syntax left.
import assert from 'node:assert/strict';
import { plainOneLine, renderMarkdown } from '../../server/web/markdown.js';

describe('Markdown as one plain line', () => {
  it('when a list is shown on one line, then its items are kept apart by a middle dot, not run together', () => {
    assert.equal(plainOneLine('- Buddy for new joiners\n- Keeps the team wiki tidy\n* Runs the demo'), 'Buddy for new joiners · Keeps the team wiki tidy · Runs the demo');
  });

  it('when a heading, a numbered list and a paragraph follow each other, then the syntax goes and a sentence end is followed by a space only', () => {
    assert.equal(
      plainOneLine('## Objectives\n1. Raise satisfaction to **4.6/5**\n2. Cut the backlog\n\nReviewed every Monday.\nNext line'),
      'Objectives · Raise satisfaction to 4.6/5 · Cut the backlog · Reviewed every Monday. Next line',
    );
  });

  it('when a search match closes at the end of a line, then the dot still separates the lines and the match marks stay', () => {
    assert.equal(plainOneLine('\u0001team\u0002\n- wiki'), '\u0001team\u0002 · wiki');
    assert.equal(plainOneLine('Done.\u0002\nNext'), 'Done.\u0002 Next');
  });

  it('when the text starts or ends with blank lines, then no dot is left at either end', () => {
    assert.equal(plainOneLine('\n\n- one\n- two\n\n'), 'one · two');
  });
});

describe('Markdown rendered on a page', () => {
  it('when people write headings, then they start at h4, under the page\'s own headings (a section title is an h3)', () => {
    assert.equal(renderMarkdown('# Big\n## Objectives\n### Sub\n#### Four\n\ntext'), '<h4>Big</h4>\n<h4>Objectives</h4>\n<h5>Sub</h5>\n<h6>Four</h6>\n<p>text</p>\n');
  });
});

import assert from 'node:assert/strict';
import { blocksInParagraphs } from '../support/html-nesting.js';

describe('blocks inside paragraphs (the page check of the browser suite)', () => {
  it('when a paragraph holds a form, a list or a div, then each is reported with the paragraph', () => {
    const found = blocksInParagraphs('<p class="actions"><a href="/x">History</a><form method="post"><button>Hide</button></form></p><p>Fine</p><p>Then <ul><li>a</li></ul></p>');
    assert.equal(found.length, 2);
    assert.match(found[0]!, /^<p class="actions"> holds <form>: <a href="\/x">History<\/a>$/);
    assert.match(found[1]!, /^<p> holds <ul>/);
  });

  it('when paragraphs hold only phrasing content, or a block sits in a comment, a script or a textarea, then nothing is reported', () => {
    const page = '<p>A <a href="#">link</a>, <strong>bold</strong>, <svg class="icon"><use href="#x"></use></svg> and <button>ok</button></p><pre>code</pre><progress></progress><path d=""/><param>'
      + '<!-- <p><div></div></p> --><script>"<p><form>"</script><textarea><p><div></textarea><p>last</p>';
    assert.deepEqual(blocksInParagraphs(page), []);
  });
});

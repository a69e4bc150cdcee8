// Our own sentences name commands in backticks; a page shows them as code (issue 22: no raw Markdown).
import assert from 'node:assert/strict';
import { withCode } from '../../server/web/ui.js';

describe('a sentence with a command in backticks', () => {
  it('when it is shown on a page, then the command is code and the backticks are gone', () => {
    assert.equal(withCode('Run `opsenic audit verify` to check.').value, 'Run <code>opsenic audit verify</code> to check.');
  });

  it('when it holds markup, inside or outside the backticks, then every part is escaped', () => {
    assert.equal(withCode('<b>a</b> `<i>x</i>` & "q"').value, '&lt;b&gt;a&lt;/b&gt; <code>&lt;i&gt;x&lt;/i&gt;</code> &amp; &quot;q&quot;');
  });

  it('when it has no backticks, then it is only escaped', () => {
    assert.equal(withCode("It's fine").value, 'It&#39;s fine');
  });
});

// breakAfter (web/ui.ts): a long token in a table cell wraps only after the marks given, so a narrow
// column never splits a word of an email, a route or an action name.
import assert from 'node:assert/strict';
import { breakAfter, emailLines } from '../../server/web/ui.js';

describe('breakAfter: where a long token may wrap', () => {
  it('when an email is given @ and dots, then a break may follow each of them and nothing else', () => {
    assert.equal(String(breakAfter('ada.lovelace@example.com', '@.')), 'ada.<wbr>lovelace@<wbr>example.<wbr>com');
    assert.equal(String(emailLines('ada.lovelace@example.com')), 'ada.<wbr>lovelace@<wbr>example.<wbr>com', 'emailLines is that for an email');
  });

  it('when a route is given slashes, then each segment stays whole', () => {
    assert.equal(String(breakAfter('/one-on-ones/:id/meetings', '/')), '/<wbr>one-on-ones/<wbr>:id/<wbr>meetings');
  });

  it('when the text holds markup or a mark is a character special in a pattern, then the text is escaped and the mark taken literally', () => {
    assert.equal(String(breakAfter('<b>x</b>]y', ']')), '&lt;b&gt;x&lt;/b&gt;]<wbr>y');
    assert.equal(String(breakAfter('a^b', '^')), 'a^<wbr>b');
  });

  it('when no mark occurs, then the text comes back whole', () => {
    assert.equal(String(breakAfter('password', '.')), 'password');
  });
});

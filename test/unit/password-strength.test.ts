// Password rules (NIST SP 800-63B): length, a strength estimate from zxcvbn-ts with its common and
// English dictionaries, no composition rules.
import assert from 'node:assert/strict';
import { passwordProblem } from '../../server/components/accounts/password.js';

describe('password strength', function () {
  this.timeout(30_000);

  it('when a long password is a digit sequence, a keyboard walk, a repeated word or a dictionary phrase of common words, then it is refused as guessable', () => {
    for (const guessable of ['123456789012345', 'qwertyuiopasdfgh', 'passwordpassword1', 'abcdefghijklmnop', 'iloveyouiloveyou']) {
      assert.ok(passwordProblem(guessable, 15), `${guessable} is refused`);
    }
    assert.equal(passwordProblem('123456789012345', 15), 'password.guessable');
  });

  it('when a passphrase has no digits, capitals or symbols, then it is accepted (no composition rules)', () => {
    for (const fine of ['my cat loves tuna at noon', 'correct horse battery staple 42', 'wardrobe pelican sunrise kettle']) assert.equal(passwordProblem(fine, 15), undefined, fine);
  });

  it('when the password contains the person\'s name, then it is refused as tied to the account', () => {
    assert.equal(passwordProblem('katherine johnson rocket', 15, ['katherine', 'johnson']), 'password.contextual');
  });

  it('when the minimum score is lowered to 0, then only length and the common list apply', () => {
    assert.equal(passwordProblem('qwertyuiopasdfgh', 15, [], 0), undefined);
  });
});

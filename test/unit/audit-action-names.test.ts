// Every action the audit log records has a name in both languages (issue 22: the audit log readable).
// record() accepts only the catalogue's actions, so the compiler holds the other half of this promise.
import assert from 'node:assert/strict';
import { actionNameKey, auditActions } from '../../server/components/audit/audit-actions.js';
import { supportedLanguages, translator } from '../../server/platform/i18n.js';

describe('audit action names', () => {
  for (const language of supportedLanguages) {
    it(`when the audit page names an action in ${language}, then every action of the catalogue has its own words`, () => {
      const t = translator(language);
      const missing = auditActions.filter((action) => t(actionNameKey(action)) === actionNameKey(action));
      assert.deepEqual(missing, []);
      const names = auditActions.map((action) => t(actionNameKey(action)));
      assert.equal(new Set(names).size, names.length, 'no two actions share a name');
    });
  }

  it('when the catalogue is read, then it names each action once', () => {
    assert.equal(new Set(auditActions).size, auditActions.length);
  });
});

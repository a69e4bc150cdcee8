// French as complete as English: every message of the English catalogues (the shell's and every
// component's) has a French one, and every data map text (column purposes, access rules) has its
// French in server/locales/datamap.fr.json.
import assert from 'node:assert/strict';
import { catalogue } from '../../server/platform/i18n.js';
import { declaredTables } from '../../server/registry.js';
import { datamapFrench, datamapText } from '../../server/web/datamap-text.js';

/** Every leaf key, dotted; plural forms folded onto their base key (French and English plurals differ). */
function keys(tree: Record<string, unknown>, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const k of keys(value as Record<string, unknown>, path)) out.add(k);
    else out.add(path.replace(/_(zero|one|two|few|many|other)$/, ''));
  }
  return out;
}

describe('French as complete as English', () => {
  it('when a message exists in English, then it exists in French', () => {
    const en = keys(catalogue('en'));
    const fr = keys(catalogue('fr'));
    const missing = [...en].filter((k) => !fr.has(k));
    assert.deepEqual(missing, [], `messages without French: ${missing.join(', ')}`);
    const extra = [...fr].filter((k) => !en.has(k));
    assert.deepEqual(extra, [], `French messages with no English: ${extra.join(', ')}`);
    assert.ok(en.size > 500, `catalogue read: ${en.size} keys`);
  });

  it('when the data map describes a column or an access rule, then the text has a French translation', () => {
    const texts = new Set<string>();
    for (const table of declaredTables) {
      for (const column of Object.values(table.columns)) if (column.personal !== 'none') texts.add(column.personal.purpose);
      if (table.access?.rule) texts.add(table.access.rule);
    }
    const missing = [...texts].filter((text) => !datamapFrench[text]?.trim());
    assert.deepEqual(missing, [], 'add these to server/locales/datamap.fr.json');
    assert.equal(datamapText({ lang: 'fr' }, 'who gave the feedback'), 'qui a donné le feedback');
    assert.equal(datamapText({ lang: 'en' }, 'who gave the feedback'), 'who gave the feedback');
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// The type checker holds every icon() call to the IconName union; this holds the sprite to the union,
// so a name with no drawing (an empty square on the page) or a drawing pasted twice cannot ship.
const root = new URL('../../', import.meta.url);
const iconNames = (): string[] => {
  const source = readFileSync(new URL('server/web/ui.ts', root), 'utf8');
  const union = /export type IconName =([^;]+);/.exec(source)?.[1] ?? '';
  return [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!);
};
const symbolIds = (svg: string): string[] => [...svg.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<symbol id="([^"]+)"/g)].map((m) => m[1]!);
const duplicates = (ids: string[]): string[] => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('the icon sprite', () => {
  it('when the sprite is read, then each icon name has exactly one drawing and no drawing lacks a name', () => {
    const svg = readFileSync(new URL('server/web/static/icons.svg', root), 'utf8');
    const names = iconNames();
    const ids = symbolIds(svg);
    assert.ok(names.length > 20, 'the IconName union was read');
    assert.deepEqual(duplicates(ids), [], 'drawn twice');
    assert.deepEqual(names.filter((n) => !ids.includes(n)), [], 'named but not drawn');
    assert.deepEqual(ids.filter((id) => !names.includes(id)), [], 'drawn but not named');
    assert.doesNotMatch(svg.match(/<!--[\s\S]*?-->/g)?.join('') ?? '', /<symbol id=/, 'a drawing inside a comment');
  });

  it('when a drawing is pasted twice or left inside a comment, then the checks see it', () => {
    assert.deepEqual(duplicates(symbolIds('<symbol id="a"></symbol><symbol id="b"></symbol><symbol id="a"></symbol>')), ['a']);
    assert.deepEqual(symbolIds('<!-- <symbol id="x"></symbol> --><symbol id="y"></symbol>'), ['y']);
  });
});

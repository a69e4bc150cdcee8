// Lists the licences of every production dependency and fails on any incompatible with
// Apache-2.0 distribution (GPL, AGPL, LGPL, SSPL, ...) or unknown.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

// PSF-2.0 (the Python Software Foundation License, permissive, OSI-approved; argparse 3 via date-holidays' js-yaml) is the same family as Python-2.0.
const allowed = new Set(['MIT', 'MIT-0', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD', 'BlueOak-1.0.0', 'CC0-1.0', 'Unlicense', 'Python-2.0', 'PSF-2.0', 'CC-BY-4.0', 'CC-BY-3.0', 'Zlib', 'WTFPL']);

/** Packages whose package.json names no licence, reviewed by hand (pinned by version so an upgrade is reviewed again). */
const reviewed: Record<string, string> = {
  'pause@0.0.1': 'MIT', // via passport; "(The MIT License)" in its Readme.md
  'exif-parser@0.1.12': 'MIT', // via jimp (profile photos); "The MIT License" in its LICENSE.md
};

/** An SPDX expression is acceptable when every AND-part has at least one allowed OR-choice. */
export function isAcceptable(expression: string): boolean {
  const cleaned = expression.replace(/[()]/g, ' ').trim();
  if (!cleaned) return false;
  return cleaned.split(/\s+AND\s+/i).every((part) => part.split(/\s+OR\s+/i).some((choice) => allowed.has(choice.trim())));
}

function licenceOf(dir: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: unknown; licenses?: Array<{ type: string }> };
  const review = reviewed[`${pkg.name}@${pkg.version}`];
  if (review) return review;
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license === 'object') return String((pkg.license as { type?: string }).type ?? 'UNKNOWN');
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type).join(' OR ');
  return 'UNKNOWN';
}

describe('production dependency licences', () => {
  it('when the accept rule is given known expressions, then it tells compatible from incompatible', () => {
    assert.ok(isAcceptable('MIT'));
    assert.ok(isAcceptable('(MIT OR GPL-3.0)'));
    assert.ok(!isAcceptable('GPL-3.0'));
    assert.ok(!isAcceptable('AGPL-3.0-or-later'));
    assert.ok(!isAcceptable('SSPL-1.0'));
    assert.ok(!isAcceptable('UNKNOWN'));
    assert.ok(!isAcceptable('MIT AND GPL-2.0'));
  });

  it('when every production dependency is listed, then each licence is compatible with Apache-2.0', () => {
    const root = process.cwd();
    const dirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((d) => d && d !== root);
    assert.ok(dirs.length > 20, 'npm ls found too few production dependencies: is node_modules installed?');
    const listing = dirs.map((dir) => ({ name: path.relative(path.join(root, 'node_modules'), dir), licence: licenceOf(dir) }));
    const rejected = listing.filter((d) => !isAcceptable(d.licence));
    if (process.env.OPSENIC_LIST_LICENCES) console.log(listing.map((d) => `${d.name}: ${d.licence}`).join('\n'));
    assert.deepEqual(rejected, [], `incompatible or unknown licences: ${rejected.map((d) => `${d.name} (${d.licence})`).join(', ')}`);
  });
});

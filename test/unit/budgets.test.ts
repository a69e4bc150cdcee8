// The shell's bundles stay within the per-page budgets of the interface (gzipped: 60 KB of
// JavaScript, 30 KB of CSS), leaving room for a page's own script (the org pages' org.js). The
// browser suite (test/browser/a11y.test.ts) weighs every page as loaded; this is the quick check.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { clientAssets } from '../../server/web/assets.js';

const staticDir = path.resolve('server/web/static');
const gzip = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(staticDir, file)), { level: 9 }).length;

describe('page budgets', () => {
  it('when the client bundle is built, then with the largest page script it stays within 60 KB of gzipped JavaScript', () => {
    const app = clientAssets().get('app.js')!;
    assert.ok(app.body.length > 1000, 'the bundle holds the shell script');
    const largestPageScript = Math.max(...fs.readdirSync(staticDir).filter((f) => f.endsWith('.js')).map(gzip));
    assert.ok(app.gzipBytes + largestPageScript <= 60 * 1024, `${app.gzipBytes} + ${largestPageScript} bytes`);
  });

  it('when the stylesheet is built, then it is one file within 30 KB gzipped', () => {
    const css = clientAssets().get('app.css')!;
    assert.doesNotMatch(css.body.toString(), /@import/);
    assert.ok(css.gzipBytes <= 30 * 1024, `${css.gzipBytes} bytes`);
  });
});

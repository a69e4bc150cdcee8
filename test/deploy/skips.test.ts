// Deploy tests may skip on a developer's machine that lacks root, systemd or PostgreSQL, never in CI:
// every skip goes through skipOrFailInCi, which fails the test under CI=true with the reason.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { skipOrFailInCi } from './support/skip.js';

const deployTests = path.join(import.meta.dirname);

describe('deploy tests: skips', () => {
  it('when a deploy test file is read, then it never skips except through skipOrFailInCi', () => {
    const files = [...fs.readdirSync(deployTests).filter((f) => f.endsWith('.ts')).map((f) => path.join(deployTests, f)), ...fs.readdirSync(path.join(deployTests, 'support')).filter((f) => f !== 'skip.ts').map((f) => path.join(deployTests, 'support', f))];
    const bare = files.flatMap((file) =>
      fs.readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (/\b(this|ctx)\.skip\(|\bit\.skip\(|\bdescribe\.skip\(|\bxit\(/.test(line) && !/skips\.test\.ts$/.test(file) ? [`${path.relative(deployTests, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(bare, []);
  });

  it('when CI=true, then skipOrFailInCi fails with the reason; otherwise it skips', () => {
    const saved = process.env.CI;
    let skipped = 0;
    const ctx = { skip: () => { skipped++; throw new Error('skipped'); } } as unknown as Mocha.Context;
    try {
      process.env.CI = 'true';
      assert.throws(() => skipOrFailInCi(ctx, 'PostgreSQL is not reachable'), /PostgreSQL is not reachable: CI must run this test \(CI=true\)/);
      assert.equal(skipped, 0);
      delete process.env.CI;
      assert.throws(() => skipOrFailInCi(ctx, 'PostgreSQL is not reachable'), /skipped/);
      assert.equal(skipped, 1);
    } finally {
      if (saved === undefined) delete process.env.CI;
      else process.env.CI = saved;
    }
  });
});

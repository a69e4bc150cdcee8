// `npm run bench -- compare --base=DIR`: this checkout against another one (DIR, e.g. a
// `git worktree add /tmp/base main` with node_modules linked), signed-in page throughput and main-thread
// CPU per request, in fresh process pairs of short alternating rounds (bench/support.ts measurePair).
// Why: a change worth a few per cent cannot be read from two runs one after the other (two identical
// servers differ by up to 15% here); paired rounds in the same minutes can. How the savings of
// issue 4's capture work and of the access-log middleware were found and checked.
// Options: --base=DIR (required), --pairs=N (default 3), --rounds=N (4), --seconds=N (3),
// --connections=N (50), --page=/path (default /, signed in).
import fs from 'node:fs';
import path from 'node:path';
import { cpuPerRequest, measurePair, median, numberOption, printTable, repoRoot, textOption, type PairResult } from './support.js';

export default async function compare(args: string[]): Promise<void> {
  const baseOption = textOption(args, 'base');
  if (!baseOption) {
    console.log('compare: nothing measured; give the checkout to compare with: npm run bench -- compare --base=DIR');
    return;
  }
  const base = path.resolve(baseOption);
  const refuse = (message: string) => {
    console.error(`compare: ${message}`);
    process.exitCode = 1;
  };
  if (!fs.existsSync(path.join(base, 'cli', 'opsenic.mjs')) || !fs.existsSync(path.join(base, 'node_modules'))) {
    return refuse(`--base=${baseOption}: not a checkout of this project with node_modules (no cli/opsenic.mjs or node_modules in ${base})`);
  }
  const page = textOption(args, 'page') ?? '/';
  if (!page.startsWith('/')) return refuse(`--page=${page}: give a path that starts with /`);
  const options = { rounds: numberOption(args, 'rounds', 4), seconds: numberOption(args, 'seconds', 3), connections: numberOption(args, 'connections', 50), page };
  const pairs = numberOption(args, 'pairs', 3);

  // a = the base checkout, b = this one: ratios above 1 mean this checkout is faster.
  const results: PairResult[] = [];
  for (let p = 0; p < pairs; p += 1) results.push(await measurePair({ root: base }, { root: repoRoot }, options, p % 2 === 0));

  const us = (ms: number) => Math.round(ms * 1000);
  printTable(`GET ${page} signed in, SQLite: ${repoRoot} (this) against ${base} (base), ${pairs} pairs x ${options.rounds} rounds of ${options.seconds} s`, results.map((r, p) => ({
    pair: p + 1,
    'base req/s (median)': Math.round(median(r.a.map((x) => x.requestsPerSecond))),
    'this req/s (median)': Math.round(median(r.b.map((x) => x.requestsPerSecond))),
    'this/base req/s': r.ratio.toFixed(3),
    'main thread µs/req base, this': `${us(cpuPerRequest(r.a, (x) => x.mainThreadCpuMsPerRequest))}, ${us(cpuPerRequest(r.b, (x) => x.mainThreadCpuMsPerRequest))}`,
    'non-2xx/errors': [...r.a, ...r.b].reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0),
  })));
  console.log(`\nthis / base throughput: ${median(results.map((r) => r.ratio)).toFixed(3)} (median of ${pairs} pairs); from main-thread CPU per request: ${median(results.map((r) => r.mainThreadRatio)).toFixed(3)}`);
}

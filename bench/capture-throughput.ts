// Authenticated page throughput with log capture on vs off, in the same run (issue 4; aim: on/off
// >= 0.9). Real `opsenic serve` processes on their own SQLite databases: "on" with the default
// capture config (log rows, device sightings, usage page views, all buffered), "off" with capture
// switched off.
//
// Why pairs and medians: on this 2-core machine two identical servers measure up to 15% apart
// (process placement, other tenants), and a single round can lose a third of its throughput to a
// neighbour's burst, so one on/off pair with a few rounds spread 0.83-1.11 run to run while capture's
// own cost is a few per cent. So: --pairs fresh on/off process pairs (a process's own bias stays in
// one pair; which side starts first alternates), each loaded in --rounds short alternating rounds
// (off, on, off, on ...: drift lands on both alike); each round pair gives a ratio, a pair's figure
// is the median of its round ratios (an outlier round cannot swing it), and the verdict is the
// median over the pairs. Seven pairs of four 3-second rounds rather than three pairs of six 4-second
// rounds, in about the same time: the spread is mostly between processes (pair figures 0.89-1.00
// within one run), so more pairs narrow the verdict more than longer rounds do.
// Options: --pairs=N (default 7), --rounds=N (default 4), --seconds=N (default 3), --connections=N
// (default 50), --quick (1 pair, 2 rounds of 2 s: a smoke test of the bench itself).
// Run: node --import tsx bench/capture-throughput.ts   (or npm run bench -- capture-throughput)
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuPerRequest, measurePair, median, numberOption, printTable, verdict, type LoadResult, type PairResult } from './support.js';


const captureOff = {
  OPSENIC_CAPTURE__LOGS__ENABLED: 'false',
  OPSENIC_CAPTURE__DEVICES__ENABLED: 'false',
  OPSENIC_CAPTURE__USAGE__PAGE_VIEWS: 'false',
  OPSENIC_CAPTURE__CRASHES__CLIENT: 'false',
};

export default async function captureThroughput(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const options = {
    seconds: numberOption(args, 'seconds', quick ? 2 : 3),
    connections: numberOption(args, 'connections', 50),
    rounds: numberOption(args, 'rounds', quick ? 2 : 4),
  };
  const pairs = numberOption(args, 'pairs', quick ? 1 : 7);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // a = capture off, b = on: a pair's ratio is on/off. The "on" server starts first in odd pairs.
  const results: PairResult[] = [];
  for (let p = 0; p < pairs; p += 1) results.push(await measurePair({ env: captureOff }, { env: {} }, options, p % 2 === 1));

  const us = (ms: number) => Math.round(ms * 1000);
  const errorsOf = (runs: LoadResult[]) => runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0);
  printTable(`GET / signed in, SQLite, ${options.connections} connections, ${pairs} process pairs x ${options.rounds} alternating rounds of ${options.seconds} s`, results.map((r, p) => ({
    pair: p + 1,
    'on req/s (per round)': r.b.map((x) => Math.round(x.requestsPerSecond)).join(' '),
    'off req/s (per round)': r.a.map((x) => Math.round(x.requestsPerSecond)).join(' '),
    'on/off (median of rounds)': r.ratio.toFixed(2),
    'main thread µs/req on, off': `${us(cpuPerRequest(r.b, (x) => x.mainThreadCpuMsPerRequest))}, ${us(cpuPerRequest(r.a, (x) => x.mainThreadCpuMsPerRequest))}`,
    'server CPU µs/req on, off': `${us(cpuPerRequest(r.b, (x) => x.cpuMsPerRequest))}, ${us(cpuPerRequest(r.a, (x) => x.cpuMsPerRequest))}`,
    'p99 ms on, off': `${Math.max(...r.b.map((x) => x.p99))}, ${Math.max(...r.a.map((x) => x.p99))}`,
    'non-2xx/errors': errorsOf([...r.a, ...r.b]),
  })));

  const ratio = median(results.map((r) => r.ratio));
  const mainThreadRatio = median(results.map((r) => r.mainThreadRatio));
  printTable('Summary (aims are printed, never asserted)', [
    { figure: `throughput with capture on / off (median of ${pairs} pairs: ${results.map((r) => r.ratio.toFixed(2)).join(', ')})`, measured: ratio.toFixed(2), aim: '>= 0.9', result: verdict(ratio >= 0.9) },
    { figure: `same from main-thread CPU per request, off / on (${results.map((r) => r.mainThreadRatio.toFixed(2)).join(', ')})`, measured: mainThreadRatio.toFixed(2), aim: '>= 0.9', result: verdict(mainThreadRatio >= 0.9) },
  ]);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  await captureThroughput(process.argv.slice(2));
  process.exit(0);
}

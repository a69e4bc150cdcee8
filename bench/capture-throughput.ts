// Authenticated page throughput with log capture on vs off, in the same run (issue 4; aim: on/off
// >= 0.9). Two real `opsenic serve` processes on their own SQLite databases: one with the default
// capture config (log rows, device sightings, usage page views, all buffered), one with capture
// switched off. Load alternates off/on/off/on so drift on a shared machine hits both alike.
// Options: --seconds=N (default 6), --connections=N (default 50), --rounds=N (default 4), --quick.
// Four short alternating rounds rather than two long ones: drift on a shared machine (steal, other
// jobs) then lands on both sides alike; two 10 s rounds spread 0.83-1.04 run to run.
// Run: node --import tsx bench/capture-throughput.ts   (or npm run bench -- capture-throughput)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { signedUpClient } from '../test/support/http.js';
import { freePort, load, opsenic, printTable, spawnServe, sqliteEnv, tempDir, verdict, type LoadResult, type Serve } from './support.js';

function option(args: string[], name: string, fallback: number): number {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  const value = found ? Number(found.split('=')[1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const captureOff = {
  OPSENIC_CAPTURE__LOGS__ENABLED: 'false',
  OPSENIC_CAPTURE__DEVICES__ENABLED: 'false',
  OPSENIC_CAPTURE__USAGE__PAGE_VIEWS: 'false',
  OPSENIC_CAPTURE__CRASHES__CLIENT: 'false',
};

async function start(extra: Record<string, string>): Promise<{ server: Serve; cookie: string }> {
  const env = sqliteEnv(tempDir(), await freePort(), extra);
  await opsenic(['migrate'], env);
  const server = await spawnServe(env);
  const { client } = await signedUpClient(server.url, { firstName: 'Bench', lastName: 'Mark' });
  const check = await client.get('/');
  if (check.status !== 200 || !/Bench/.test(check.text)) throw new Error(`GET / answered ${check.status}, not the signed-in home page`);
  // The session and device cookies: every request is the same signed-in browser.
  return { server, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
}

const sum = (runs: LoadResult[], f: (r: LoadResult) => number) => runs.reduce((n, r) => n + f(r), 0);

export default async function captureThroughput(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const seconds = option(args, 'seconds', quick ? 2 : 6);
  const connections = option(args, 'connections', 50);
  const rounds = option(args, 'rounds', quick ? 1 : 4);
  const on = await start({});
  const off = await start(captureOff);
  try {
    const runs: { on: LoadResult[]; off: LoadResult[] } = { on: [], off: [] };
    for (let i = 0; i < rounds; i += 1) {
      runs.off.push(await load({ url: `${off.server.url}/`, connections, seconds, headers: { cookie: off.cookie }, pid: off.server.process.pid }));
      runs.on.push(await load({ url: `${on.server.url}/`, connections, seconds, headers: { cookie: on.cookie }, pid: on.server.process.pid }));
    }
    const row = (name: string, rs: LoadResult[]) => {
      const requests = sum(rs, (r) => r.total);
      const cpu = sum(rs, (r) => (r.cpuMsPerRequest ?? NaN) * r.total) / requests;
      return {
        row: { capture: name, 'req/s (mean)': Math.round(sum(rs, (r) => r.requestsPerSecond) / rs.length), 'p50 ms': Math.max(...rs.map((r) => r.p50)), 'p99 ms': Math.max(...rs.map((r) => r.p99)), 'server CPU µs/req': Math.round(cpu * 1000), requests, 'non-2xx': sum(rs, (r) => r.non2xx), errors: sum(rs, (r) => r.errors + r.timeouts) },
        rps: sum(rs, (r) => r.requestsPerSecond) / rs.length,
        cpu,
      };
    };
    const a = row('on (default config)', runs.on);
    const b = row('off', runs.off);
    printTable(`GET / signed in, SQLite, ${connections} connections, ${rounds} x ${seconds} s per side, alternating`, [a.row, b.row]);
    const ratio = a.rps / b.rps;
    const cpuRatio = b.cpu / a.cpu;
    printTable('Summary (aims are printed, never asserted)', [
      { figure: 'throughput with capture on / off', measured: ratio.toFixed(2), aim: '>= 0.9', result: verdict(ratio >= 0.9) },
      { figure: 'same ratio from server CPU per request (steady on a busy machine)', measured: cpuRatio.toFixed(2), aim: '>= 0.9', result: verdict(cpuRatio >= 0.9) },
    ]);
  } finally {
    await on.server.stop();
    await off.server.stop();
  }
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  await captureThroughput(process.argv.slice(2));
  process.exit(0);
}

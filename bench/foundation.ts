// The foundation's figures (issue 2):
// - throughput of an authenticated page (GET / with a signed-in session cookie) against a bare
//   Express "hello" started in the same run: 50 connections, 10 s each; req/s, p50, p99 and the
//   ratio (aim: >= 0.35 of the baseline; issue 22 asks >= 0.5 with Home's cards on that page);
// - the same page against the signed-in floor, GET /api/v1/me with the same cookie (the session, the
//   user and a small JSON answer: every signed-in request pays it), in the same run: what Home adds
//   to signing in, a figure that does not move with Node's HTTP core as the bare baseline does;
// - cold start: spawning `node cli/opsenic.mjs serve` until /readyz answers 200 on an already
//   migrated SQLite database (aim: <= 1.5 s);
// - idle RSS of that server process after start (aim: <= 150 MB).
// Options: --seconds=N (load duration, default 10), --connections=N (default 50), --starts=N (cold
// starts, default 3), --quick (2 s runs, 1 cold start: a smoke test of the bench itself).
import { cpuMsOf, freePort, load, mb, median, numberOption, opsenic, printTable, rssOf, sleep, spawnHello, signedInCookie, spawnServe, sqliteEnv, tempDir, verdict, type Serve } from './support.js';



export default async function foundation(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const seconds = numberOption(args, 'seconds', quick ? 2 : 10);
  const connections = numberOption(args, 'connections', 50);
  const starts = numberOption(args, 'starts', quick ? 1 : 3);

  const dataDir = tempDir();
  const env = sqliteEnv(dataDir, await freePort());
  await opsenic(['migrate'], env);

  // Cold starts on the migrated database; the last server stays up for the load runs.
  const coldStarts: Array<{ readyMs: number; cpuMs?: number; rss?: number }> = [];
  let server: Serve | undefined;
  for (let i = 0; i < starts; i += 1) {
    await server?.stop();
    server = await spawnServe(env);
    const cpuMs = cpuMsOf(server.process.pid!);
    await sleep(2000); // idle: nothing but the process itself
    coldStarts.push({ readyMs: server.readyMs, cpuMs, rss: rssOf(server.process.pid!) });
  }
  const app = server!;
  let hello: Awaited<ReturnType<typeof spawnHello>> | undefined;
  try {
    const cookie = await signedInCookie(app.url);

    hello = await spawnHello();
    const baseline = await load({ url: `${hello.url}/`, connections, seconds, pid: hello.process.pid });
    const authenticated = await load({ url: `${app.url}/`, connections, seconds, headers: { cookie }, pid: app.process.pid });
    const floor = await load({ url: `${app.url}/api/v1/me`, connections, seconds, headers: { cookie }, pid: app.process.pid });
    const rssAfterLoad = rssOf(app.process.pid!);
    const ratio = authenticated.requestsPerSecond / baseline.requestsPerSecond;
    // A second view of the ratio: CPU time per request moves less than req/s with other work on the machine.
    const cpuRatio = baseline.cpuMsPerRequest && authenticated.cpuMsPerRequest ? baseline.cpuMsPerRequest / authenticated.cpuMsPerRequest : NaN;
    const us = (ms: number | undefined) => (ms === undefined ? 'n/a' : Math.round(ms * 1000));

    printTable(`Throughput (${connections} connections, ${seconds} s each, after a 2 s warm-up)`, [
      { target: 'bare Express "hello"', 'req/s': Math.round(baseline.requestsPerSecond), 'p50 ms': baseline.p50, 'p99 ms': baseline.p99, 'server CPU µs/req': us(baseline.cpuMsPerRequest), requests: baseline.total, 'non-2xx': baseline.non2xx, errors: baseline.errors + baseline.timeouts },
      { target: 'GET / signed in (SQLite)', 'req/s': Math.round(authenticated.requestsPerSecond), 'p50 ms': authenticated.p50, 'p99 ms': authenticated.p99, 'server CPU µs/req': us(authenticated.cpuMsPerRequest), requests: authenticated.total, 'non-2xx': authenticated.non2xx, errors: authenticated.errors + authenticated.timeouts },
      { target: 'GET /api/v1/me signed in (the floor)', 'req/s': Math.round(floor.requestsPerSecond), 'p50 ms': floor.p50, 'p99 ms': floor.p99, 'server CPU µs/req': us(floor.cpuMsPerRequest), requests: floor.total, 'non-2xx': floor.non2xx, errors: floor.errors + floor.timeouts },
    ]);

    const readyTimes = coldStarts.map((s) => s.readyMs);
    const rss = coldStarts.map((s) => s.rss ?? NaN);
    printTable('Summary (aims are printed, never asserted)', [
      { figure: 'authenticated / baseline throughput', measured: ratio.toFixed(2), aim: '>= 0.35', result: verdict(ratio >= 0.35) },
      { figure: 'the same, against issue 22\'s aim (Home with its cards)', measured: ratio.toFixed(2), aim: '>= 0.50', result: verdict(ratio >= 0.5) },
      { figure: 'same ratio from server CPU time per request', measured: cpuRatio.toFixed(2), aim: '>= 0.35', result: verdict(cpuRatio >= 0.35) },
      { figure: 'GET / / GET /api/v1/me throughput (what Home adds to the signed-in floor)', measured: (authenticated.requestsPerSecond / floor.requestsPerSecond).toFixed(2), aim: '-', result: '-' },
      { figure: `cold start to /readyz 200 (median of ${starts}: ${readyTimes.map((t) => Math.round(t)).join(', ')} ms)`, measured: `${Math.round(median(readyTimes))} ms`, aim: '<= 1500 ms', result: verdict(median(readyTimes) <= 1500) },
      { figure: 'CPU time the server used to get ready (median)', measured: `${Math.round(median(coldStarts.map((s) => s.cpuMs ?? NaN)))} ms`, aim: '-', result: '-' },
      { figure: 'idle RSS after start (median)', measured: mb(median(rss)), aim: '<= 150 MB', result: verdict(median(rss) <= 150 * 1024 * 1024) },
      { figure: 'RSS after the load runs', measured: mb(rssAfterLoad), aim: '-', result: '-' },
    ]);
  } finally {
    await hello?.stop();
    await app.stop();
  }
}

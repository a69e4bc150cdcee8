// Home for someone with a full day (issue 22): the demo organization's person in the most teams (their
// teams, 1:1s, action items, mentions, feedback and their teams' recent changes) against a new
// person's Home on the same server (every card empty): the baseline, in the same run.
// Aim (printed, never asserted): the full Home keeps >= 0.4 of the empty Home's throughput, so what
// a person has (teams and their sections above all) does not multiply what Home costs. Before Home
// read its recent changes in one query it rendered every section of every team:
// 0.16 (2.7 ms of main thread a view; 0.9 ms after, with an empty Home at 0.45 ms).
// Options: --people=N (demo size, default 200), --seconds=N (default 10), --connections=N (50),
// --quick (2 s runs).
import { freePort, load, numberOption, opsenic, printTable, seedDemoWithBusiestPerson, signedInCookie, spawnServe, sqliteEnv, tempDir, verdict } from './support.js';
import { signedInClient, strongPassword } from '../test/support/http.js';

export default async function home(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const seconds = numberOption(args, 'seconds', quick ? 2 : 10);
  const connections = numberOption(args, 'connections', 50);
  const people = numberOption(args, 'people', 200);

  const env = sqliteEnv(tempDir(), await freePort());
  await opsenic(['migrate'], env);
  const busiest = await seedDemoWithBusiestPerson(env, people);

  const server = await spawnServe(env);
  try {
    const full = await signedInClient(server.url, busiest.email, strongPassword);
    const page = await full.get('/');
    if (page.status !== 200 || !page.text.includes('id="home-changes"')) throw new Error(`the busiest person's Home answered ${page.status}`);
    const fullCookie = [...full.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const emptyCookie = await signedInCookie(server.url, { firstName: 'New', lastName: 'Person' });

    const empty = await load({ url: `${server.url}/`, connections, seconds, headers: { cookie: emptyCookie }, pid: server.process.pid });
    const busy = await load({ url: `${server.url}/`, connections, seconds, headers: { cookie: fullCookie }, pid: server.process.pid });
    const us = (ms: number | undefined) => (ms === undefined ? 'n/a' : Math.round(ms * 1000));
    printTable(`GET / signed in, demo organization of ${people} (SQLite), ${connections} connections, ${seconds} s each`, [
      { home: 'a new person (every card empty)', 'req/s': Math.round(empty.requestsPerSecond), 'p50 ms': empty.p50, 'p99 ms': empty.p99, 'main thread µs/req': us(empty.mainThreadCpuMsPerRequest), 'non-2xx': empty.non2xx },
      { home: `the person in the most teams (${busiest.teams})`, 'req/s': Math.round(busy.requestsPerSecond), 'p50 ms': busy.p50, 'p99 ms': busy.p99, 'main thread µs/req': us(busy.mainThreadCpuMsPerRequest), 'non-2xx': busy.non2xx },
    ]);
    const ratio = busy.requestsPerSecond / empty.requestsPerSecond;
    printTable('Summary (aims are printed, never asserted)', [{ figure: 'full Home / empty Home throughput', measured: ratio.toFixed(2), aim: '>= 0.40', result: verdict(ratio >= 0.4 && busy.non2xx === 0 && empty.non2xx === 0) }]);
  } finally {
    await server.stop();
  }
}

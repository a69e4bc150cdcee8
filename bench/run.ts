// `npm run bench [-- name ...]`: runs bench/<name>.ts (default: foundation); `all` runs every bench.
// A bench module's default export is `async (args: string[]) => void`; it prints its own table
// (a module without one runs at import, reading process.argv itself).
// Benchmarks never assert and never fail CI; this runner exits 0 unless a bench could not run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './support.js';

const benchDir = path.join(repoRoot, 'bench');
const notBenches = new Set(['run', 'support']);
/** Tools run by name only: `all` measures aims, and these have none. */
const notInAll = new Set(['profile']);

function available(): string[] {
  return fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .filter((name) => !notBenches.has(name))
    .sort();
}

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('-'));
  const options = argv.filter((a) => a.startsWith('-'));
  if (options.includes('--help') || options.includes('--list')) {
    console.log(`usage: npm run bench [-- <name>... | all]\nbenches: ${available().join(', ')}`);
    return 0;
  }
  const selected = names.length === 0 ? ['foundation'] : names.includes('all') ? available().filter((name) => !notInAll.has(name)) : names;
  let failed = 0;
  for (const name of selected) {
    if (!available().includes(name)) {
      console.error(`bench: no bench named "${name}" (have: ${available().join(', ')})`);
      failed += 1;
      continue;
    }
    const [load1] = os.loadavg();
    console.log(`\n=== bench ${name} (node ${process.version}, ${os.cpus().length} cores, load average ${load1!.toFixed(2)}, ${new Date().toISOString()}) ===`);
    if (load1! > os.cpus().length / 2) console.log('note: the machine is busy; figures measured now understate what it can do');
    try {
      const module = (await import(pathToFileURL(path.join(benchDir, `${name}.ts`)).href)) as { default?: (args: string[]) => Promise<void> };
      // A bench without a default export did its work when imported.
      if (typeof module.default === 'function') await module.default(options);
    } catch (error) {
      console.error(`bench ${name} could not run: ${(error as Error).stack ?? error}`);
      failed += 1;
    }
  }
  return failed ? 1 : 0;
}

// A bench that refused its options sets process.exitCode (one clear line, no stack).
const code = await main(process.argv.slice(2));
process.exit(code || (typeof process.exitCode === 'number' ? process.exitCode : 0));

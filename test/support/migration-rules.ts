// The rules every migration file follows (docs/ARCHITECTURE.md, "Migrations"), as functions over a
// directory so the guard test can check the real migrations/ and a directory with planted violations.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The only files of the repository a migration may import: small helpers in server/db/ whose output
 * is frozen, because released migrations call them (each says so at its top).
 */
export const migrationHelpers = [
  'server/db/knex.ts', // dialectOfKnex: which dialect a migration runs on
  'server/db/fulltext-index.ts', // createFullTextIndex / dropFullTextIndex (SQL pinned by migrations-search.test.ts)
];

const migrationFile = /^\d{14}_[a-z0-9_]+\.ts$/;

export function migrationFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => migrationFile.test(f)).sort();
}

/** Imports of a migration that reach into the repository other than the helpers above. */
export function forbiddenImports(dir: string, repoRoot: string): string[] {
  const found: string[] = [];
  for (const file of migrationFiles(dir)) {
    const imported = ts.preProcessFile(fs.readFileSync(path.join(dir, file), 'utf8'), true, true).importedFiles.map((i) => i.fileName);
    for (const specifier of imported) {
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) continue; // a package (knex) or node: builtin
      const target = path.relative(repoRoot, path.resolve(dir, specifier)).split(path.sep).join('/').replace(/\.js$/, '.ts');
      if (!migrationHelpers.includes(target)) found.push(`${file} imports ${specifier}`);
    }
  }
  return found;
}

/** The released list: `sha256sum` lines ("<hex>  migrations/<file>"), as `sha256sum migrations/<file>` prints them. */
export function readReleased(listFile: string): Map<string, string> {
  const released = new Map<string, string>();
  for (const line of fs.readFileSync(listFile, 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) {2}migrations\/(\S+)$/.exec(line.trim());
    if (match) released.set(match[2]!, match[1]!);
  }
  return released;
}

export const sha256Of = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Released migrations whose content changed, and migration files missing from the list. */
export function checksumViolations(dir: string, released: Map<string, string>): { changed: string[]; unlisted: string[]; missing: string[] } {
  const files = migrationFiles(dir);
  return {
    changed: files.filter((f) => released.has(f) && released.get(f) !== sha256Of(path.join(dir, f))),
    unlisted: files.filter((f) => !released.has(f)),
    missing: [...released.keys()].filter((f) => !files.includes(f)),
  };
}

// Runs dependency-cruiser with the repository's rules (.dependency-cruiser.cjs) over a tree of
// sources: the real one, or a temporary one with planted violations.
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type IConfiguration, type IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const require = createRequire(import.meta.url);
export const repoRoot = path.resolve(import.meta.dirname, '../..');
const rules = require(path.join(repoRoot, '.dependency-cruiser.cjs')) as IConfiguration;

export interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** The rule violations among `dirs` of the tree at `root` (paths in the answer are relative to it). */
export async function violationsIn(root: string, dirs: string[]): Promise<Violation[]> {
  const tsConfig = extractTSConfig(path.join(repoRoot, 'tsconfig.json'));
  const result = await cruise(
    dirs,
    { ...rules.options, tsConfig: { fileName: path.join(repoRoot, 'tsconfig.json') }, baseDir: root, ruleSet: { forbidden: rules.forbidden }, validate: true },
    undefined,
    { tsConfig },
  );
  if (typeof result.output === 'string') throw new Error('dependency-cruiser answered text, not a result');
  return result.output.summary.violations.map((v: IViolation) => ({ rule: v.rule.name, from: v.from, to: v.cycle?.length ? v.cycle.map((c) => (typeof c === 'string' ? c : c.name)).join(' -> ') : v.to }));
}

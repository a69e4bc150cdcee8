#!/usr/bin/env node
// Entry point of the `opsenic` command: runs the CLI from the compiled copy of the sources
// (cli/compile.mjs: a faster start and a smaller process), or through tsx where none can be made.
import { compiledCli } from './compile.mjs';

const compiled = await compiledCli({
  onProblem: (error) => process.stderr.write(`opsenic: running the TypeScript sources through tsx (no compiled copy: ${error.message})\n`),
});
if (compiled) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}

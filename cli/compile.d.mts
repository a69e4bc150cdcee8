// Types of cli/compile.mjs (plain JavaScript: it runs before any TypeScript loader).
export interface CompiledCliOptions {
  /** The repository whose sources are compiled (default: this one). */
  root?: string;
  /** Where copies live (default: <root>/node_modules/.cache/opsenic). */
  cacheDir?: string;
  /** Told why no copy could be used; the caller then runs the sources through tsx. */
  onProblem?: (error: Error) => void;
}

/** The file URL of the compiled cli/main.js matching the sources, or undefined (compiling off or impossible). */
export function compiledCli(options?: CompiledCliOptions): Promise<string | undefined>;

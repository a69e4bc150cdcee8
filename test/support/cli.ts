// Runs the real `opsenic` CLI as a child process, the way an admin or a script would.
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const cliPath = path.resolve('cli/opsenic.mjs');

export function runCli(args: string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OPSENIC_')) env[k] = v;
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Environment for a CLI run against a test database (fast scrypt, quiet logs). */
export function cliEnv(databaseUrl: string, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPSENIC_DATABASE_URL: databaseUrl,
    OPSENIC_DATA_DIR: dataDir,
    OPSENIC_SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    OPSENIC_ACCOUNTS__SCRYPT: JSON.stringify({ N: 1024, r: 8, p: 1 }),
    OPSENIC_LOG_LEVEL: 'warn',
    ...extra,
  };
}

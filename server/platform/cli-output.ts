// How the CLI talks: tables for people, --json for scripts, one clear line and a non-zero exit on error.
import { AppError } from './errors.js';
import { ConfigError } from './config/load.js';
import { translator } from './i18n.js';
import { describeDatabaseTlsError } from '../db/connection-errors.js';

export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printTable(rows: Array<Record<string, unknown>>, columns?: string[]): void {
  if (!rows.length) {
    process.stdout.write('(none)\n');
    return;
  }
  const keys = columns ?? Object.keys(rows[0]!);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => cell(r[k]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write([line(keys.map((k) => k.toUpperCase())), ...rows.map((r) => line(keys.map((k) => cell(r[k]))))].join('\n') + '\n');
}

export function printRecord(record: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  for (const [key, value] of Object.entries(record)) process.stdout.write(`${key.padEnd(width)}  ${value ?? ''}\n`);
}

const t = translator('en');

/** One line for any error a person or script can cause; a stack only for real bugs. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError) return { message: error.message, exitCode: 78 };
  if (error instanceof AppError) {
    const fields = error.fields ? ' ' + Object.entries(error.fields).map(([k, v]) => `${k}: ${t(v, { min: 15 })}`).join('; ') : '';
    return { message: `${t(error.message)}${fields}`, exitCode: 1 };
  }
  const tls = describeDatabaseTlsError(error);
  if (tls) return { message: tls, exitCode: 69 };
  const code = (error as { code?: string })?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01') {
    return { message: `cannot reach the database: ${(error as Error).message}. Check OPSENIC_DATABASE_URL.`, exitCode: 69 };
  }
  return { message: `unexpected error: ${(error as Error)?.stack ?? String(error)}`, exitCode: 70 };
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError('--password-stdin reads the password from standard input: pipe it in, e.g. `printf %s "$PASSWORD" | opsenic ...`');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

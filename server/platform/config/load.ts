// Loads the configuration from its sources, weakest first: schema defaults, the YAML file named by
// OPSENIC_CONFIG, OPSENIC_<KEY> environment variables (nested keys joined with `__`), and
// OPSENIC_<KEY>_FILE for secrets. Problems are reported with the key, its source, and the fix.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import YAML from 'yaml';
import { ZodError } from 'zod';
import { knownDefaultSecrets, type ConfigDefinition, type PlatformConfig } from './schema.js';

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Environment variables that are not config keys (OPSENIC_COMPILE is read by cli/compile.mjs, before any config). */
const reservedEnv = new Set(['OPSENIC_CONFIG', 'OPSENIC_COMPILE']);
const reservedEnvPrefixes = ['OPSENIC_TEST_', 'OPSENIC_BENCH_'];

/** Short names that must work besides the generic OPSENIC_<KEY>__<SUBKEY> form. */
const envAliases: Record<string, string> = {
  PORT: 'server.port',
  HOST: 'server.host',
  DATABASE_URL: 'database.url',
  PUBLIC_URL: 'server.publicUrl',
  LOG_LEVEL: 'log.level',
};

type Sources = Map<string, string>;
type Env = Record<string, string | undefined>;

export interface LoadOptions {
  env?: Env;
  /** Values that win over every source (used by CLI flags and tests). */
  overrides?: Record<string, unknown>;
  /** Log line sink for notices such as a generated development secret. */
  notice?: (message: string) => void;
}

/**
 * Loads a config through the composed schema (server/config.ts passes the platform's sections and
 * every component's); the platform itself knows no component.
 */
export function loadConfigWith<Config extends PlatformConfig>(definition: ConfigDefinition, options: LoadOptions = {}): Config {
  const { schema, secretKeys } = definition;
  const env = options.env ?? process.env;
  const sources: Sources = new Map();
  const raw: Record<string, unknown> = {};

  const file = env.OPSENIC_CONFIG;
  if (file) mergeInto(raw, readYamlFile(file), `file ${file}`, sources);
  mergeInto(raw, readEnv(env, sources), undefined, sources);
  if (options.overrides) {
    for (const [key, value] of Object.entries(options.overrides)) setPath(raw, key, value, sources, 'override');
  }

  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeZodError(parsed.error, raw, sources, secretKeys));
  const config = parsed.data as Config;
  config.secretKey = resolveSecretKey(config, sources, options.notice ?? (() => {}));
  return config;
}

function resolveSecretKey(config: PlatformConfig, sources: Sources, notice: (m: string) => void): string {
  const given = config.secretKey;
  if (config.env === 'production') {
    if (!given) {
      throw new ConfigError([
        'secretKey is missing: production mode refuses to start without one. Fix: set OPSENIC_SECRET_KEY_FILE to a file holding `openssl rand -hex 32` (or OPSENIC_SECRET_KEY).',
      ]);
    }
    if (knownDefaultSecrets.has(given)) {
      throw new ConfigError([
        `secretKey (from ${sources.get('secretKey') ?? 'config'}) is the example value: production mode refuses it. Fix: generate one with \`openssl rand -hex 32\`.`,
      ]);
    }
    return given;
  }
  if (given) return given;
  const keyFile = path.resolve(config.dataDir, 'secret-key');
  if (fs.existsSync(keyFile)) return fs.readFileSync(keyFile, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const generated = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(keyFile, generated + '\n', { mode: 0o600, flag: 'wx' });
  notice(`No secretKey configured: generated one for ${config.env} and stored it in ${keyFile}. Production mode requires OPSENIC_SECRET_KEY or OPSENIC_SECRET_KEY_FILE.`);
  return generated;
}

function readYamlFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`OPSENIC_CONFIG names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code}). Fix: point it at an existing YAML file.`]);
  }
  try {
    const doc = YAML.parse(text) ?? {};
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the top level must be a mapping of keys');
    return doc as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}. Fix: correct the file (see config/example.yaml).`]);
  }
}

function readEnv(env: Env, sources: Sources): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.startsWith('OPSENIC_') || value === undefined) continue;
    if (reservedEnv.has(name) || reservedEnvPrefixes.some((p) => name.startsWith(p))) continue;
    let key = name.slice('OPSENIC_'.length);
    let text = value;
    if (key.endsWith('_FILE')) {
      key = key.slice(0, -'_FILE'.length);
      try {
        text = fs.readFileSync(value, 'utf8').replace(/\r?\n$/, '');
      } catch (error) {
        problems.push(`${name} names ${value}, which cannot be read (${(error as NodeJS.ErrnoException).code}). Fix: mount the secret file or unset ${name}.`);
        continue;
      }
    }
    const keyPath = envAliases[key] ?? key.split('__').map(snakeToCamel).join('.');
    setPath(out, keyPath, parseEnvValue(text), sources, name);
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

/** Booleans and JSON lists/objects are recognised; everything else stays a string (numbers are coerced by the schema). */
function parseEnvValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function snakeToCamel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function setPath(target: Record<string, unknown>, keyPath: string, value: unknown, sources: Sources, source: string) {
  const parts = keyPath.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
  sources.set(keyPath, source);
}

function mergeInto(target: Record<string, unknown>, from: Record<string, unknown>, source: string | undefined, sources: Sources, prefix = '') {
  for (const [key, value] of Object.entries(from)) {
    const keyPath = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      mergeInto(target[key] as Record<string, unknown>, value as Record<string, unknown>, source, sources, keyPath);
    } else {
      target[key] = value;
      if (source) sources.set(keyPath, source);
    }
  }
}

function describeZodError(error: ZodError, raw: Record<string, unknown>, sources: Sources, secretKeys: readonly string[]): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys
        .map((key) => {
          const keyPath = [...issue.path, key].join('.');
          return `${keyPath} (from ${sources.get(keyPath) ?? 'config'}) is not a known key. Fix: remove it or check the spelling against config/example.yaml.`;
        })
        .join('\n  - ');
    }
    const keyPath = issue.path.join('.');
    const value = getPath(raw, keyPath);
    const shown = value === undefined ? 'missing' : isSecretPath(secretKeys, keyPath) || (typeof value === 'object' && value !== null && holdsSecret(secretKeys, keyPath)) ? '<redacted>' : JSON.stringify(value);
    return `${keyPath} = ${shown} (from ${sources.get(keyPath) ?? 'config'}): ${issue.message}. See config/example.yaml for this key.`;
  });
}

function getPath(obj: Record<string, unknown>, keyPath: string): unknown {
  return keyPath.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), obj);
}

/** A secret key path may hold `*` for any key of a map (oidc.providers.*.clientSecret). */
function matchesSecret(pattern: string, keyPath: string): boolean {
  const want = pattern.split('.');
  const got = keyPath.split('.');
  return want.length === got.length && want.every((part, i) => part === '*' || part === got[i]);
}

function isSecretPath(secretKeys: readonly string[], keyPath: string): boolean {
  return secretKeys.some((pattern) => matchesSecret(pattern, keyPath));
}

/** True when a secret may sit inside the value at keyPath (e.g. a whole OIDC provider object). */
function holdsSecret(secretKeys: readonly string[], keyPath: string): boolean {
  const got = keyPath.split('.');
  return secretKeys.some((pattern) => {
    const want = pattern.split('.');
    return want.length > got.length && got.every((part, i) => want[i] === '*' || want[i] === part);
  });
}

/** The concrete paths a secret pattern names in a config (each provider's clientSecret). */
function expandSecretPath(obj: Record<string, unknown>, pattern: string): string[] {
  const parts = pattern.split('.');
  let paths = [''];
  for (const part of parts) {
    const next: string[] = [];
    for (const prefix of paths) {
      if (part !== '*') next.push(prefix ? `${prefix}.${part}` : part);
      else {
        const node = getPath(obj, prefix);
        if (node && typeof node === 'object') for (const key of Object.keys(node)) next.push(prefix ? `${prefix}.${key}` : key);
      }
    }
    paths = next;
  }
  return paths;
}

/** The effective config with secrets redacted, for `opsenic config check` and start-up logs. */
export function redactConfigWith(definition: ConfigDefinition, config: PlatformConfig): Record<string, unknown> {
  const { secretKeys } = definition;
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const keyPath of secretKeys.flatMap((pattern) => expandSecretPath(copy, pattern))) {
    const value = getPath(copy, keyPath);
    if (typeof value !== 'string') continue;
    const redacted = keyPath === 'database.url' || keyPath === 'mail.smtpUrl' ? value.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:<redacted>@') : '<redacted>';
    const parts = keyPath.split('.');
    const parent = parts.slice(0, -1).reduce<Record<string, unknown>>((node, part) => node[part] as Record<string, unknown>, copy);
    parent[parts.at(-1)!] = redacted;
  }
  return copy;
}

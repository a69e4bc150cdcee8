// Generates config/default.yaml (every key at its default) and config/example.yaml (the same, each
// key preceded by its description) from the one schema. `npm run config:docs` writes them; a test
// fails when the committed files drift from the schema. The schema is the composed one
// (server/config.ts): the platform's sections, then each component's.
import YAML from 'yaml';
import type { z } from 'zod';
import type { ConfigDefinition } from './schema.js';

type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> }; description?: string };

interface KeyDoc {
  path: string;
  description?: string;
  defaultValue?: unknown;
  optional: boolean;
}

/** Peels defaults, optionals and pipes off a schema; returns the object shape when there is one. */
function unwrap(schema: AnySchema): { shape?: Record<string, AnySchema>; defaultValue?: unknown; optional: boolean } {
  let current: AnySchema = schema;
  let defaultValue: unknown;
  let optional = false;
  for (let i = 0; i < 10; i++) {
    const def = current._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema; defaultValue?: unknown; shape?: Record<string, AnySchema> };
    if (def.type === 'prefault' || def.type === 'default') {
      if (defaultValue === undefined) defaultValue = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
      current = def.innerType!;
    } else if (def.type === 'optional' || def.type === 'nullable') {
      optional = true;
      current = def.innerType!;
    } else if (def.type === 'pipe') {
      current = def.in!;
    } else if (def.type === 'object') {
      return { shape: def.shape, defaultValue, optional };
    } else break;
  }
  return { defaultValue, optional };
}

/** parentDefault: a section's own default object (e.g. a rate limit's { points, window }) feeds its keys. */
function collect(schema: AnySchema, prefix: string, out: KeyDoc[], parentDefault?: Record<string, unknown>): void {
  const { shape } = unwrap(schema);
  for (const [key, child] of Object.entries(shape ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const info = unwrap(child);
    const inherited = parentDefault?.[key];
    if (info.shape) {
      out.push({ path, description: child.description, optional: info.optional });
      const own = info.defaultValue && typeof info.defaultValue === 'object' && Object.keys(info.defaultValue).length ? (info.defaultValue as Record<string, unknown>) : undefined;
      collect(child, path, out, own ?? (inherited as Record<string, unknown> | undefined));
    } else {
      out.push({ path, description: child.description, defaultValue: inherited ?? info.defaultValue, optional: info.optional });
    }
  }
}

export function configKeys(definition: ConfigDefinition): KeyDoc[] {
  const out: KeyDoc[] = [];
  collect(definition.schema as unknown as AnySchema, '', out);
  return out;
}

function defaultsTree(keys: KeyDoc[]): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const key of keys) {
    if (key.defaultValue === undefined) continue;
    const parts = key.path.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = key.defaultValue;
  }
  return tree;
}

const header = (what: string) => `# ${what}\n# Generated from server/platform/config/schema.ts by \`npm run config:docs\`; do not edit by hand.\n`;

export function renderDefaultYaml(definition: ConfigDefinition): string {
  return header('Opsenic Server: every configuration key at its default.') + YAML.stringify(defaultsTree(configKeys(definition)));
}

/** The documented example: every key with its description; secrets and optional keys commented out. */
export function renderExampleYaml(definition: ConfigDefinition): string {
  const lines: string[] = [
    header('Opsenic Server: documented configuration example.').trimEnd(),
    '# Point OPSENIC_CONFIG at a copy of this file. Every key can also be set as an environment variable:',
    '# OPSENIC_<KEY>, nested keys joined with __ (OPSENIC_SERVER__PORT=8080), and OPSENIC_<KEY>_FILE reads',
    '# a secret from a file (OPSENIC_SECRET_KEY_FILE=/run/secrets/opsenic-key). Short names: OPSENIC_PORT,',
    '# OPSENIC_HOST, OPSENIC_DATABASE_URL, OPSENIC_SECRET_KEY, OPSENIC_PUBLIC_URL, OPSENIC_LOG_LEVEL.',
    '',
  ];
  const keys = configKeys(definition);
  const sections = new Set(keys.filter((k) => keys.some((c) => c.path.startsWith(`${k.path}.`))).map((k) => k.path));
  for (const key of keys) {
    const depth = key.path.split('.').length - 1;
    const indent = '  '.repeat(depth);
    const name = key.path.split('.').at(-1)!;
    if (key.description) lines.push(`${indent}# ${key.description}`);
    if (sections.has(key.path)) {
      lines.push(`${indent}${name}:`);
      continue;
    }
    const isSecret = definition.secretKeys.includes(key.path) && key.defaultValue === undefined;
    if (key.defaultValue === undefined || isSecret) {
      const sample = key.path === 'secretKey' ? 'change-me-to-a-long-random-string-of-32-chars-or-more' : '';
      lines.push(`${indent}# ${name}: ${sample}`.trimEnd());
    } else {
      const value = YAML.stringify({ [name]: key.defaultValue }).trimEnd().split('\n');
      lines.push(...value.map((l) => indent + l));
    }
    if (depth === 0) lines.push('');
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

// The one configuration schema, composed at the composition root: the platform's sections
// (server/platform/config/schema.ts), then each component's, in the order of server/registry.ts.
// Loading, redaction and the generated documentation (`npm run config:docs`) all read it here.
import type { z } from 'zod';
import { components } from './registry.js';
import { composeConfigSchema, platformSecretKeys, type ConfigDefinition } from './platform/config/schema.js';
import { loadConfigWith, redactConfigWith, type LoadOptions } from './platform/config/load.js';
import { renderDefaultYaml as renderDefaults, renderExampleYaml as renderExample } from './platform/config/document.js';

export { ConfigError, type LoadOptions } from './platform/config/load.js';
export { duration } from './platform/config/duration.js';

type Registered = (typeof components)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The config sections of every component, as one shape (for the types of the composed schema). */
type ComponentSections = UnionToIntersection<Extract<Registered, { config: z.ZodRawShape }>['config']>;

const componentSections = Object.assign({}, ...components.map((c) => ('config' in c ? c.config : {}))) as ComponentSections;

export const configSchema = composeConfigSchema(componentSections);
export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema> & { secretKey: string };

export const configDefinition: ConfigDefinition = {
  schema: configSchema,
  secretKeys: [...platformSecretKeys, ...components.flatMap((c) => ('secretKeys' in c ? c.secretKeys : []))],
};

export function loadConfig(options: LoadOptions = {}): Config {
  return loadConfigWith<Config>(configDefinition, options);
}

/** The effective config with secrets redacted, for `opsenic config check` and start-up logs. */
export function redactConfig(config: Config): Record<string, unknown> {
  return redactConfigWith(configDefinition, config);
}

export const renderDefaultYaml = (): string => renderDefaults(configDefinition);
export const renderExampleYaml = (): string => renderExample(configDefinition);

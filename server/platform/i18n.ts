// Message catalogues (i18next). Every user-facing string lives in server/locales/<lang>.json.
// The language comes from the user's preference, else Accept-Language, else config.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

export const supportedLanguages = ['en', 'fr'] as const;
export type Language = (typeof supportedLanguages)[number];
export type Translate = TFunction;

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The shell's catalogue (server/locales/<lang>.json) merged with each component's own
 * (server/components/<name>/locales/<lang>.json), so components own their strings.
 */
function loadCatalogue(lng: string): Record<string, unknown> {
  const merged = JSON.parse(fs.readFileSync(path.join(serverDir, 'locales', `${lng}.json`), 'utf8')) as Record<string, unknown>;
  const componentsDir = path.join(serverDir, 'components');
  for (const component of fs.readdirSync(componentsDir).sort()) {
    const file = path.join(componentsDir, component, 'locales', `${lng}.json`);
    if (!fs.existsSync(file)) continue;
    deepMerge(merged, JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>);
  }
  return merged;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && target[key] && typeof target[key] === 'object') {
      deepMerge(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
}
const instance = i18next.createInstance();
await instance.init({
  initAsync: false,
  fallbackLng: 'en',
  supportedLngs: [...supportedLanguages],
  interpolation: { escapeValue: false }, // templates escape on output
  resources: Object.fromEntries(
    supportedLanguages.map((lng) => [lng, { translation: loadCatalogue(lng) }]),
  ),
});

export function translator(language: Language): Translate {
  return instance.getFixedT(language);
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);
}

export function catalogue(language: Language): Record<string, unknown> {
  return instance.getResourceBundle(language, 'translation') as Record<string, unknown>;
}

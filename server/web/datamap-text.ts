// The data map's texts (each column's purpose, each table's access rule) are written in English next
// to the columns they describe (server/components/*/*.datamap.ts); their French lives in
// server/locales/datamap.fr.json, keyed by the English text. A test fails when one is missing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../locales/datamap.fr.json');
export const datamapFrench: Readonly<Record<string, string>> = JSON.parse(fs.readFileSync(file, 'utf8'));

/** A data map text in the reader's language (English where no translation exists). */
export function datamapText(req: { lang: string }, english: string): string {
  return req.lang === 'fr' ? (datamapFrench[english] ?? english) : english;
}

/**
 * A table of the data map named for people: its declared access rule ("comments you wrote, ..."),
 * else its plain name in the catalogue (privacyCenter.tables), never the table's code.
 */
export function tableLabel(req: { lang: string; t: (key: string, options?: Record<string, unknown>) => string }, name: string, rule: string | null | undefined): string {
  return rule ? datamapText(req, rule) : req.t(`privacyCenter.tables.${name}`, { defaultValue: req.t('privacyCenter.otherRecords') });
}

/** A data map text opening a line: "your sessions (...)" -> "Your sessions (...)". */
export const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

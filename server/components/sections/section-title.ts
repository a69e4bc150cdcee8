// What a section is called where people read about it. A section of a standard kind (purpose, goals,
// values...) often has no title of its own: it is then named by its kind, in the reader's language,
// never by the kind's key ("purpose") that the database holds.
import type { Translate } from '../../platform/i18n.js';

export function sectionTitleIn(t: Translate, title: string | null | undefined, kind: string | null | undefined): string {
  if (title) return title;
  return kind ? t(`sections.kinds.${kind}`) : '';
}

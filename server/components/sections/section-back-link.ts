// The way back from a section's own pages (edit, history, sharing, its discussion) to the page that
// shows it, named by whose page that is. One place decides "your page" first, so a section on the
// reader's own page reads no owner name that the link would not show.
import type { BackLink } from '../../web/ui.js';
import type { SectionsRepository } from './sections.repository.js';

type Placed = { id: string; nodeId: string | null; personId: string | null };

/** Where a section is shown: its node's or its person's page, scrolled to the section. */
export const sectionPagePath = (s: Placed): string => (s.nodeId ? `/org/nodes/${s.nodeId}#section-${s.id}` : `/people/${s.personId}#section-${s.id}`);

/** "Back to your page" without a read; otherwise "Back to <node or person>". */
export async function sectionBackLink(sections: Pick<SectionsRepository, 'ownerName'>, reader: { id: string; workspaceId: string }, s: Placed): Promise<BackLink> {
  const path = sectionPagePath(s);
  if (s.personId && s.personId === reader.id) return { path, own: true };
  return { path, name: await sections.ownerName(reader.workspaceId, s) };
}

// The people API as the picker and @mentions read it, and the avatar the server draws (ui.ts).
export interface PersonOption {
  id: string;
  firstName: string;
  lastName: string;
  title: string | null;
  team: string | null;
  email: string;
  /** The version of the person's profile photo (null: initials). */
  photo?: string | null;
}

const AVATAR_COLOURS = 12;

/** Same hash as the server's avatarColour (web/ui.ts), so a person has one colour everywhere. */
export function avatarColour(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % AVATAR_COLOURS;
}

export function avatarElement(person: PersonOption): HTMLElement {
  if (person.photo) {
    const img = document.createElement('img');
    img.className = 'avatar small';
    img.alt = '';
    img.width = 24;
    img.height = 24;
    img.src = `/people/${encodeURIComponent(person.id)}/photo?${new URLSearchParams({ size: 'small', v: person.photo })}`;
    return img;
  }
  const span = document.createElement('span');
  span.className = `avatar small avatar-${avatarColour(person.id)}`;
  span.setAttribute('aria-hidden', 'true');
  span.textContent = ((person.firstName[0] ?? '') + (person.lastName[0] ?? '')).toUpperCase();
  return span;
}

let controller: AbortController | undefined;

/** People whose name (or email) starts with `q`; the previous unanswered search is cancelled. */
export async function searchPeople(q: string): Promise<PersonOption[]> {
  controller?.abort();
  controller = new AbortController();
  try {
    const response = await fetch(`/api/v1/people?${new URLSearchParams({ q })}`, { headers: { accept: 'application/json' }, credentials: 'same-origin', signal: controller.signal });
    if (!response.ok) return [];
    return ((await response.json()) as { people: PersonOption[] }).people.slice(0, 8);
  } catch {
    return [];
  }
}

/** One exact look-up (mentions): the active colleague with this email, if any. */
export async function personByEmail(email: string): Promise<PersonOption | undefined> {
  try {
    const response = await fetch(`/api/v1/people?${new URLSearchParams({ q: email })}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return undefined;
    const { people } = (await response.json()) as { people: PersonOption[] };
    return people.find((p) => p.email.toLowerCase() === email.toLowerCase());
  } catch {
    return undefined;
  }
}

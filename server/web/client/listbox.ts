// A listbox of people under a text field, driven from the field (ARIA 1.2 combobox pattern: focus
// stays in the field, aria-activedescendant names the highlighted option).
import { avatarElement, type PersonOption } from './people.js';

let counter = 0;

export interface Listbox {
  readonly element: HTMLUListElement;
  show(people: PersonOption[], emptyText: string): void;
  hide(): void;
  readonly open: boolean;
  /** Moves the highlight (ArrowDown/ArrowUp/Home/End); returns false when the key is not for it. */
  key(event: KeyboardEvent): boolean;
  active(): PersonOption | undefined;
}

/**
 * `multiline`: the field is a textarea, which keeps its textbox role (a textarea may not be a
 * combobox); it gets aria-autocomplete, aria-controls and aria-activedescendant, which a textbox
 * supports, but no aria-expanded.
 */
export function createListbox(field: HTMLInputElement | HTMLTextAreaElement, label: string, choose: (person: PersonOption) => void, multiline = false): Listbox {
  const id = `people-listbox-${++counter}`;
  const list = document.createElement('ul');
  list.id = id;
  list.className = 'picker-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', label);
  list.hidden = true;
  field.setAttribute('aria-autocomplete', 'list');
  field.setAttribute('aria-controls', id);
  if (!multiline) {
    field.setAttribute('role', 'combobox');
    field.setAttribute('aria-expanded', 'false');
  }
  let options: PersonOption[] = [];
  let index = -1;

  const highlight = (next: number) => {
    index = next;
    list.querySelectorAll('[role="option"]').forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    const current = list.querySelector<HTMLElement>(`#${id}-${index}`);
    if (current) {
      field.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else field.removeAttribute('aria-activedescendant');
  };

  const box: Listbox = {
    element: list,
    get open() {
      return !list.hidden;
    },
    show(people, emptyText) {
      options = people;
      list.replaceChildren();
      if (!people.length) {
        const li = document.createElement('li');
        li.className = 'none';
        li.textContent = emptyText;
        list.appendChild(li);
      }
      people.forEach((person, i) => {
        const li = document.createElement('li');
        li.id = `${id}-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        const who = document.createElement('span');
        who.className = 'who';
        const name = document.createElement('strong');
        name.textContent = `${person.firstName} ${person.lastName}`;
        const detail = document.createElement('span');
        detail.textContent = [person.title, person.team].filter(Boolean).join(' · ') || person.email;
        who.append(name, detail);
        li.append(avatarElement(person), who);
        // mousedown, not click: the field keeps focus.
        li.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(person);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      if (!multiline) field.setAttribute('aria-expanded', 'true');
      highlight(people.length ? 0 : -1);
    },
    hide() {
      list.hidden = true;
      if (!multiline) field.setAttribute('aria-expanded', 'false');
      field.removeAttribute('aria-activedescendant');
      index = -1;
    },
    key(event) {
      if (list.hidden || !options.length) return false;
      if (event.key === 'ArrowDown') highlight((index + 1) % options.length);
      else if (event.key === 'ArrowUp') highlight((index - 1 + options.length) % options.length);
      else if (event.key === 'Home' && event.altKey) highlight(0);
      else if (event.key === 'End' && event.altKey) highlight(options.length - 1);
      else return false;
      event.preventDefault();
      return true;
    },
    active() {
      return options[index];
    },
  };
  return box;
}

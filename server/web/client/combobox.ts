// The keyboard and search behaviour shared by the people picker and @mentions: a field wrapped with
// a listbox of people (listbox.ts), searched as the person types (debounced), driven from the field
// with the arrows, Enter (and Tab for mentions) to choose, Escape to close; the list closes on blur.
// The two callers differ only in what they search for and what choosing does.
import { createListbox, type Listbox } from './listbox.js';
import { searchPeople, type PersonOption } from './people.js';

export interface PeopleComboboxOptions {
  /** Accessible name of the listbox. */
  label: string;
  /** Shown in the list when no one matches. */
  emptyText: string;
  /** The field is a textarea (keeps its textbox role, see createListbox). */
  multiline?: boolean;
  /** Runs first on each input (e.g. the picker keeps its hidden email in step). */
  onInput?(): void;
  /** What to search for now; undefined or empty closes the list. Read again when results arrive, stale ones are dropped. */
  query(): string | undefined;
  choose(person: PersonOption): void;
  /** Tab takes the highlighted person too (mentions); otherwise Tab only closes the list. */
  tabChooses?: boolean;
  /** ArrowDown on a closed list searches again for what the field holds (the picker). */
  arrowOpens?: boolean;
}

/** Wraps the field in a `.picker` with its listbox and wires the combobox; returns the listbox and the wrapper. */
export function peopleCombobox(field: HTMLInputElement | HTMLTextAreaElement, o: PeopleComboboxOptions): { listbox: Listbox; wrapper: HTMLDivElement } {
  const wrapper = document.createElement('div');
  wrapper.className = 'picker';
  field.parentElement!.insertBefore(wrapper, field);
  wrapper.appendChild(field);
  const listbox = createListbox(field, o.label, (person) => o.choose(person), o.multiline ?? false);
  wrapper.appendChild(listbox.element);
  let timer: number | undefined;

  field.addEventListener('input', () => {
    o.onInput?.();
    window.clearTimeout(timer);
    const q = o.query();
    if (!q) return listbox.hide();
    timer = window.setTimeout(async () => {
      const people = await searchPeople(q);
      if (document.activeElement === field && o.query() === q) listbox.show(people, o.emptyText);
    }, 120);
  });
  (field as HTMLElement).addEventListener('keydown', (event) => {
    if (listbox.key(event)) return;
    if (!listbox.open) {
      if (o.arrowOpens && event.key === 'ArrowDown' && o.query()) {
        field.dispatchEvent(new Event('input'));
        event.preventDefault();
      }
      return;
    }
    if (event.key === 'Enter' || (o.tabChooses && event.key === 'Tab')) {
      const person = listbox.active();
      if (person) {
        event.preventDefault();
        o.choose(person);
      } else if (event.key === 'Tab') listbox.hide();
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      listbox.hide();
    } else if (event.key === 'Tab') listbox.hide();
  });
  field.addEventListener('blur', () => listbox.hide());
  return { listbox, wrapper };
}

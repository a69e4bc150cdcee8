// The people picker: an <input data-person-picker> that names a person by email (members, editors,
// grants, holds, the DSAR subject, the 1:1 partner) becomes a combobox over the people API. Type a
// name, pick with the arrows and Enter (or the mouse); the form still sends the email, so it works
// the same without a script, and typing a full email without picking still works.
import { createListbox } from './listbox.js';
import { searchPeople, type PersonOption } from './people.js';

export function enhancePickers(): void {
  const labels = document.documentElement.dataset;
  for (const input of document.querySelectorAll<HTMLInputElement>('input[data-person-picker]')) {
    const wrapper = document.createElement('div');
    wrapper.className = 'picker';
    input.parentElement!.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    // The visible field shows the name once someone is picked; a hidden field carries the email.
    const hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = input.name;
    hidden.value = input.value;
    input.removeAttribute('name');
    input.type = 'text';
    input.autocomplete = 'off';
    input.setAttribute('spellcheck', 'false');
    wrapper.appendChild(hidden);
    const listbox = createListbox(input, labels.pickerLabel ?? 'People', (person) => pick(person));
    wrapper.appendChild(listbox.element);
    let timer: number | undefined;

    const pick = (person: PersonOption) => {
      input.value = `${person.firstName} ${person.lastName}`;
      hidden.value = person.email;
      input.dataset.picked = person.id;
      listbox.hide();
    };
    input.addEventListener('input', () => {
      hidden.value = input.value.trim();
      delete input.dataset.picked;
      window.clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 1) return listbox.hide();
      timer = window.setTimeout(async () => {
        const people = await searchPeople(q);
        if (document.activeElement === input && input.value.trim() === q) listbox.show(people, labels.pickerNone ?? 'No one found');
      }, 120);
    });
    input.addEventListener('keydown', (event) => {
      if (listbox.key(event)) return;
      if (event.key === 'ArrowDown' && !listbox.open && input.value.trim()) {
        input.dispatchEvent(new Event('input'));
        event.preventDefault();
      } else if (event.key === 'Enter' && listbox.open) {
        const person = listbox.active();
        if (person) {
          event.preventDefault();
          pick(person);
        }
      } else if (event.key === 'Escape' && listbox.open) {
        event.stopPropagation();
        listbox.hide();
      } else if (event.key === 'Tab') listbox.hide();
    });
    input.addEventListener('blur', () => listbox.hide());
  }
}

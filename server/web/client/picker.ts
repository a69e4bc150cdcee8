// The people picker: an <input data-person-picker> that names a person by email (members, editors,
// grants, holds, the DSAR subject, the 1:1 partner) becomes a combobox over the people API. Type a
// name, pick with the arrows and Enter (or the mouse); the form still sends the email, so it works
// the same without a script, and typing a full email without picking still works.
import { peopleCombobox } from './combobox.js';
import type { PersonOption } from './people.js';

export function enhancePickers(): void {
  const labels = document.documentElement.dataset;
  for (const input of document.querySelectorAll<HTMLInputElement>('input[data-person-picker]')) {
    // The visible field shows the name once someone is picked; a hidden field carries the email.
    const hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = input.name;
    hidden.value = input.value;
    input.removeAttribute('name');
    input.type = 'text';
    input.autocomplete = 'off';
    input.setAttribute('spellcheck', 'false');
    const pick = (person: PersonOption) => {
      input.value = `${person.firstName} ${person.lastName}`;
      hidden.value = person.email;
      input.dataset.picked = person.id;
      listbox.hide();
    };
    const { listbox, wrapper } = peopleCombobox(input, {
      label: labels.pickerLabel ?? 'People',
      emptyText: labels.pickerNone ?? 'No one found',
      onInput: () => {
        hidden.value = input.value.trim();
        delete input.dataset.picked;
      },
      query: () => input.value.trim(),
      choose: pick,
      arrowOpens: true,
    });
    // The hidden field sits between the input and the list, as before.
    wrapper.insertBefore(hidden, listbox.element);
  }
}

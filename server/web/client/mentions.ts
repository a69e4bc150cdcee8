// @mentions in Markdown fields: typing "@" and a name offers colleagues (the same listbox as the
// picker); picking one writes "@their.email", the form the server reads. Before the form is sent,
// every "@..." is checked: one that matches nobody is flagged under the field and the first submit
// is held, so a wrong mention never fails silently (a second submit sends the text as it is).
import { peopleCombobox } from './combobox.js';
import { personByEmail, type PersonOption } from './people.js';

/** The server's pattern (discussions.schema.ts): "@" then an email, not inside a word. */
const emailMention = /(^|[^A-Za-z0-9._%+-])@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
/** An "@" followed by a word that is not an email: a mention by name that was never completed. */
const nameMention = /(^|\s)@([\p{L}][\p{L}'-]*)(?![\p{L}@.])/gu;

function typedQuery(text: string, caret: number): { start: number; q: string } | undefined {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([\p{L}][\p{L}' -]{0,40})$/u.exec(before);
  if (!match) return undefined;
  return { start: caret - match[2]!.length - 1, q: match[2]! };
}

/** The "@..." of a text that name nobody. */
export async function unmatchedMentions(text: string): Promise<string[]> {
  const unmatched = new Set<string>();
  for (const match of text.matchAll(nameMention)) unmatched.add(`@${match[2]}`);
  const emails = [...new Set([...text.matchAll(emailMention)].map((m) => m[2]!.toLowerCase()))].slice(0, 20);
  const found = await Promise.all(emails.map((email) => personByEmail(email)));
  emails.forEach((email, i) => {
    if (!found[i]) unmatched.add(`@${email}`);
  });
  return [...unmatched];
}

export function enhanceMentions(): void {
  const labels = document.documentElement.dataset;
  for (const area of document.querySelectorAll<HTMLTextAreaElement>('textarea:not([data-no-mentions])')) {
    let query: { start: number; q: string } | undefined;
    const insert = (person: PersonOption) => {
      if (!query) return;
      const caret = area.selectionStart;
      const text = `@${person.email} `;
      area.value = area.value.slice(0, query.start) + text + area.value.slice(caret);
      area.selectionStart = area.selectionEnd = query.start + text.length;
      query = undefined;
      listbox.hide();
    };
    const { listbox, wrapper } = peopleCombobox(area, {
      label: labels.pickerLabel ?? 'People',
      emptyText: labels.pickerNone ?? 'No one found',
      multiline: true,
      query: () => {
        query = typedQuery(area.value, area.selectionStart);
        return query?.q.trim();
      },
      choose: insert,
      tabChooses: true,
    });
    const warning = document.createElement('p');
    warning.className = 'mention-warning';
    warning.id = `${area.id || area.name}-mentions`;
    warning.setAttribute('role', 'alert');
    warning.hidden = true;
    wrapper.after(warning);

    const form = area.form;
    let checked: string | undefined;
    form?.addEventListener('submit', async (event) => {
      if (!area.value.includes('@') || checked === area.value) return;
      event.preventDefault();
      const unmatched = await unmatchedMentions(area.value);
      checked = area.value;
      if (!unmatched.length) {
        warning.hidden = true;
        form.requestSubmit((event as SubmitEvent).submitter ?? undefined);
        return;
      }
      warning.textContent = `${labels.mentionUnmatched ?? 'These mentions match nobody:'} ${unmatched.join(', ')}`;
      warning.hidden = false;
      area.setAttribute('aria-describedby', [area.getAttribute('aria-describedby'), warning.id].filter(Boolean).join(' '));
      area.focus();
    });
  }
}

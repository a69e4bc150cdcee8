// Accessible form parts: every input has a label; an error is tied to its field with aria-describedby.
import type { Request } from 'express';
import { html, type SafeHtml } from './html.js';
import type { FieldErrors } from '../platform/errors.js';

export interface FieldOptions {
  name: string;
  /** When two forms on a page have a field of the same name (default: f-<name>). */
  id?: string;
  /** A short value (a number, a day) in a one-line form: the field takes less of the line. */
  narrow?: boolean;
  label: string;
  type?: string;
  value?: string | null;
  errors?: FieldErrors;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  readonly?: boolean;
  /** The id of a <datalist> of suggestions. */
  list?: string;
  /** The field names an existing person by email: the client script makes it the people picker. */
  picker?: boolean;
  t: Request['t'];
}

export function field(o: FieldOptions): SafeHtml {
  const id = o.id ?? `f-${o.name}`;
  const error = o.errors?.[o.name];
  const describedBy = [error ? `${id}-error` : '', o.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  const attrs = html`id="${id}" name="${o.name}" ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${error ? html`aria-invalid="true"` : ''} ${o.autocomplete ? html`autocomplete="${o.autocomplete}"` : ''} ${o.required ? html`required` : ''} ${o.list ? html`list="${o.list}"` : ''} ${o.readonly ? html`readonly` : ''} ${o.picker ? html`data-person-picker` : ''}`;
  const input =
    o.type === 'textarea'
      ? html`<textarea ${attrs} rows="4">${o.value ?? ''}</textarea>`
      : html`<input type="${o.type ?? 'text'}" ${attrs} value="${o.type === 'password' ? '' : (o.value ?? '')}">`;
  return html`<div class="field${o.narrow ? ' narrow' : ''}${error ? ' has-error' : ''}">
    <label for="${id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    ${input}
    ${error ? html`<p class="error" id="${id}-error">${o.t(error)}</p>` : ''}
  </div>`;
}

export function csrfInput(req: Request): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${req.csrfToken!()}">`;
}

export function alert(kind: 'error' | 'success' | 'info', text: string | undefined): SafeHtml {
  if (!text) return html``;
  return html`<div class="alert alert-${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}

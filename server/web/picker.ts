// A field that names a person by email, enhanced into the people picker by the client script
// (web/client/picker.ts): without a script it is a plain email field, so every form still works.
import type { Request } from 'express';
import { html, type SafeHtml } from './html.js';
import type { FieldErrors } from '../platform/errors.js';

export function pickerField(req: Request, name: string, label: string, errors?: FieldErrors, value = ''): SafeHtml {
  const id = `f-${name}`;
  const error = errors?.[name];
  return html`<div class="field${error ? ' has-error' : ''}">
    <label for="${id}">${label}</label>
    <p class="hint" id="${id}-hint">${req.t('shell.pickerHint')}</p>
    <input type="email" id="${id}" name="${name}" value="${value}" data-person-picker aria-describedby="${id}-hint${error ? ` ${id}-error` : ''}"${error ? html` aria-invalid="true"` : ''}>
    ${error ? html`<p class="error" id="${id}-error">${req.t(error)}</p>` : ''}
  </div>`;
}

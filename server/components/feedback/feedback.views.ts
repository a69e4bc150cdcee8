// Feedback blocks (a list, the form to give feedback) used by person pages, and the /feedback page.
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { FeedbackView } from './feedback.repository.js';
import { visibilities } from './feedback.schema.js';
import { timeTag } from '../../web/time.js';
import { markdownHtml } from '../../web/markdown.js';
import { avatar, icon } from '../../web/ui.js';
import { pickerField } from '../../web/picker.js';
import { formValues } from '../../web/respond.js';

const fullName = (p: { firstName: string; lastName: string } | null, fallback: string) => (p ? `${p.firstName} ${p.lastName}` : fallback);

/**
 * Feedback under the face of who gave it (or, in what the reader gave, of who received it): the
 * name, when, who may read it, the text rendered, and the Values it is tagged with.
 */
export function feedbackList(req: Request, items: FeedbackView[], show: 'giver' | 'recipient' = 'giver'): SafeHtml {
  const { t } = req;
  if (!items.length) return html`<p class="muted">${t('feedback.none')}</p>`;
  const now = Date.now();
  return html`<ul class="feedback-list">
    ${items.map((f) => {
      const face = show === 'giver' ? f.giver : f.recipient;
      return html`<li class="feedback" id="feedback-${f.id}" data-visibility="${f.visibility}">
        ${face ? avatar(face, 'small') : html`<span class="avatar small" aria-hidden="true">?</span>`}
        <div class="feedback-main">
          <p class="feedback-meta">
            <strong>${show === 'giver' ? t('feedback.from', { name: fullName(f.giver, t('discussions.formerMember')) }) : t('feedback.to', { name: fullName(f.recipient, '') })}</strong>
            <span class="muted">${timeTag(req, f.createdAt, now)}</span>
            <span class="badge">${t(`feedback.visibility.${f.visibility}`)}</span>
          </p>
          <div class="feedback-body markdown">${markdownHtml(f.body)}</div>
          ${f.values.length ? html`<p class="feedback-values">${f.values.map((v) => html`<span class="badge value">${v}</span> `)}</p>` : ''}
        </div>
      </li>`;
    })}
  </ul>`;
}

/** What a refused give form shows again: its text fields, and the values ticked (one is a string, several a list). */
export function giveFormValues(raw: Record<string, unknown>, fields: Array<'recipient' | 'body' | 'visibility'>): NonNullable<GiveState['values']> {
  const ticked = Array.isArray(raw.values) ? raw.values.map(String) : typeof raw.values === 'string' ? [raw.values] : [];
  return { ...formValues(raw, fields), values: ticked };
}

export interface GiveState {
  errors?: FieldErrors;
  message?: string;
  values?: { recipient?: string; body?: string; visibility?: string; values?: string[] };
}

/**
 * The form to give feedback: on a person's page to that person (their id), or on the feedback page
 * to a colleague chosen with the people picker (`to: 'picked'`).
 */
export function giveForm(req: Request, to: { personId: string } | 'picked', workspaceValues: string[], state: GiveState = {}): SafeHtml {
  const { t } = req;
  const v = state.values ?? {};
  const err = (name: string) => (state.errors?.[name] ? html`<p class="error" id="f-fb-${name}-error">${t(state.errors[name]!)}</p>` : '');
  return html`<form method="post" action="${to === 'picked' ? '/feedback' : `/people/${to.personId}/feedback`}" novalidate class="give-feedback">
    ${csrfInput(req)}
    ${alert('error', state.message)}
    ${to === 'picked' ? pickerField(req, 'recipient', t('feedback.recipient'), state.errors, v.recipient ?? '') : ''}
    <div class="field${state.errors?.body ? ' has-error' : ''}">
      <label for="f-fb-body">${t('feedback.body')}</label>
      <textarea id="f-fb-body" name="body" rows="4" maxlength="5000" ${state.errors?.body ? html`aria-invalid="true" aria-describedby="f-fb-body-error"` : ''}>${v.body ?? ''}</textarea>
      ${err('body')}
    </div>
    <fieldset class="field${state.errors?.visibility ? ' has-error' : ''}">
      <legend>${t('feedback.whoSees')}</legend>
      ${visibilities.map(
        (vis) => html`<div class="field checkbox"><input type="radio" id="f-fb-vis-${vis}" name="visibility" value="${vis}" ${(v.visibility ?? 'recipient') === vis ? html`checked` : ''}>
          <label for="f-fb-vis-${vis}">${t(`feedback.visibilityChoice.${vis}`)}</label></div>`,
      )}
      ${err('visibility')}
    </fieldset>
    ${workspaceValues.length
      ? html`<fieldset class="field${state.errors?.values ? ' has-error' : ''}"><legend>${t('feedback.values')}</legend>
          ${workspaceValues.map(
            (value, i) => html`<div class="field checkbox"><input type="checkbox" id="f-fb-value-${i}" name="values" value="${value}" ${v.values?.includes(value) ? html`checked` : ''}>
              <label for="f-fb-value-${i}">${value}</label></div>`,
          )}
          ${err('values')}</fieldset>`
      : ''}
    <button type="submit" class="primary">${t('feedback.give')}</button>
  </form>`;
}

export function feedbackPage(req: Request, d: { received: FeedbackView[]; given: FeedbackView[]; workspaceValues: string[]; give?: GiveState }): string {
  const { t } = req;
  const { received, given } = d;
  // The form opens by itself when it comes back with errors, so they are seen where they are.
  return page(req, {
    title: t('feedback.title'),
    body: html`<h1>${t('feedback.title')}</h1>
      <p class="muted">${t('feedback.intro')}</p>
      <details class="card give-card"${d.give ? html` open` : ''}><summary><h2 class="card-title">${icon('feedback')}${t('feedback.giveTo')}</h2></summary>${giveForm(req, 'picked', d.workspaceValues, d.give)}</details>
      <section class="card" aria-labelledby="received"><h2 class="card-title" id="received">${icon('inbox')}${t('feedback.received')}</h2>${feedbackList(req, received, 'giver')}</section>
      <section class="card" aria-labelledby="given"><h2 class="card-title" id="given">${icon('feedback')}${t('feedback.given')}</h2>${feedbackList(req, given, 'recipient')}</section>`,
  });
}

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

const fullName = (p: { firstName: string; lastName: string } | null, fallback: string) => (p ? `${p.firstName} ${p.lastName}` : fallback);

export function feedbackList(req: Request, items: FeedbackView[], show: 'giver' | 'recipient' | 'both' = 'giver'): SafeHtml {
  const { t } = req;
  if (!items.length) return html`<p class="muted">${t('feedback.none')}</p>`;
  return html`<ul class="feedback-list">
    ${items.map(
      (f) => html`<li class="feedback" id="feedback-${f.id}" data-visibility="${f.visibility}">
        <p class="feedback-meta">
          ${show !== 'recipient' ? html`<strong>${t('feedback.from', { name: fullName(f.giver, t('discussions.formerMember')) })}</strong>` : ''}
          ${show !== 'giver' ? html` <strong>${t('feedback.to', { name: fullName(f.recipient, '') })}</strong>` : ''}
          <span class="muted">${timeTag(req, f.createdAt)}</span>
          <span class="badge">${t(`feedback.visibility.${f.visibility}`)}</span>
        </p>
        <div class="feedback-body markdown">${markdownHtml(f.body)}</div>
        ${f.values.length ? html`<p>${f.values.map((v) => html`<span class="badge value">${v}</span> `)}</p>` : ''}
      </li>`,
    )}
  </ul>`;
}

export interface GiveState {
  errors?: FieldErrors;
  message?: string;
  values?: { body?: string; visibility?: string; values?: string[] };
}

export function giveForm(req: Request, personId: string, workspaceValues: string[], state: GiveState = {}): SafeHtml {
  const { t } = req;
  const v = state.values ?? {};
  const err = (name: string) => (state.errors?.[name] ? html`<p class="error" id="f-fb-${name}-error">${t(state.errors[name]!)}</p>` : '');
  return html`<form method="post" action="/people/${personId}/feedback" novalidate class="give-feedback">
    ${csrfInput(req)}
    ${alert('error', state.message)}
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

export function feedbackPage(req: Request, received: FeedbackView[], given: FeedbackView[]): string {
  const { t } = req;
  return page(req, {
    title: t('feedback.title'),
    body: html`<h1>${t('feedback.title')}</h1>
      <p class="muted">${t('feedback.intro')}</p>
      <section aria-labelledby="received"><h2 id="received">${t('feedback.received')}</h2>${feedbackList(req, received, 'giver')}</section>
      <section aria-labelledby="given"><h2 id="given">${t('feedback.given')}</h2>${feedbackList(req, given, 'recipient')}</section>`,
  });
}

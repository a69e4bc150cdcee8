import type { Request } from 'express';
import { html } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import { timeZones } from '../../web/time.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { User } from './users.repository.js';
import { avatar, icon } from '../../web/ui.js';
import type { SafeHtml } from '../../web/html.js';

interface ProfileState {
  errors?: FieldErrors;
  message?: string;
  saved?: boolean;
  values?: Record<string, string | undefined>;
  photoErrors?: FieldErrors;
  photoNotice?: string;
}

/** The photo: the current one (or the initials) with the upload form and, when there is one, a remove button. */
function photoSection(req: Request, user: User, state: ProfileState): SafeHtml {
  const { t } = req;
  const error = state.photoErrors?.photo;
  return html`<section aria-labelledby="photo-heading" id="photo" class="card">
    <h2 class="card-title" id="photo-heading">${icon('user')}${t('profile.photo.heading')}</h2>
    ${state.photoNotice ? alert('success', state.photoNotice) : ''}
    <div class="person-line">${avatar(user, 'large')}${user.photo ? '' : html`<p class="muted">${t('profile.photo.none')}</p>`}</div>
    <form method="post" action="/profile/photo" enctype="multipart/form-data" novalidate>
      ${csrfInput(req)}
      <div class="field${error ? ' has-error' : ''}">
        <label for="f-photo">${t('profile.photo.label')}</label>
        <input id="f-photo" type="file" name="photo" accept="image/jpeg,image/png" aria-describedby="f-photo-hint${error ? ' f-photo-error' : ''}" ${error ? html`aria-invalid="true"` : ''}>
        <p class="hint" id="f-photo-hint">${t('profile.photo.hint')}</p>
        ${error ? html`<p class="error" id="f-photo-error">${t(error)}</p>` : ''}
      </div>
      <button type="submit" class="secondary">${t('profile.photo.upload')}</button>
    </form>
    ${user.photo
      ? html`<form method="post" action="/profile/photo/remove" data-confirm="${t('profile.photo.confirmRemove')}" data-confirm-action="${t('profile.photo.remove')}">${csrfInput(req)}<button type="submit" class="danger">${t('profile.photo.remove')}</button></form>`
      : ''}
  </section>`;
}

export function profilePage(req: Request, user: User, state: ProfileState): string {
  const { t } = req;
  const v = { ...user, ...state.values } as unknown as Record<string, string | null | undefined>;
  const f = (name: string, label: string, extra: Partial<Parameters<typeof field>[0]> = {}) => field({ t, name, label, value: v[name] ?? '', errors: state.errors, ...extra });
  return page(req, {
    title: t('profile.title'),
    body: html`<h1>${t('profile.title')}</h1>
      <p class="muted">${t('profile.visibility')}</p>
      ${state.saved ? alert('success', t('profile.saved')) : ''}
      ${alert('error', state.message)}
      <div class="narrow-cards">
      ${photoSection(req, user, state)}
      <section class="card" aria-labelledby="details-heading"><h2 class="card-title" id="details-heading">${icon('settings')}${t('profile.details')}</h2>
      <form method="post" action="/profile" novalidate class="grid">
        ${csrfInput(req)}
        ${f('firstName', t('fields.firstName'), { autocomplete: 'given-name', required: true })}
        ${f('lastName', t('fields.lastName'), { autocomplete: 'family-name', required: true })}
        <div class="field"><label for="f-email">${t('fields.email')}</label><input id="f-email" type="email" value="${user.email}" readonly></div>
        ${f('company', t('fields.company'), { autocomplete: 'organization' })}
        ${f('title', t('fields.title'), { autocomplete: 'organization-title' })}
        ${f('phone', t('fields.phone'), { type: 'tel', autocomplete: 'tel' })}
        <div class="field${state.errors?.timeZone ? ' has-error' : ''}">
          <label for="f-timeZone">${t('fields.timeZone')}</label>
          <select id="f-timeZone" name="timeZone" aria-describedby="f-timeZone-hint${state.errors?.timeZone ? ' f-timeZone-error' : ''}" ${state.errors?.timeZone ? html`aria-invalid="true"` : ''}>
            <option value="" ${!v.timeZone ? html`selected` : ''}>${t('profile.timeZoneNone')}</option>
            ${timeZones.map((zone) => html`<option ${v.timeZone === zone ? html`selected` : ''}>${zone}</option>`)}
          </select>
          <p class="hint" id="f-timeZone-hint">${t('profile.timeZoneHint')}</p>
          ${state.errors?.timeZone ? html`<p class="error" id="f-timeZone-error">${t(state.errors.timeZone)}</p>` : ''}
        </div>
        <div class="field${state.errors?.language ? ' has-error' : ''}">
          <label for="f-language">${t('fields.language')}</label>
          <select id="f-language" name="language">
            <option value="" ${!v.language ? html`selected` : ''}>${t('profile.languageAuto')}</option>
            <option value="en" ${v.language === 'en' ? html`selected` : ''}>English</option>
            <option value="fr" ${v.language === 'fr' ? html`selected` : ''}>Français</option>
          </select>
        </div>
        ${f('bio', t('fields.bio'), { type: 'textarea' })}
        <button type="submit" class="primary">${t('profile.submit')}</button>
      </form>
      </section>
      <section class="card" aria-labelledby="leave-heading"><h2 class="card-title" id="leave-heading">${icon('signout')}${t('profile.leaveHeading')}</h2>
        <p class="muted">${t('profile.leaveText')}</p>
        <p><a class="button danger" href="/profile/delete">${t('accountDeletion.link')}</a></p>
      </section>
      </div>`,
  });
}

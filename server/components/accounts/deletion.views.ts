// Confirmation pages of account deletion (the person themself, or an admin).
import type { Request } from 'express';
import { html } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { User } from './users.repository.js';
import { formatDate } from '../../web/time.js';
import { backLink } from '../../web/ui.js';

interface State {
  errors?: FieldErrors;
  message?: string;
}

export function deleteOwnPage(req: Request, d: { user: User; grace: string; authored: 'anonymise' | 'delete'; state: State }): string {
  const { t } = req;
  return page(req, {
    title: t('accountDeletion.title'),
    narrow: true,
    body: html`<h1>${t('accountDeletion.title')}</h1>
      <p>${t(d.authored === 'delete' ? 'accountDeletion.introDelete' : 'accountDeletion.intro', { grace: d.grace })}</p>
      ${alert('error', d.state.message)}
      <form method="post" action="/profile/delete" novalidate>
        ${csrfInput(req)}
        ${d.user.passwordHash
          ? field({ t, name: 'password', label: t('accountDeletion.confirmPassword'), type: 'password', autocomplete: 'current-password', errors: d.state.errors, required: true })
          : field({ t, name: 'email', label: t('accountDeletion.confirmEmail'), type: 'email', errors: d.state.errors, required: true })}
        <button type="submit" class="danger">${t('accountDeletion.submit')}</button>
      </form>`,
  });
}

export function deletedPage(req: Request, key: 'accountDeletion.done' | 'accountDeletion.adminDone', purgeAfter: number | null): string {
  const { t } = req;
  return page(req, {
    title: t(key),
    narrow: true,
    body: html`<h1>${t(key)}</h1>${purgeAfter ? html`<p class="muted">${formatDate(req, purgeAfter)}</p>` : ''}<p><a href="/">${t('errorPage.home')}</a></p>`,
  });
}

export function adminDeletePage(req: Request, d: { person: User; grace: string; state: State & { values?: Record<string, string | undefined> } }): string {
  const { t } = req;
  const name = `${d.person.firstName} ${d.person.lastName}`;
  return page(req, {
    title: t('accountDeletion.adminTitle', { name }),
    narrow: true,
    body: html`${backLink(req, { path: '/admin/users', name: t('adminUsers.title') })}<h1>${t('accountDeletion.adminTitle', { name })}</h1>
      <p>${d.person.email}</p>
      <p>${t('accountDeletion.adminIntro', { grace: d.grace })}</p>
      ${alert('error', d.state.message)}
      <form method="post" action="/admin/users/${d.person.id}/delete" novalidate>
        ${csrfInput(req)}
        ${field({ t, name: 'email', label: t('accountDeletion.adminConfirm'), type: 'email', value: d.state.values?.email, errors: d.state.errors, required: true })}
        <button type="submit" class="danger">${t('accountDeletion.adminSubmit')}</button>
      </form>`,
  });
}

import type { Request } from 'express';
import { html } from './html.js';
import { page } from './layout.js';

export function errorPage(req: Request, status: number, message: string): string {
  const t = req.t;
  if (!t) return `<!doctype html><title>Error ${status}</title><p>Error ${status}</p>`;
  const title = t(`errorPage.${status === 404 || status === 403 || status === 401 || status >= 500 ? (status >= 500 ? 500 : status) : 'other'}`);
  return page(req, {
    title,
    narrow: true,
    body: html`<h1>${title}</h1><p>${message}</p>${req.id ? html`<p class="muted">${t('errorPage.reference', { id: req.id })}</p>` : ''}<p><a href="/">${t('errorPage.home')}</a></p>`,
  });
}

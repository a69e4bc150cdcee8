// A discussion thread: its comments (plain text, mentions linked to the person's page) and the form
// to join it. `threadBlock` is also embeddable in node and section pages.
import type { Request } from 'express';
import { html, raw, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { CommentView, Target } from './discussions.repository.js';
import { sectionTitleIn } from '../sections/section-title.js';
import { sectionPagePath } from '../sections/section-back-link.js';
import { mentionPattern } from './discussions.schema.js';
import { timeTag } from '../../web/time.js';
import { avatar, backLink, type BackLink } from '../../web/ui.js';
import { renderMarkdown } from '../../web/markdown.js';


/** Private-use characters mark where a mention goes while the Markdown is rendered (stripped from input first). */
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const markPattern = /\uE000(\d+)\uE001/g;

/**
 * The comment as sanitised Markdown, with each known mention as a link to the person's page. The
 * mentions are swapped for markers before rendering and for their links after sanitising, so a name
 * never passes through the Markdown parser and the link keeps its class.
 */
export function commentBody(comment: CommentView): SafeHtml {
  const byEmail = new Map(comment.mentions.map((m) => [m.email.toLowerCase(), m]));
  const links: SafeHtml[] = [];
  let source = '';
  let last = 0;
  const body = comment.body.replace(/[\uE000\uE001]/g, '');
  for (const match of body.matchAll(mentionPattern)) {
    const start = match.index! + match[1]!.length;
    const person = byEmail.get(match[2]!.toLowerCase());
    if (!person) continue;
    source += body.slice(last, start) + MARK_OPEN + links.length + MARK_CLOSE;
    links.push(html`<a class="mention" href="/people/${person.id}">@${person.firstName} ${person.lastName}</a>`);
    last = start + 1 + match[2]!.length;
  }
  source += body.slice(last);
  return raw(renderMarkdown(source).replace(markPattern, (_, i: string) => links[Number(i)]?.toString() ?? ''));
}

export const threadUrl = (target: { type: string; id: string }) => `/discussions/${target.type}/${target.id}`;

export function targetUrl(target: Target): string {
  return target.type === 'node' ? `/org/nodes/${target.id}` : sectionPagePath(target);
}

/** A thread form's state after a refused post, or the comment being edited. */
export type ThreadState = { errors?: FieldErrors; message?: string; body?: string; editing?: string };

export function threadBlock(req: Request, target: Target, comments: CommentView[], state: ThreadState = {}): SafeHtml {
  const { t } = req;
  const me = req.user!;
  const url = threadUrl(target);
  const error = state.errors?.body;
  return html`<section class="discussion" aria-labelledby="discussion-${target.id}">
    <h2 id="discussion-${target.id}">${t('discussions.heading', { count: comments.length })}</h2>
    ${alert('error', state.message)}
    ${comments.length === 0 ? html`<p class="muted">${t('discussions.empty')}</p>` : ''}
    <ol class="comments">
      ${comments.map(
        (c) => html`<li class="comment" id="comment-${c.id}">
          <p class="comment-meta">${c.author ? html`${avatar(c.author, 'small')} ` : ''}<strong>${c.author ? html`<a href="/people/${c.author.id}">${c.author.firstName} ${c.author.lastName}</a>` : t('discussions.formerMember')}</strong>
            <span class="muted">${timeTag(req, c.createdAt)}${c.editedAt ? ` · ${t('discussions.edited')}` : ''}</span></p>
          ${state.editing === c.id && c.authorId === me.id
            ? html`<form method="post" action="/discussions/comments/${c.id}" novalidate>
                ${csrfInput(req)}
                <div class="field"><label for="f-edit-${c.id}">${t('discussions.editLabel')}</label><textarea id="f-edit-${c.id}" name="body" rows="3">${c.body}</textarea></div>
                <button type="submit" class="primary">${t('discussions.save')}</button> <a href="${url}#comment-${c.id}">${t('discussions.cancel')}</a>
              </form>`
            : html`<div class="comment-body markdown">${commentBody(c)}</div>`}
          ${c.authorId === me.id && state.editing !== c.id
            ? html`<p class="comment-actions"><a href="${url}?edit=${c.id}#comment-${c.id}">${t('discussions.edit')}</a>
                <form method="post" action="/discussions/comments/${c.id}/delete" class="inline" data-confirm="${t('discussions.confirmDelete')}" data-confirm-action="${t('discussions.delete')}">${csrfInput(req)}<button type="submit" class="link">${t('discussions.delete')}</button></form></p>`
            : ''}
        </li>`,
      )}
    </ol>
    <form method="post" action="${url}" novalidate>
      ${csrfInput(req)}
      <div class="field${error ? ' has-error' : ''}">
        <label for="f-comment-${target.id}">${t('discussions.add')}</label>
        <p class="hint" id="f-comment-${target.id}-hint">${t('discussions.mentionHint')}</p>
        <textarea id="f-comment-${target.id}" name="body" rows="3" aria-describedby="f-comment-${target.id}-hint${error ? ` f-comment-${target.id}-error` : ''}" ${error ? html`aria-invalid="true"` : ''}>${state.body ?? ''}</textarea>
        ${error ? html`<p class="error" id="f-comment-${target.id}-error">${t(error)}</p>` : ''}
      </div>
      <button type="submit" class="primary">${t('discussions.post')}</button>
    </form>
  </section>`;
}

/** A thread on its own page, led back to the page that shows its target. */
export function threadPage(req: Request, target: Target, comments: CommentView[], back: BackLink, state: ThreadState = {}): string {
  const { t } = req;
  const heading = t('discussions.title', { title: sectionTitleIn(t, target.title, target.sectionKind) });
  return page(req, {
    title: heading,
    body: html`${backLink(req, back)}
      <h1>${heading}</h1>
      ${threadBlock(req, target, comments, state)}`,
  });
}

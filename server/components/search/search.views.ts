// The search page: one box, results grouped by kind, matches highlighted (escaped, then <mark>).
import type { Request } from 'express';
import { markedToHtml } from './marked-text.js';
import { plainOneLine } from '../../web/markdown.js';
import { escapeHtml, html, raw, type SafeHtml } from '../../web/html.js';
import type { Translate } from '../../platform/i18n.js';
import { sectionTitleIn } from '../sections/section-title.js';
import { page } from '../../web/layout.js';
import { avatar, icon, type IconName } from '../../web/ui.js';
import type { SearchHit, SearchKind } from './search.repository.js';
import type { SearchResults } from './search.service.js';

/** Where a hit leads. */
export function hitUrl(hit: SearchHit): string {
  switch (hit.kind) {
    case 'people':
      return `/people/${hit.id}`;
    case 'nodes':
      return `/org/nodes/${hit.id}`;
    case 'sections':
      return hit.context.personId ? `/people/${hit.context.personId}#section-${hit.id}` : `/org/nodes/${hit.context.nodeId}#section-${hit.id}`;
    case 'discussions':
      return hit.context.nodeId ? `/discussions/node/${hit.context.nodeId}#comment-${hit.id}` : `/discussions/section/${hit.context.sectionId}#comment-${hit.id}`;
  }
}

/** The snippet as plain text (Markdown marks removed: a snippet is not rendered), matches in <mark>. */
export const snippetHtml = (markedSnippet: string): string => markedToHtml(plainOneLine(markedSnippet));
/** A hit's title as people read it: an untitled section is named by its kind, in the reader's language. */
export const hitTitle = (t: Translate, hit: SearchHit): string => sectionTitleIn(t, hit.title, hit.sectionKind);
/** The title with its matches in <mark> (a comment's hit is named by its place, with nothing marked). */
export const hitTitleHtml = (t: Translate, hit: SearchHit): string => (hit.markedTitle ? markedToHtml(hit.markedTitle) : escapeHtml(hitTitle(t, hit)));

/**
 * What a hit belongs to, in words: a person's title, a node's dimension, where a section sits, who
 * wrote a comment (the label alone read as a run-on name after the title).
 */
export function hitContext(t: Translate, hit: SearchHit): string | null {
  const label = hit.context.label ?? null;
  switch (hit.kind) {
    case 'people':
      return label;
    case 'nodes':
      return label ?? (hit.context.kind ? t(`org.defaults.${hit.context.kind}`) : null);
    case 'sections':
      return label ? t(hit.context.personId ? 'search.onPersonPage' : 'search.inNode', { name: label }) : null;
    case 'discussions':
      return label ? t('search.commentBy', { name: label }) : null;
  }
}

export function searchBox(req: Request, q = ''): SafeHtml {
  return html`<form method="get" action="/search" role="search" class="search-box">
    <label for="site-search" class="visually-hidden">${req.t('search.label')}</label>
    <input type="search" id="site-search" name="q" value="${q}" placeholder="${req.t('search.placeholder')}" maxlength="200">
    <button type="submit" class="secondary">${req.t('search.submit')}</button>
  </form>`;
}

/** A snippet that only repeats the label beside the title (a person's job title) is left out. */
const showsSnippet = (hit: SearchHit): boolean => Boolean(hit.markedSnippet) && plainOneLine(hit.markedSnippet.replace(/[\u0001\u0002]/g, '')) !== (hit.context.label ?? '').trim();

const order: SearchKind[] = ['people', 'nodes', 'sections', 'discussions'];
const kindIcons: Record<SearchKind, IconName> = { people: 'people', nodes: 'org', sections: 'document', discussions: 'comment' };

function hitItem(t: Translate, kind: SearchKind, hit: SearchHit): SafeHtml {
  const context = hitContext(t, hit);
  const snippet = showsSnippet(hit);
  // A snippet that is the label itself (a person's job title) marks its match there instead.
  const contextHtml = !snippet && hit.markedSnippet?.includes('\u0001') ? raw(snippetHtml(hit.markedSnippet)) : context;
  return html`<li class="hit hit-${kind}">
    ${hit.person ? avatar(hit.person, 'small') : ''}
    <div class="hit-main">
      <a href="${hitUrl(hit)}">${raw(hitTitleHtml(t, hit))}</a>
      ${contextHtml ? html` <span class="muted">· ${contextHtml}</span>` : ''}
      ${snippet ? html`<p class="snippet">${raw(snippetHtml(hit.markedSnippet))}</p>` : ''}
    </div>
  </li>`;
}

export function searchPage(req: Request, q: string, terms: string[], results: SearchResults): string {
  const { t } = req;
  const total = order.reduce((n, k) => n + results[k].length, 0);
  return page(req, {
    title: q ? t('search.titleFor', { q }) : t('search.title'),
    body: html`<h1>${t('search.title')}</h1>
      ${searchBox(req, q)}
      ${terms.length === 0
        ? html`<p class="muted">${t('search.hint')}</p>`
        : total === 0
          ? html`<p>${t('search.none', { q })}</p>`
          : order
              .filter((kind) => results[kind].length)
              .map(
                (kind) => html`<section class="card" aria-labelledby="results-${kind}">
                  <h2 class="card-title" id="results-${kind}">${icon(kindIcons[kind])}${t(`search.kinds.${kind}`)}</h2>
                  <ul class="search-results">
                    ${results[kind].map((hit) => hitItem(t, kind, hit))}
                  </ul>
                  ${results[kind].length >= 10 ? html`<p><a href="/search?q=${encodeURIComponent(q)}&amp;kind=${kind}">${t('search.more')}</a></p>` : ''}
                </section>`,
              )}`,
  });
}

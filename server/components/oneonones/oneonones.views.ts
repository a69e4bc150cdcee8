// 1:1 pages: the list, one pair's meetings, and one meeting (shared agenda + the reader's private notes).
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { avatar, emptyState, icon } from '../../web/ui.js';
import { alert, csrfInput } from '../../web/forms.js';
import { pickerField } from '../../web/picker.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { Item, Meeting, PairListEntry } from './oneonones.repository.js';
import type { PairView } from './oneonones.service.js';
import { dayTag, formatDate, readerToday } from '../../web/time.js';

const name = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

export interface FormState {
  errors?: FieldErrors;
  message?: string;
}

/** When a pair meets next, else when they last met: "Next: Dec 10, 2026" / "Last: Nov 26, 2026". */
function whenLine(req: Request, p: { nextOn: number | null; lastHeldOn: number | null }): SafeHtml {
  const { t } = req;
  if (p.nextOn !== null) return html`${t('oneonones.next')} ${dayTag(req, p.nextOn)}`;
  if (p.lastHeldOn !== null) return html`${t('oneonones.last')} ${dayTag(req, p.lastHeldOn)}`;
  return html`${t('oneonones.noMeeting')}`;
}

export function listPage(req: Request, pairs: PairListEntry[], state: FormState & { values?: Record<string, string | undefined> } = {}): string {
  const { t } = req;
  return page(req, {
    title: t('oneonones.title'),
    body: html`<h1>${t('oneonones.title')}</h1>
      <p class="muted">${t('oneonones.intro')}</p>
      ${alert('error', state.message)}
      <form method="post" action="/one-on-ones" novalidate class="row start-one-on-one">
        ${csrfInput(req)}
        ${pickerField(req, 'person', t('oneonones.startWith'), state.errors, state.values?.person ?? '')}
        <div class="field"><button type="submit" class="primary">${t('oneonones.start')}</button></div>
      </form>
      ${pairs.length === 0
        ? emptyState({ icon: 'oneonones', title: t('oneonones.none'), action: { href: '/people', label: t('home.findPeople') } })
        : html`<section class="card" aria-label="${t('oneonones.title')}"><ul class="people-list">
            ${pairs.map(
              (p) => html`<li>${avatar(p.partner)}<span class="who"><a href="/one-on-ones/${p.id}">${name(p.partner)}</a>${p.partner.title ? html`<span class="muted">${p.partner.title}</span>` : ''}</span>
                <span class="end"><span class="muted">${whenLine(req, p)}</span></span></li>`,
            )}
          </ul></section>`}`,
  });
}

const ownerName = (pair: PairView, me: { id: string; firstName: string; lastName: string }, ownerId: string | null) =>
  ownerId === pair.partner.id ? name(pair.partner) : ownerId === me.id ? name(me) : '';

export function pairPage(req: Request, data: { pair: PairView; meetings: Meeting[]; openActionItems: Array<Item & { heldOn: number }> }, state: FormState = {}): string {
  const { t } = req;
  const { pair } = data;
  const me = req.user!;
  const today = readerToday(req);
  // Meetings from today on are planned: the soonest first, above the past ones (newest first).
  const upcoming = data.meetings.filter((m) => m.heldOn >= today.ms).reverse();
  const past = data.meetings.filter((m) => m.heldOn < today.ms);
  const meetingLink = (m: Meeting) => html`<a href="/one-on-ones/${pair.id}/meetings/${m.id}">${dayTag(req, m.heldOn)}</a>`;
  return page(req, {
    title: t('oneonones.with', { name: name(pair.partner) }),
    body: html`<div class="page-head">${avatar(pair.partner, 'large')}<div><h1>${t('oneonones.with', { name: name(pair.partner) })}</h1>
        <p class="muted">${pair.partner.title ? html`${pair.partner.title} · ` : ''}<a href="/people/${pair.partner.id}">${t('oneonones.partnerPage')}</a> · <a href="/one-on-ones">${t('oneonones.all')}</a></p></div></div>
      ${alert('error', state.message)}
      <div class="card-grid">
        <section class="card" aria-labelledby="meetings">
          <h2 class="card-title" id="meetings">${icon('calendar')}${t('oneonones.meetings')}</h2>
          ${data.meetings.length === 0
            ? emptyState({ title: t('oneonones.noMeeting'), text: t('oneonones.noMeetingText') })
            : html`<ul class="compact-list">
                ${upcoming.map((m) => html`<li><span class="badge badge-accent">${m.heldOn === today.ms ? t('oneonones.today') : t('oneonones.planned')}</span> ${meetingLink(m)}</li>`)}
                ${past.map((m) => html`<li>${meetingLink(m)}</li>`)}
              </ul>`}
        </section>
        <section class="card" aria-labelledby="open-actions">
          <h2 class="card-title" id="open-actions">${icon('check')}${t('oneonones.openActions')}</h2>
          ${data.openActionItems.length === 0
            ? emptyState({ title: t('oneonones.noOpenActions'), text: t('oneonones.noOpenActionsText') })
            : html`<ul class="compact-list">${data.openActionItems.map((i) => {
                const owner = ownerName(pair, me, i.ownerId);
                return html`<li><a href="/one-on-ones/${pair.id}/meetings/${i.meetingId}">${i.body}</a><span class="meta">${owner ? html`${owner} · ` : ''}${dayTag(req, i.heldOn)}</span></li>`;
              })}</ul>`}
        </section>
        <section class="card" aria-labelledby="new-meeting">
          <h2 class="card-title" id="new-meeting">${icon('plus')}${t('oneonones.newMeeting')}</h2>
          <form method="post" action="/one-on-ones/${pair.id}/meetings" class="row" novalidate>
            ${csrfInput(req)}
            <div class="field${state.errors?.heldOn ? ' has-error' : ''}">
              <label for="f-heldOn">${t('oneonones.heldOn')}</label>
              <input type="date" id="f-heldOn" name="heldOn" value="${today.day}" required ${state.errors?.heldOn ? html`aria-invalid="true" aria-describedby="f-heldOn-error"` : ''}>
              ${state.errors?.heldOn ? html`<p class="error" id="f-heldOn-error">${t(state.errors.heldOn)}</p>` : ''}
            </div>
            <div class="field"><button type="submit" class="primary">${t('oneonones.addMeeting')}</button></div>
          </form>
          <p class="hint">${t('oneonones.carryOverHint')}</p>
        </section>
      </div>`,
  });
}

function itemRow(req: Request, pair: PairView, meeting: Meeting, item: Item): SafeHtml {
  const { t } = req;
  const base = `/one-on-ones/${pair.id}/meetings/${meeting.id}/items/${item.id}`;
  return html`<li class="item${item.done ? ' done' : ''}" data-item="${item.id}">
    <span class="item-body">${item.body}</span>
    <span class="item-meta">
    ${item.kind === 'action_item' ? html`<span class="badge">${t('oneonones.owner')}: ${ownerName(pair, req.user!, item.ownerId)}</span>` : ''}
    ${item.carriedFromId ? html`<span class="badge">${t('oneonones.carried')}</span>` : ''}
    ${item.done ? html`<span class="badge badge-ok">${t('oneonones.done')}</span>` : ''}
    <form method="post" action="${base}" class="inline">
      ${csrfInput(req)}<input type="hidden" name="done" value="${item.done ? 'false' : 'true'}">
      <button type="submit" class="link">${item.done ? t('oneonones.reopen') : t('oneonones.markDone')}</button>
    </form>
    <form method="post" action="${base}/delete" class="inline" data-confirm="${t('oneonones.confirmRemove', { body: item.body.length > 80 ? `${item.body.slice(0, 80)}…` : item.body })}" data-confirm-action="${t('oneonones.remove')}">
      ${csrfInput(req)}<button type="submit" class="link">${t('oneonones.remove')}</button>
    </form>
    </span>
  </li>`;
}

export function meetingPage(req: Request, data: { pair: PairView; meeting: Meeting; items: Item[]; privateNote: string }, state: FormState & { saved?: string } = {}): string {
  const { t } = req;
  const { pair, meeting } = data;
  const me = req.user!;
  const base = `/one-on-ones/${pair.id}/meetings/${meeting.id}`;
  const points = data.items.filter((i) => i.kind === 'talking_point');
  const actions = data.items.filter((i) => i.kind === 'action_item');
  const err = (field: string) => (state.errors?.[field] ? html`<p class="error" id="f-${field}-error">${t(state.errors[field]!)}</p>` : '');
  return page(req, {
    title: `${t('oneonones.with', { name: name(pair.partner) })} · ${formatDate(req, meeting.heldOn, true)}`,
    body: html`<div class="page-head">${avatar(pair.partner, 'large')}<div><h1>${t('oneonones.with', { name: name(pair.partner) })} · ${dayTag(req, meeting.heldOn)}</h1>
        <p class="muted">${meeting.heldOn >= readerToday(req).ms ? html`<span class="badge badge-accent">${meeting.heldOn === readerToday(req).ms ? t('oneonones.today') : t('oneonones.planned')}</span> ` : ''}<a href="/one-on-ones/${pair.id}">${t('oneonones.allMeetings')}</a></p></div></div>
      ${state.saved ? alert('success', t('oneonones.saved')) : ''}
      ${alert('error', state.message)}
      <div class="card-grid">
      <section class="card" aria-labelledby="agenda" id="agenda-section">
        <h2 class="card-title" id="agenda">${icon('comment')}${t('oneonones.agenda')}</h2>
        <p class="hint">${t('oneonones.sharedHint')}</p>
        ${points.length ? html`<ul class="items">${points.map((i) => itemRow(req, pair, meeting, i))}</ul>` : html`<p>${t('oneonones.noPoints')}</p>`}
        <form method="post" action="${base}/items" class="row" novalidate>
          ${csrfInput(req)}<input type="hidden" name="kind" value="talking_point">
          <div class="field"><label for="f-point">${t('oneonones.newPoint')}</label><input id="f-point" name="body" maxlength="2000" required></div>
          <div class="field"><button type="submit" class="secondary">${t('oneonones.add')}</button></div>
        </form>
      </section>
      <section class="card" aria-labelledby="actions" id="actions-section">
        <h2 class="card-title" id="actions">${icon('check')}${t('oneonones.actionItems')}</h2>
        ${actions.length ? html`<ul class="items">${actions.map((i) => itemRow(req, pair, meeting, i))}</ul>` : html`<p>${t('oneonones.noActions')}</p>`}
        <form method="post" action="${base}/items" class="row" novalidate>
          ${csrfInput(req)}<input type="hidden" name="kind" value="action_item">
          <div class="field"><label for="f-action">${t('oneonones.newAction')}</label><input id="f-action" name="body" maxlength="2000" required></div>
          <div class="field"><label for="f-owner">${t('oneonones.owner')}</label>
            <select id="f-owner" name="ownerId"><option value="${me.id}">${name(me)}</option><option value="${pair.partner.id}">${name(pair.partner)}</option></select></div>
          <div class="field"><button type="submit" class="secondary">${t('oneonones.add')}</button></div>
        </form>
        ${err('body')}
      </section>
      </div>
      <div class="card-grid">
      <section class="card" aria-labelledby="shared-notes">
        <h2 class="card-title" id="shared-notes">${icon('document')}${t('oneonones.sharedNotes')}</h2>
        <form method="post" action="${base}/shared-notes" novalidate>
          ${csrfInput(req)}
          <div class="field"><label for="f-sharedNotes">${t('oneonones.sharedNotesLabel')}</label>
            <textarea id="f-sharedNotes" name="sharedNotes" rows="6">${meeting.sharedNotes}</textarea>${err('sharedNotes')}</div>
          <button type="submit" class="primary">${t('oneonones.saveShared')}</button>
        </form>
      </section>
      <section aria-labelledby="private-notes" class="card private">
        <h2 class="card-title" id="private-notes">${icon('privacy')}${t('oneonones.privateNotes')}</h2>
        <p class="hint">${t('oneonones.privateHint')}</p>
        <form method="post" action="${base}/private-note" novalidate>
          ${csrfInput(req)}
          <div class="field"><label for="f-privateNote">${t('oneonones.privateNotesLabel')}</label>
            <textarea id="f-privateNote" name="body" rows="6">${data.privateNote}</textarea>${err('privateNote')}</div>
          <button type="submit" class="primary">${t('oneonones.savePrivate')}</button>
        </form>
      </section>
      </div>`,
  });
}

// 1:1 pages: the list, one pair's meetings, and one meeting (shared agenda + the reader's private notes).
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { emptyState } from '../../web/ui.js';
import { alert, csrfInput } from '../../web/forms.js';
import { pickerField } from '../../web/picker.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { Item, Meeting } from './oneonones.repository.js';
import type { PairView } from './oneonones.service.js';
import { dayTag, formatDate, readerToday } from '../../web/time.js';

const name = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

export interface FormState {
  errors?: FieldErrors;
  message?: string;
}

export function listPage(req: Request, pairs: Array<{ id: string; partnerId: string; partnerFirstName: string; partnerLastName: string; lastHeldOn: number | null }>, state: FormState & { values?: Record<string, string | undefined> } = {}): string {
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
        : html`<ul class="cards">
            ${pairs.map(
              (p) => html`<li><a href="/one-on-ones/${p.id}">${t('oneonones.with', { name: `${p.partnerFirstName} ${p.partnerLastName}` })}</a>
                <p class="muted">${p.lastHeldOn ? t('oneonones.lastMeeting', { date: formatDate(req, p.lastHeldOn, true) }) : t('oneonones.noMeeting')}</p></li>`,
            )}
          </ul>`}`,
  });
}

const ownerName = (pair: PairView, me: { id: string; firstName: string; lastName: string }, ownerId: string | null) =>
  ownerId === pair.partner.id ? name(pair.partner) : ownerId === me.id ? name(me) : '';

export function pairPage(req: Request, data: { pair: PairView; meetings: Meeting[]; openActionItems: Array<Item & { heldOn: number }> }, state: FormState = {}): string {
  const { t } = req;
  const { pair } = data;
  const me = req.user!;
  return page(req, {
    title: t('oneonones.with', { name: name(pair.partner) }),
    body: html`<h1>${t('oneonones.with', { name: name(pair.partner) })}</h1>
      <p><a href="/people/${pair.partner.id}">${t('oneonones.partnerPage')}</a> · <a href="/one-on-ones">${t('oneonones.all')}</a></p>
      ${alert('error', state.message)}
      <section aria-labelledby="new-meeting">
        <h2 id="new-meeting">${t('oneonones.newMeeting')}</h2>
        <form method="post" action="/one-on-ones/${pair.id}/meetings" class="row" novalidate>
          ${csrfInput(req)}
          <div class="field${state.errors?.heldOn ? ' has-error' : ''}">
            <label for="f-heldOn">${t('oneonones.heldOn')}</label>
            <input type="date" id="f-heldOn" name="heldOn" value="${readerToday(req).day}" required ${state.errors?.heldOn ? html`aria-invalid="true" aria-describedby="f-heldOn-error"` : ''}>
            ${state.errors?.heldOn ? html`<p class="error" id="f-heldOn-error">${t(state.errors.heldOn)}</p>` : ''}
          </div>
          <div class="field"><button type="submit" class="primary">${t('oneonones.addMeeting')}</button></div>
        </form>
        <p class="hint">${t('oneonones.carryOverHint')}</p>
      </section>
      <section aria-labelledby="meetings">
        <h2 id="meetings">${t('oneonones.meetings')}</h2>
        ${data.meetings.length === 0 ? html`<p>${t('oneonones.noMeeting')}</p>` : html`<ul>${data.meetings.map((m) => html`<li><a href="/one-on-ones/${pair.id}/meetings/${m.id}">${dayTag(req, m.heldOn)}</a></li>`)}</ul>`}
      </section>
      <section aria-labelledby="open-actions">
        <h2 id="open-actions">${t('oneonones.openActions')}</h2>
        ${data.openActionItems.length === 0
          ? html`<p>${t('oneonones.noOpenActions')}</p>`
          : html`<ul>${data.openActionItems.map((i) => html`<li>${i.body} <span class="badge">${ownerName(pair, me, i.ownerId)}</span> <span class="muted">${dayTag(req, i.heldOn)}</span></li>`)}</ul>`}
      </section>`,
  });
}

function itemRow(req: Request, pair: PairView, meeting: Meeting, item: Item): SafeHtml {
  const { t } = req;
  const base = `/one-on-ones/${pair.id}/meetings/${meeting.id}/items/${item.id}`;
  return html`<li class="item${item.done ? ' done' : ''}" data-item="${item.id}">
    <span class="item-body">${item.body}</span>
    ${item.kind === 'action_item' ? html` <span class="badge">${t('oneonones.owner')}: ${ownerName(pair, req.user!, item.ownerId)}</span>` : ''}
    ${item.carriedFromId ? html` <span class="badge">${t('oneonones.carried')}</span>` : ''}
    ${item.done ? html` <span class="badge">${t('oneonones.done')}</span>` : ''}
    <form method="post" action="${base}" class="inline">
      ${csrfInput(req)}<input type="hidden" name="done" value="${item.done ? 'false' : 'true'}">
      <button type="submit" class="link">${item.done ? t('oneonones.reopen') : t('oneonones.markDone')}</button>
    </form>
    <form method="post" action="${base}/delete" class="inline" data-confirm="${t('oneonones.confirmRemove', { body: item.body.length > 80 ? `${item.body.slice(0, 80)}…` : item.body })}" data-confirm-action="${t('oneonones.remove')}">
      ${csrfInput(req)}<button type="submit" class="link">${t('oneonones.remove')}</button>
    </form>
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
    body: html`<h1>${t('oneonones.with', { name: name(pair.partner) })} · ${dayTag(req, meeting.heldOn)}</h1>
      <p><a href="/one-on-ones/${pair.id}">${t('oneonones.allMeetings')}</a></p>
      ${state.saved ? alert('success', t('oneonones.saved')) : ''}
      ${alert('error', state.message)}
      <section aria-labelledby="agenda" id="agenda-section">
        <h2 id="agenda">${t('oneonones.agenda')}</h2>
        <p class="hint">${t('oneonones.sharedHint')}</p>
        ${points.length ? html`<ul class="items">${points.map((i) => itemRow(req, pair, meeting, i))}</ul>` : html`<p>${t('oneonones.noPoints')}</p>`}
        <form method="post" action="${base}/items" class="row" novalidate>
          ${csrfInput(req)}<input type="hidden" name="kind" value="talking_point">
          <div class="field"><label for="f-point">${t('oneonones.newPoint')}</label><input id="f-point" name="body" maxlength="2000" required></div>
          <div class="field"><button type="submit" class="secondary">${t('oneonones.add')}</button></div>
        </form>
      </section>
      <section aria-labelledby="actions" id="actions-section">
        <h2 id="actions">${t('oneonones.actionItems')}</h2>
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
      <section aria-labelledby="shared-notes">
        <h2 id="shared-notes">${t('oneonones.sharedNotes')}</h2>
        <form method="post" action="${base}/shared-notes" novalidate>
          ${csrfInput(req)}
          <div class="field"><label for="f-sharedNotes">${t('oneonones.sharedNotesLabel')}</label>
            <textarea id="f-sharedNotes" name="sharedNotes" rows="6">${meeting.sharedNotes}</textarea>${err('sharedNotes')}</div>
          <button type="submit" class="primary">${t('oneonones.saveShared')}</button>
        </form>
      </section>
      <section aria-labelledby="private-notes" class="private">
        <h2 id="private-notes">${t('oneonones.privateNotes')}</h2>
        <p class="hint">${t('oneonones.privateHint')}</p>
        <form method="post" action="${base}/private-note" novalidate>
          ${csrfInput(req)}
          <div class="field"><label for="f-privateNote">${t('oneonones.privateNotesLabel')}</label>
            <textarea id="f-privateNote" name="body" rows="6">${data.privateNote}</textarea>${err('privateNote')}</div>
          <button type="submit" class="primary">${t('oneonones.savePrivate')}</button>
        </form>
      </section>`,
  });
}

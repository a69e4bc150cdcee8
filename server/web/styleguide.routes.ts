// /_styleguide: every part of the design system on one page, with the markup to copy. Served only
// outside production (a production server answers 404): it is a page for the people building pages.
import { Router } from 'express';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { requireUser } from './guards.js';
import { csrfInput, field } from './forms.js';
import { pickerField } from './picker.js';
import { avatar, emptyState, icon, stats, tabs, type IconName } from './ui.js';
import { chartFigure, chartLabels, type ChartData } from './charts/index.js';

const example = (title: string, markup: SafeHtml, note?: string) =>
  html`<section class="card" aria-labelledby="sg-${title.toLowerCase().replace(/\W+/g, '-')}">
    <h2 id="sg-${title.toLowerCase().replace(/\W+/g, '-')}">${title}</h2>
    ${note ? html`<p class="muted">${note}</p>` : ''}
    <div class="sg-example">${markup}</div>
    <details><summary>Markup</summary><pre><code>${markup.toString().trim()}</code></pre></details>
  </section>`;

const icons: IconName[] = ['home', 'org', 'people', 'oneonones', 'feedback', 'insights', 'admin', 'privacy', 'bell', 'search', 'menu', 'close', 'sidebar', 'user', 'key', 'data', 'signout', 'inbox', 'calendar', 'check', 'at', 'activity', 'plus', 'settings', 'document', 'comment'];
const colours = ['bg', 'surface', 'surface-2', 'text', 'muted', 'border', 'border-strong', 'accent', 'accent-soft', 'danger', 'danger-soft', 'ok', 'ok-soft', 'warn', 'warn-soft', 'focus'];
const people = [
  { id: 'a1', firstName: 'Ada', lastName: 'Lovelace' },
  { id: 'b22', firstName: 'Grace', lastName: 'Hopper' },
  { id: 'c333', firstName: 'Émilie', lastName: 'du Châtelet' },
  { id: 'd4444', firstName: 'Alan', lastName: 'Turing' },
];

/** Sample figures for the chart examples; null is a suppressed value (a group under k people). */
const sampleCharts: ChartData[] = [
  {
    id: 'sg-feedback',
    title: 'Feedback by node',
    sentence: 'Feedback given and received per node last quarter: nodes that give little may need a nudge.',
    kind: 'bar',
    categories: ['Engines', 'Compilers', 'Looms', 'Analytics'],
    series: [
      { name: 'Given', values: [41, 12, null, 27] },
      { name: 'Received', values: [38, 19, 7, null] },
    ],
    unit: 'feedback',
    suppressed: true,
  },
  {
    id: 'sg-headcount',
    title: 'Headcount over time',
    sentence: 'People per month: a steady line is a stable team.',
    kind: 'line',
    categories: ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'],
    series: [{ name: 'Engines', values: [12, 13, 13, 15, 16, 16] }, { name: 'Compilers', values: [8, 8, 9, 9, 8, 10] }],
    unit: 'people',
    suppressed: false,
  },
];

export function styleguideRouter(): Router {
  const router = Router();
  router.get('/_styleguide', requireUser, (req, res) => {
    const { t } = req;
    res.type('html').send(
      page(req, {
        title: t('styleguide.title'),
        body: html`<h1>${t('styleguide.title')}</h1>
          <p class="lead">Tokens and components of web/static/ds/ (light and dark follow the system setting). Use these parts; do not write new colours.</p>
          ${example(
            'Colour tokens',
            html`<ul class="sg-swatches">${colours.map((c) => html`<li><span class="sg-swatch sg-${c}"></span><code>--c-${c}</code></li>`)}</ul>`,
            'Spacing --space-1…7 (0.25rem to 3rem), type --text-xs…2xl, radius --radius-sm/md/lg/pill.',
          )}
          ${example('Buttons', html`<div class="actions"><button type="button" class="primary">Save</button><button type="button" class="secondary">Add meeting</button><button type="button">Cancel</button><button type="button" class="danger">Delete</button><button type="button" class="link">Show history</button><button type="button" disabled>Disabled</button><button type="button" class="small">Small</button></div>`)}
          ${example('Cards', html`<div class="card-grid"><div class="card"><h3>My teams</h3><p>Cards group one subject.</p></div><div class="card"><h3>Next 1:1s</h3><p>Each card starts with a heading.</p></div></div>`)}
          ${example(
            'Tables',
            html`<div class="table-wrap"><table class="table"><caption class="visually-hidden">People</caption><thead><tr><th scope="col">Name</th><th scope="col">Team</th><th scope="col">Role</th></tr></thead>
              <tbody><tr><td>Ada Lovelace</td><td>Engines</td><td><span class="badge badge-accent">Lead</span></td></tr><tr><td>Grace Hopper</td><td>Compilers</td><td><span class="badge">Member</span></td></tr></tbody></table></div>`,
            'Cells break between words, never inside one. Write a long token (an email, a route, an action name) with breakAfter(text, marks) so it may wrap after its @, dots or slashes; give a cell of a few words that read as one (a time, an IP address) the class nowrap. A table that may be wider than its column goes in .table-wrap (tabindex="0" and a label when it can scroll): it scrolls in its own box, never the page. Key-value details in a cell are a dl.details-list; a filter form above a list is a .row.filters.',
          )}
          ${example('Figures', stats('en', [{ value: 9993, label: 'active' }, { value: 4, label: 'admins' }, { value: 10, label: 'disabled' }]), 'A number people scan for, with what it counts under it.')}
          ${example('Badges', html`<p><span class="badge">Neutral</span> <span class="badge badge-accent">Lead</span> <span class="badge badge-ok">Done</span> <span class="badge badge-warn">Due soon</span> <span class="badge badge-danger">Overdue</span></p>`)}
          ${example('Tabs', tabs('Example tabs', [{ href: '#tabs', label: 'Overview', current: true }, { href: '#tabs', label: 'Manage', current: false }]), 'Tabs are links to pages (each tab has its own URL and works without a script).')}
          ${example('Empty states', emptyState({ icon: 'calendar', title: 'No 1:1 planned', text: 'Start one with your lead or a colleague from their page.', action: { href: '/people', label: 'Find a colleague' } }), 'Say what is missing and offer the next step.')}
          ${example(
            'Toasts',
            html`<div class="toast"><p>Ada Lovelace was removed.</p><form method="post" action="#">${csrfInput(req)}<button type="button">Undo</button></form></div>`,
            'The server keeps the message of an action for the next page (web/flash.ts); the layout shows it in the live region at the bottom right, with Undo when the action can be reversed.',
          )}
          ${example(
            'Confirmation dialogs',
            html`<form method="post" action="/_styleguide" data-confirm="Remove Ada Lovelace from Engines?" data-confirm-detail="She keeps her account and her other teams." data-confirm-action="Remove">${csrfInput(req)}<button type="submit" class="danger">Remove a member</button></form>`,
            'A destructive form says data-confirm="question"; the script asks with a <dialog>, the safe choice focused.',
          )}
          ${example(
            'Charts',
            html`${sampleCharts.map((chart) => chartFigure(chart, { labels: chartLabels(t, req.lang, 5), csvHref: '#charts', headingLevel: 3 }))}`,
            'web/charts/: an InsightChart drawn on the server by ECharts (SVG, Okabe-Ito palette, light and dark), its legend, a table view and the CSV link. A suppressed value (null) is a gap with a hatched legend entry; tooltips come from the marks\' data-tip on hover and on focus (arrow keys).',
          )}
          ${example(
            'Disclosures',
            html`<details class="disclosure"><summary>12 things recorded</summary><ul><li>Email address</li><li>First name</li><li>Last name</li></ul></details>`,
            'Detail people open when they need it (a record\'s fields, a check\'s findings): details.disclosure, its summary saying what is inside and how much. Printing opens every one.',
          )}
          ${example('Skeletons', html`<div aria-hidden="true"><span class="skeleton wide"></span><span class="skeleton wide"></span><span class="skeleton half"></span></div>`)}
          ${example('Avatars', html`<p class="actions">${people.map((p) => html`<span class="person-line">${avatar(p)}${p.firstName} ${p.lastName}</span>`)}${avatar(people[0]!, 'large')}${avatar(people[1]!, 'small')}</p>`, 'Initials on one of 12 colours chosen from the person’s id.')}
          ${example(
            'People lists',
            html`<ul class="people-list">${people.map((p) => html`<li>${avatar(p)}<span class="who"><a href="#sg-people-lists">${p.firstName} ${p.lastName}</a><span class="muted">Engineer</span></span><span class="end"><span class="badge badge-accent">Lead</span></span></li>`)}</ul>
              <form class="row add-form" action="#sg-people-lists"><div class="field"><label for="sg-add">Email of the person</label><input id="sg-add" type="email"></div><div class="field narrow"><label for="sg-add-role">Role</label><select id="sg-add-role"><option>Member</option><option>Lead</option></select></div><button type="button" class="primary">Add member</button></form>
              <ul class="people-list people-grid">${people.map((p) => html`<li>${avatar(p)}<span class="who"><a href="#sg-people-lists">${p.firstName} ${p.lastName}</a><span class="muted">Engineer · Engines</span></span></li>`)}</ul>`,
            'A person on a line (.people-list: members, a team): face, name, a muted second line, badges at the end; a .row.add-form under the list adds to it (a card’s members, links, editors); the directory\'s tiles add .people-grid.',
          )}
          ${example(
            'Manage lists',
            html`<ol class="manage-list"><li><div class="what"><span><a href="#sg-manage-lists">Teams</a></span><span class="muted">21 nodes</span></div><form class="rename" action="#sg-manage-lists"><label for="sg-rename" class="visually-hidden">New name for Teams</label><input id="sg-rename" value="Teams"><button type="button">Rename</button></form><div class="actions"><button type="button" aria-label="Move Teams up">↑</button><button type="button" aria-label="Move Teams down">↓</button><button type="button">Archive</button></div></li></ol>`,
            'What an admin keeps in order (.manage-list: the entities): what it is on the left, its rename field and actions after; a refused rename marks its own row (.rename.has-error).',
          )}
          ${example('Icons', html`<ul class="sg-icons">${icons.map((name) => html`<li>${icon(name)}<code>${name}</code></li>`)}</ul>`)}
          ${example(
            'Forms and the people picker',
            html`<form method="post" action="/_styleguide" novalidate>${csrfInput(req)}${field({ t, name: 'sg-name', label: 'Name', hint: 'A hint under the label.' })}${field({ t, name: 'sg-title', label: 'Title', errors: { 'sg-title': 'errors.required' } })}${pickerField(req, 'sg-person', 'Person')}<div class="field"><label for="sg-notes">Notes (type @ and a name)</label><textarea id="sg-notes" name="notes" rows="3"></textarea></div></form>`,
          )}`,
      }),
    );
  });
  router.post('/_styleguide', requireUser, (_req, res) => {
    res.redirect(303, '/_styleguide');
  });
  return router;
}

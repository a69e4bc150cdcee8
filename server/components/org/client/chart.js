// The interactive org chart (first-party module, bundled with esbuild; CSP: script-src 'self').
// One chart API call per view; d3-zoom for pan and zoom (mouse, touch, and keys); the chart is an
// ARIA tree (arrows move, Enter opens, Space toggles, * expands siblings) with a list view holding
// the same content; search focuses and highlights; exports in SVG, PNG and PDF.
import { select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import { BOX, drawing, fill, graft, hasBelow, itemsFromNodes, itemsFromPeople, layout, setLabels, standaloneSvg, walk } from './tree.js';

/** Levels shown at first, deeper ones while the chart stays under this many boxes. */
const FIRST_LEVELS = 2;
const FIRST_BOXES = 80;
const MIN_START_SCALE = 0.6;

const app = document.querySelector('[data-org-chart-app]');
if (app) start(app).catch((error) => status(app, app.__labels?.failed ?? 'Error', error));

function status(root, text, error) {
  root.querySelector('.oc-status').textContent = text;
  if (error) console.error(error);
}

async function start(root) {
  const labels = JSON.parse(root.querySelector('.oc-labels').textContent);
  root.__labels = labels;
  setLabels(labels);
  const kind = root.dataset.kind;
  const api = root.dataset.api;
  const data = await fetchJson(api);
  const entityId = data.entity?.id;
  const toModel = (answer) => (kind === 'nodes' ? itemsFromNodes(answer, labels, entityId) : itemsFromPeople(answer, labels));
  const model = toModel(data);
  // Several top nodes hang under the entity itself, drawn as the first box.
  let top;
  if (model.roots.length === 1) top = model.roots[0];
  else {
    top = { id: `entity-${entityId ?? 'top'}`, kind: 'entity', name: data.entity?.name ?? labels.top, sub: '', initials: (data.entity?.name ?? '?').charAt(0).toUpperCase(), counts: '', childCount: model.roots.length, href: entityId ? `/org/entities/${entityId}` : '#', search: '', children: model.roots, parent: null, lines: [] };
    top.counts = fill(labels.nodeCounts, { direct: 0, total: data.entity?.headcount ?? 0 });
    for (const r of model.roots) r.parent = top;
    model.items.set(top.id, top);
  }
  if (!top) return status(root, labels.empty);

  const open = new Set();
  // Collapsed below a sensible depth: the first levels, then more while the chart stays small.
  let shown = 1;
  let level = [top];
  for (let depth = 0; level.length; depth += 1) {
    const next = level.flatMap((i) => i.children);
    if (depth >= FIRST_LEVELS && shown + next.length > FIRST_BOXES) break;
    if (depth > 0 && shown + next.length > FIRST_BOXES * 3) break;
    for (const i of level) if (i.children.length) open.add(i.id);
    shown += next.length;
    level = next;
  }

  const canvas = root.querySelector('.oc-canvas');
  const list = root.querySelector('.oc-list');
  canvas.innerHTML = `<svg class="oc-svg" xmlns="http://www.w3.org/2000/svg" role="tree" aria-label="${escapeAttr(fill(labels.chartLabel, { title: labels.title }))}"><g class="oc-viewport"><g class="oc-lines"></g><g class="oc-boxes"></g></g></svg>`;
  const svg = canvas.querySelector('svg');
  const viewport = svg.querySelector('.oc-viewport');
  const zoomer = zoom()
    .scaleExtent([0.08, 2.5])
    .filter((event) => (!event.ctrlKey || event.type === 'wheel') && !event.button && !event.target.closest?.('.oc-toggle'))
    .on('zoom', (event) => viewport.setAttribute('transform', event.transform.toString()));
  const surface = select(svg).call(zoomer).on('dblclick.zoom', null);

  let focusedId = top.id;
  let shape;
  let positions = new Map();

  const isOpen = (item) => open.has(item.id);
  const visibleOrder = () => {
    const out = [];
    const visit = (item) => {
      out.push(item);
      if (isOpen(item)) for (const c of item.children) visit(c);
    };
    visit(top);
    return out;
  };
  const levelOf = (item) => {
    let n = 1;
    for (let p = item.parent; p; p = p.parent) n += 1;
    return n;
  };

  function render() {
    shape = layout(top, isOpen);
    const shift = -shape.minX;
    positions = new Map(shape.boxes.map((b) => [b.item.id, { x: b.x + shift, y: b.y }]));
    const { lines, boxes } = drawing(shape, (item) => {
      const siblings = item.parent ? item.parent.children : [item];
      return { level: levelOf(item), setsize: siblings.length, posinset: siblings.indexOf(item) + 1, open: isOpen(item) };
    });
    viewport.querySelector('.oc-lines').innerHTML = lines;
    viewport.querySelector('.oc-boxes').innerHTML = boxes;
    if (!positions.has(focusedId)) focusedId = top.id;
    const focused = svg.querySelector(`[data-id="${cssEscape(focusedId)}"]`);
    focused?.setAttribute('tabindex', '0');
    for (const id of highlighted) svg.querySelector(`[data-id="${cssEscape(id)}"]`)?.classList.add('oc-hit');
    svg.setAttribute('data-boxes', String(shape.boxes.length));
    if (!list.hidden) renderList();
    breadcrumb();
  }

  function centerOn(id, { keepScale = true } = {}) {
    const p = positions.get(id);
    if (!p) return;
    const k = keepScale ? zoomTransform().k : 1;
    const { width, height } = svg.getBoundingClientRect();
    surface.call(zoomer.transform, zoomIdentity.translate(width / 2 - (p.x + BOX.w / 2) * k, height / 3 - (p.y + BOX.h / 2) * k).scale(k));
  }
  const zoomTransform = () => svg.__zoom ?? zoomIdentity;

  /** Keeps a box on screen: pans only when it is (partly) outside the view. */
  function reveal(id) {
    const p = positions.get(id);
    if (!p) return;
    const t = zoomTransform();
    const { width, height } = svg.getBoundingClientRect();
    const x = t.applyX(p.x);
    const y = t.applyY(p.y);
    if (x < 0 || y < 0 || x + BOX.w * t.k > width || y + BOX.h * t.k > height) centerOn(id);
  }

  function fit() {
    const { width, height } = svg.getBoundingClientRect();
    const k = Math.max(0.08, Math.min(1, (width - 20) / shape.width, (height - 20) / shape.height));
    surface.call(zoomer.transform, zoomIdentity.translate((width - shape.width * k) / 2, 10).scale(k));
  }

  function focus(id, { center = false } = {}) {
    const previous = svg.querySelector('[tabindex="0"]');
    previous?.setAttribute('tabindex', '-1');
    focusedId = id;
    const element = svg.querySelector(`[data-id="${cssEscape(id)}"]`);
    if (!element) return;
    element.setAttribute('tabindex', '0');
    element.focus({ preventScroll: true });
    if (center) centerOn(id);
    else reveal(id);
    breadcrumb();
  }

  async function toggle(item, wanted = !isOpen(item)) {
    if (!hasBelow(item)) return;
    if (wanted && !item.children.length && item.childCount > 0 && item.rootHref) {
      // Below the depth this view fetched: one more call for the next levels from here.
      status(root, labels.loading);
      const url = new URL(api, location.origin);
      url.searchParams.set('root', item.id);
      graft(model, item, toModel(await fetchJson(url.pathname + url.search)));
      status(root, '');
    }
    if (wanted) open.add(item.id);
    else open.delete(item.id);
    render();
    focus(item.id);
  }

  function openPathTo(item) {
    for (let p = item.parent; p; p = p.parent) open.add(p.id);
  }

  // ---- keyboard: the ARIA tree pattern, plus panning and zooming ----
  svg.addEventListener('keydown', (event) => {
    const item = model.items.get(focusedId);
    if (!item) return;
    const order = visibleOrder();
    const index = order.indexOf(item);
    const pan = 80;
    if (event.shiftKey && event.key.startsWith('Arrow')) {
      const [dx, dy] = { ArrowLeft: [pan, 0], ArrowRight: [-pan, 0], ArrowUp: [0, pan], ArrowDown: [0, -pan] }[event.key];
      surface.call(zoomer.translateBy, dx / zoomTransform().k, dy / zoomTransform().k);
    } else if (event.key === 'ArrowDown') focus(order[Math.min(order.length - 1, index + 1)].id);
    else if (event.key === 'ArrowUp') focus(order[Math.max(0, index - 1)].id);
    else if (event.key === 'ArrowRight') {
      if (hasBelow(item) && !isOpen(item)) void toggle(item, true);
      else if (isOpen(item) && item.children[0]) focus(item.children[0].id);
    } else if (event.key === 'ArrowLeft') {
      if (isOpen(item)) void toggle(item, false);
      else if (item.parent) focus(item.parent.id);
    } else if (event.key === 'Home') focus(order[0].id);
    else if (event.key === 'End') focus(order[order.length - 1].id);
    else if (event.key === 'Enter') location.assign(item.href);
    else if (event.key === ' ') void toggle(item);
    else if (event.key === '*') {
      for (const sibling of item.parent ? item.parent.children : [item]) if (sibling.children.length) open.add(sibling.id);
      render();
      focus(item.id);
    } else if (event.key === '+' || event.key === '=') surface.call(zoomer.scaleBy, 1.25);
    else if (event.key === '-') surface.call(zoomer.scaleBy, 0.8);
    else if (event.key === '0') fit();
    else return;
    event.preventDefault();
  });

  svg.addEventListener('click', (event) => {
    const toggler = event.target.closest('[data-toggle]');
    if (toggler) return void toggle(model.items.get(toggler.getAttribute('data-toggle')));
    if (event.target.closest('a')) return;
    const box = event.target.closest('[data-id]');
    if (box) focus(box.getAttribute('data-id'));
  });
  svg.addEventListener('focusin', (event) => {
    const box = event.target.closest?.('[data-id]');
    if (box && box.getAttribute('data-id') !== focusedId) focus(box.getAttribute('data-id'));
  });

  // ---- search: focus and highlight ----
  const highlighted = new Set();
  let lastQuery = '';
  let matchIndex = 0;
  root.querySelector('.oc-search').addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = root.querySelector('#oc-q').value.trim().toLowerCase();
    if (!q) return;
    const matches = [...model.items.values()].filter((i) => i.search.includes(q)).sort((a, b) => levelOf(a) - levelOf(b));
    highlighted.clear();
    if (!matches.length) {
      // The view holds only the levels it loaded: a match deeper down is found by the search API
      // (the same visibility rules) and opened as a view of its own, rooted at it.
      const beyond = data.hidden > 0 ? await viewBeyond(q) : null;
      if (beyond) return void window.location.assign(beyond);
      return status(root, fill(labels.noMatch, { q }));
    }
    matchIndex = q === lastQuery ? (matchIndex + 1) % matches.length : 0;
    lastQuery = q;
    for (const m of matches) highlighted.add(m.id);
    const target = matches[matchIndex];
    openPathTo(target);
    render();
    focus(target.id, { center: true });
    status(root, fill(labels.matches, { n: matches.length, name: target.name }));
  });

  async function viewBeyond(q) {
    const answer = await fetchJson(`/api/v1/search?${new URLSearchParams({ q, kind: kind === 'nodes' ? 'nodes' : 'people', limit: '10' })}`).catch(() => null);
    if (kind === 'nodes') {
      const hit = answer?.results?.nodes?.find((h) => h.context?.entityId === entityId);
      return hit ? `/org/entities/${encodeURIComponent(entityId)}/chart?root=${encodeURIComponent(hit.id)}&focus=${encodeURIComponent(hit.id)}` : null;
    }
    const hit = answer?.results?.people?.[0];
    return hit ? `/org/people/chart?root=${encodeURIComponent(hit.id)}` : null;
  }

  // ---- breadcrumb: the view's ancestors (other views), then the path to the focused box ----
  function breadcrumb() {
    const ol = root.querySelector('.oc-breadcrumb ol');
    const item = model.items.get(focusedId) ?? top;
    const path = [];
    for (let p = item; p; p = p.parent) path.unshift(p);
    const outer = (data.ancestors ?? []).map((a) => `<li><a href="${escapeAttr(kind === 'nodes' ? `/org/entities/${entityId}/chart?root=${a.id}` : `/org/people/chart?root=${a.id}`)}">${escapeText(a.name)}</a></li>`);
    const inner = path.map((p, i) => (i === path.length - 1 ? `<li aria-current="location">${escapeText(p.name)}</li>` : `<li><button type="button" class="link" data-crumb="${escapeAttr(p.id)}">${escapeText(p.name)}</button></li>`));
    ol.innerHTML = [...outer, ...inner].join('');
  }
  root.querySelector('.oc-breadcrumb').addEventListener('click', (event) => {
    const crumb = event.target.closest('[data-crumb]');
    if (crumb) focus(crumb.getAttribute('data-crumb'), { center: true });
  });

  // ---- list view: the same tree as nested lists of links ----
  function renderList() {
    const branch = (item) => `<li><a href="${escapeAttr(item.href)}">${escapeText(item.name)}</a> <span class="muted">· ${escapeText(item.sub)} · ${escapeText(item.counts)}</span>${item.children.length ? `<ul>${item.children.map(branch).join('')}</ul>` : ''}</li>`;
    list.innerHTML = `<ul class="tree">${branch(top)}</ul>`;
  }

  // ---- toolbar ----
  const actions = {
    'zoom-in': () => surface.call(zoomer.scaleBy, 1.25),
    'zoom-out': () => surface.call(zoomer.scaleBy, 0.8),
    fit,
    'expand-all': () => {
      walk(top, (i) => i.children.length && open.add(i.id));
      render();
      fit();
    },
    'collapse-all': () => {
      open.clear();
      open.add(top.id);
      render();
      fit();
    },
    list: (button) => {
      list.hidden = !list.hidden;
      canvas.hidden = !list.hidden;
      button.setAttribute('aria-pressed', String(!list.hidden));
      button.textContent = list.hidden ? labels.listView : labels.chartView;
      if (!list.hidden) renderList();
    },
    // Links to other entities, on demand: one more call of this view with links=true.
    links: async (button) => {
      const url = new URL(api, location.origin);
      url.searchParams.set('links', 'true');
      const answer = await fetchJson(url.pathname + url.search);
      for (const n of answer.nodes) {
        const item = model.items.get(n.id);
        if (item && n.links?.length) item.linkNames = n.links.map((l) => l.name);
      }
      button.setAttribute('aria-pressed', 'true');
      render();
    },
    svg: () => download(exportSvg(true), 'image/svg+xml', 'svg'),
    png: () => exportPng(),
    pdf: () => exportPdf(),
  };
  root.querySelector('.oc-toolbar').addEventListener('click', (event) => {
    const button = event.target.closest('[data-act]');
    if (button) void actions[button.getAttribute('data-act')](button);
  });

  // ---- exports: the focused subtree as shown, or the whole chart ----
  const today = () => new Intl.DateTimeFormat(labels.lang, { dateStyle: 'long' }).format(new Date());
  function exportShape() {
    if (root.querySelector('[data-export-scope]').value === 'all') return layout(top, (i) => i.children.length > 0);
    return layout(model.items.get(focusedId) ?? top, isOpen);
  }
  function exportSvg(withFrame) {
    const shape = exportShape();
    const title = exportTitle();
    return { svg: standaloneSvg(shape, labels, { title, date: today(), legend: withFrame }), shape, title };
  }
  const exportTitle = () => {
    const item = model.items.get(focusedId);
    return root.querySelector('[data-export-scope]').value === 'all' || !item || item === top ? labels.title : `${labels.title} · ${item.name}`;
  };
  function download(made, type, extension) {
    const blob = made instanceof Blob ? made : new Blob([made.svg], { type });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${(made.title ?? labels.title).replace(/[\\/:*?"<>|]/g, '-')}.${extension}`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 30_000);
  }
  async function exportPng() {
    const made = exportSvg(true);
    const image = new Image();
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = reject;
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(made.svg)}`;
    });
    // Twice the size for a crisp image, less when a browser's canvas limit would be passed.
    const scale = Math.min(2, 16_000 / Math.max(image.naturalWidth, image.naturalHeight));
    const c = document.createElement('canvas');
    c.width = Math.round(image.naturalWidth * scale);
    c.height = Math.round(image.naturalHeight * scale);
    const context = c.getContext('2d');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const blob = await new Promise((resolve) => c.toBlob(resolve, 'image/png'));
    download(blob, 'image/png', 'png');
  }
  async function exportPdf() {
    status(root, labels.loading);
    const { chartPdf } = await import('./pdf.js');
    const made = exportSvg(false);
    const chartOnly = standaloneSvg(made.shape, labels, { title: made.title, date: today(), legend: false });
    const size = chartOnly.match(/width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/);
    const paper = root.querySelector('[data-paper]').value;
    const { blob, pages } = await chartPdf(chartOnly, { width: Number(size[1]), height: Number(size[2]), paper, title: made.title, date: today(), labels });
    root.dataset.pdfPages = String(pages);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${made.title.replace(/[\\/:*?"<>|]/g, '-')}.pdf`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    status(root, fill(labels.pdfPages, { n: pages }));
  }

  render();
  const focusWanted = root.dataset.focus && model.items.get(root.dataset.focus);
  if (focusWanted) {
    openPathTo(focusWanted);
    render();
    focusedId = focusWanted.id;
  }
  // Readable from the start: fitted when the chart is small, else at a legible scale from the top.
  fit();
  if (zoomTransform().k < MIN_START_SCALE) {
    const { width } = svg.getBoundingClientRect();
    const p = positions.get(top.id);
    surface.call(zoomer.transform, zoomIdentity.translate(width / 2 - (p.x + BOX.w / 2) * MIN_START_SCALE, 12).scale(MIN_START_SCALE));
  }
  if (focusWanted) centerOn(focusWanted.id, { keepScale: false });
  svg.querySelector('[tabindex="0"]')?.setAttribute('tabindex', '0');
  status(root, model.roots.length ? '' : labels.empty);
  root.dataset.ready = 'true';
}

async function fetchJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

const escapeText = (text) => String(text).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
const escapeAttr = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const cssEscape = (id) => (window.CSS?.escape ? CSS.escape(id) : id);

// The chart's model, layout and drawing, shared by the screen and the exports.
// - Model: items (a node or a person) with children, built from one chart API answer.
// - Layout: d3-hierarchy's tidy tree (Reingold-Tilford, as Buchheim et al. made linear) places the
//   boxes; a parent whose shown children are all leaves gets them stacked in columns, each column a
//   chain in the layout so the tidy tree keeps every box apart, as the charting products do.
// - Drawing: one SVG string with presentation attributes only (no style), so the same markup is shown
//   on screen (CSP: no inline style needed) and saved as a standalone SVG.
import { hierarchy, tree } from 'd3-hierarchy';

export const BOX = { w: 220, h: 78, gapX: 22, gapY: 46 };
const STACK_MIN = 4;
/** The page's labels (set once by the chart) for text the boxes build themselves. */
const LABELS = { links: '{names}' };
export const setLabels = (labels) => Object.assign(LABELS, { links: labels.links });

const escapeXml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const clip = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
export const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));
const initialsOf = (first, last) => `${(first || '').charAt(0)}${(last || '').charAt(0)}`.toUpperCase() || '?';
const nameOf = (p) => `${p.firstName} ${p.lastName}`;

/** Items from a node chart answer: one per node, children in the API's order. */
export function itemsFromNodes(data, labels, entityId) {
  const items = new Map();
  for (const n of data.nodes) {
    const lead = n.leads[0];
    items.set(n.id, {
      id: n.id,
      kind: 'node',
      name: n.name,
      sub: n.leads.length ? fill(labels.lead, { names: n.leads.map(nameOf).join(', ') }) : labels.noLead,
      initials: lead ? initialsOf(lead.firstName, lead.lastName) : initialsOf(n.name.split(' ')[0], n.name.split(' ')[1]),
      counts: fill(labels.nodeCounts, { direct: n.memberCount, total: n.totalCount }),
      direct: n.memberCount,
      total: n.totalCount,
      childCount: n.childCount,
      href: `/org/nodes/${n.id}`,
      rootHref: `/org/entities/${entityId}/chart?root=${n.id}`,
      search: `${n.name} ${n.leads.map(nameOf).join(' ')}`.toLowerCase(),
      parentId: n.parentId,
      children: [],
      parent: null,
      lines: [],
    });
  }
  return link(items);
}

/** Items from a people chart answer: one per person, with the dotted and cross lines. */
export function itemsFromPeople(data, labels) {
  const items = new Map();
  for (const p of data.people) {
    items.set(p.id, {
      id: p.id,
      kind: 'person',
      name: nameOf(p),
      sub: [p.title, p.nodeName].filter(Boolean).join(' · '),
      initials: initialsOf(p.firstName, p.lastName),
      counts: fill(labels.personCounts, { direct: p.directReports, total: p.totalReports }),
      direct: p.directReports,
      total: p.totalReports,
      childCount: p.directReports,
      href: `/people/${p.id}`,
      rootHref: `/org/people/chart?root=${p.id}`,
      search: `${nameOf(p)} ${p.title ?? ''} ${p.nodeName ?? ''}`.toLowerCase(),
      parentId: p.managerId,
      edge: p.line,
      children: [],
      parent: null,
      lines: [],
    });
  }
  for (const l of data.lines) items.get(l.to)?.lines.push({ from: l.from, kind: l.kind });
  return link(items);
}

function link(items) {
  const roots = [];
  for (const item of items.values()) {
    const parent = item.parentId ? items.get(item.parentId) : undefined;
    if (parent) {
      item.parent = parent;
      parent.children.push(item);
    } else roots.push(item);
  }
  return { items, roots };
}

/** More items (a deeper view fetched from one of ours) grafted below it. */
export function graft(model, at, more) {
  for (const root of more.roots) {
    for (const child of root.children) {
      if (model.items.has(child.id)) continue;
      child.parent = at;
      at.children.push(child);
      walk(child, (i) => model.items.set(i.id, i));
    }
  }
}

export function walk(item, visit, depth = 0) {
  visit(item, depth);
  for (const child of item.children) walk(child, visit, depth + 1);
}

/** Whether the item has children below it, loaded or not. */
export const hasBelow = (item) => item.children.length > 0 || item.childCount > 0;

/**
 * Positions of the shown boxes: `open(item)` says whether an item's children are shown. Returns
 * boxes (item, x, y as the top-left corner, stacked) and the bounds.
 */
export function layout(root, open) {
  const build = (item) => {
    const node = { item, kids: [] };
    if (!open(item) || !item.children.length) return node;
    const kids = item.children;
    if (kids.length >= STACK_MIN && kids.every((k) => !open(k) || !k.children.length)) {
      // Rows grow with the square root of the count: 83 leaves make 7 columns of 13.
      const rows = Math.max(3, Math.ceil(Math.sqrt(kids.length * 2)));
      for (let c = 0; c * rows < kids.length; c += 1) {
        let previous = null;
        for (const [i, k] of kids.slice(c * rows, (c + 1) * rows).entries()) {
          const chained = { item: k, kids: [], stacked: true, columnTop: i === 0 };
          (previous ? previous.kids : node.kids).push(chained);
          previous = chained;
        }
      }
    } else node.kids = kids.map(build);
    return node;
  };
  const h = hierarchy(build(root), (d) => d.kids);
  tree()
    .nodeSize([BOX.w + BOX.gapX, BOX.h + BOX.gapY])
    .separation((a, b) => (a.parent === b.parent ? 1 : 1.08))(h);
  const boxes = [];
  let minX = Infinity;
  let maxX = -Infinity;
  let maxY = 0;
  h.each((d) => {
    const x = d.x - BOX.w / 2;
    boxes.push({ item: d.data.item, x, y: d.y, stacked: Boolean(d.data.stacked), columnTop: Boolean(d.data.columnTop), above: d.parent?.data.item ?? null });
    minX = Math.min(minX, x - 14);
    maxX = Math.max(maxX, x + BOX.w);
    maxY = Math.max(maxY, d.y + BOX.h + 22);
  });
  return { boxes, minX, width: maxX - minX, height: maxY };
}

const COLORS = { box: '#ffffff', border: '#3557b7', text: '#1b2330', muted: '#4a5568', line: '#8a94a6', avatar: '#dbe4fb', cross: '#b7791f' };

/** The connectors: elbows from each parent, a spine down each stacked column, dotted and cross lines. */
function edges(boxes) {
  const at = new Map(boxes.map((b) => [b.item.id, b]));
  const out = [];
  for (const b of boxes) {
    const parent = b.item.parent ? at.get(b.item.parent.id) : undefined;
    if (!parent) continue;
    // The tree line to a manager reached through a link to another entity is drawn like a cross line.
    const style = b.item.edge === 'cross' ? `stroke="${COLORS.cross}" stroke-dasharray="8 5"` : `stroke="${COLORS.line}"`;
    const px = parent.x + BOX.w / 2;
    const py = parent.y + BOX.h;
    const mid = py + BOX.gapY / 2;
    if (b.stacked) {
      const spine = b.x - 10;
      const y = b.y + BOX.h / 2;
      if (b.columnTop) out.push(`<path d="M${px} ${py} V${mid} H${spine} V${y} H${b.x}" fill="none" ${style} stroke-width="1.5"/>`);
      else {
        const above = at.get(b.above.id);
        out.push(`<path d="M${spine} ${above.y + BOX.h / 2} V${y} H${b.x}" fill="none" ${style} stroke-width="1.5"/>`);
      }
    } else out.push(`<path d="M${px} ${py} V${mid} H${b.x + BOX.w / 2} V${b.y}" fill="none" ${style} stroke-width="1.5"/>`);
  }
  for (const b of boxes) {
    for (const l of b.item.lines) {
      const from = at.get(l.from);
      if (!from) continue;
      const dash = l.kind === 'dotted' ? '2 4' : '8 5';
      const color = l.kind === 'dotted' ? COLORS.line : COLORS.cross;
      const x1 = from.x + BOX.w / 2;
      const y1 = from.y + BOX.h / 2;
      const x2 = b.x + BOX.w / 2;
      const y2 = b.y + BOX.h / 2;
      out.push(`<path class="oc-line-${l.kind}" d="M${x1} ${y1} C${x1} ${(y1 + y2) / 2} ${x2} ${(y1 + y2) / 2} ${x2} ${y2}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="${dash}"/>`);
    }
  }
  return out.join('');
}

/** One box; on screen it is a treeitem (`a11y` gives its ARIA attributes and toggle state). */
function box(b, a11y) {
  const { item } = b;
  const x = b.x;
  const y = b.y;
  const links = item.linkNames?.length ? fill(LABELS.links, { names: item.linkNames.join(', ') }) : '';
  const label = `${item.name}. ${item.sub}. ${item.counts}${links ? `. ${links}` : ''}`;
  const attrs = a11y
    ? ` id="oc-n-${escapeXml(item.id)}" class="oc-node" role="treeitem" data-id="${escapeXml(item.id)}" tabindex="-1" aria-level="${a11y.level}" aria-setsize="${a11y.setsize}" aria-posinset="${a11y.posinset}"${hasBelow(item) ? ` aria-expanded="${a11y.open}"` : ''} aria-label="${escapeXml(label)}"`
    : '';
  const toggle =
    a11y && hasBelow(item)
      ? `<g class="oc-toggle" data-toggle="${escapeXml(item.id)}" aria-hidden="true"><circle cx="${x + BOX.w / 2}" cy="${y + BOX.h + 9}" r="9" fill="#ffffff" stroke="${COLORS.border}" stroke-width="1.2"/><text x="${x + BOX.w / 2}" y="${y + BOX.h + 13}" text-anchor="middle" font-family="sans-serif" font-size="${a11y.open ? 14 : 10}" fill="${COLORS.border}">${a11y.open ? '−' : escapeXml(String(Math.max(item.childCount, item.children.length)))}</text></g>`
      : '';
  const frame = `<rect class="oc-box" x="${x}" y="${y}" width="${BOX.w}" height="${BOX.h}" rx="8" fill="${COLORS.box}" stroke="${COLORS.border}" stroke-width="1.5"/>`;
  const face = `<circle cx="${x + 26}" cy="${y + 28}" r="17" fill="${COLORS.avatar}"/>
<text x="${x + 26}" y="${y + 33}" text-anchor="middle" font-family="sans-serif" font-size="13" font-weight="bold" fill="${COLORS.border}">${escapeXml(item.initials)}</text>
<a href="${escapeXml(item.href)}" tabindex="-1"${a11y ? ' pointer-events="auto"' : ''}><text class="oc-name" x="${x + 52}" y="${y + 24}" font-family="sans-serif" font-size="14" font-weight="bold" fill="${COLORS.text}">${escapeXml(clip(item.name, 21))}</text></a>
<text x="${x + 52}" y="${y + 43}" font-family="sans-serif" font-size="11.5" fill="${COLORS.text}">${escapeXml(clip(item.sub, 27))}</text>
<text x="${x + 12}" y="${y + 66}" font-family="sans-serif" font-size="11" fill="${COLORS.muted}">${escapeXml(item.counts)}</text>${
    links ? `<text class="oc-links" x="${x + BOX.w - 10}" y="${y + 66}" text-anchor="end" font-family="sans-serif" font-size="11" fill="${COLORS.cross}">↔ ${item.linkNames.length}</text>` : ''
  }`;
  if (!a11y) return `<g><title>${escapeXml(label)}</title>\n${frame}\n${face}</g>`;
  // On screen the treeitem holds the frame alone and is named by its label in full; what the box
  // shows (initials, a shortened name, a link count, the toggle) is drawn over it, hidden from
  // assistive technology and transparent to the pointer (but the name's link). Drawn inside the
  // treeitem, the shortened name would not be part of the item's name (WCAG 2.5.3, Label in Name).
  return `<g${attrs}><title>${escapeXml(label)}</title>${frame}</g><g class="oc-face" aria-hidden="true" pointer-events="none">${face}</g>${toggle}`;
}

/** The boxes and lines of a layout, moved so its left edge is at 0. */
export function drawing(shape, a11yOf) {
  const shift = -shape.minX;
  const moved = shape.boxes.map((b) => ({ ...b, x: b.x + shift }));
  return { lines: edges(moved), boxes: moved.map((b) => box(b, a11yOf ? a11yOf(b.item) : null)).join('\n') };
}

/** A standalone SVG of a layout: title and date above, the legend below (exports). */
export function standaloneSvg(shape, labels, { title, date, legend = true }) {
  const { lines, boxes } = drawing(shape);
  const top = 54;
  const legendH = legend ? 58 : 0;
  const width = Math.max(shape.width + 40, 760);
  const height = top + shape.height + legendH + 20;
  const legendY = top + shape.height + 24;
  const sample = (x, dash, color, text) =>
    `<path d="M${x} ${legendY + 22} h36" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/><text x="${x + 44}" y="${legendY + 26}" font-family="sans-serif" font-size="12" fill="${COLORS.text}">${escapeXml(text)}</text>`;
  const legendMarkup = legend
    ? `<g class="oc-legend"><text x="20" y="${legendY + 4}" font-family="sans-serif" font-size="12" font-weight="bold" fill="${COLORS.text}">${escapeXml(labels.legendTitle)}</text>${sample(20, '', COLORS.line, labels.legendSolid)}${sample(220, '2 4', COLORS.line, labels.legendDotted)}${sample(460, '8 5', COLORS.cross, labels.legendCross)}<text x="20" y="${legendY + 48}" font-family="sans-serif" font-size="11" fill="${COLORS.muted}">${escapeXml(labels.legendBox)}</text></g>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<title>${escapeXml(title)}</title>
<rect x="0" y="0" width="${width}" height="${height}" fill="#f7f8fa"/>
<text x="20" y="28" font-family="sans-serif" font-size="18" font-weight="bold" fill="${COLORS.text}">${escapeXml(title)}</text>
<text x="20" y="46" font-family="sans-serif" font-size="12" fill="${COLORS.muted}">${escapeXml(fill(labels.printed, { date }))}</text>
<g transform="translate(20 ${top})">${lines}${boxes}</g>
${legendMarkup}
</svg>`;
}

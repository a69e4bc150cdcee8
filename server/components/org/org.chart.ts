// The visual org chart of one entity, as SVG built on the server: one box per node with its leads
// and member count, and a line from each node up to its parent (the reporting line between their
// leads). Boxes are links, so the chart works with the keyboard (Tab, and arrows via org.js); the
// same SVG is the "export SVG" download, and the browser rasterises it for "export PNG".
// Presentation attributes only (no style attribute or element), so it is CSP-clean inline too.
import { escapeHtml } from '../../web/html.js';
import type { NodeSummary } from './org.repository.js';

const BOX_W = 200;
const BOX_H = 70;
const GAP_X = 24;
const GAP_Y = 56;
const MARGIN = 20;

interface Placed {
  node: NodeSummary;
  x: number;
  y: number;
  depth: number;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Leaves take the next free slot left to right; a parent sits centred above its children. */
function layout(nodes: NodeSummary[]): { placed: Placed[]; width: number; height: number } {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, NodeSummary[]>();
  for (const n of nodes) {
    const parent = n.parentId && ids.has(n.parentId) ? n.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const placed: Placed[] = [];
  let slot = 0;
  let maxDepth = 0;
  const visit = (node: NodeSummary, depth: number, seen: Set<string>): number => {
    maxDepth = Math.max(maxDepth, depth);
    const kids = (children.get(node.id) ?? []).filter((k) => !seen.has(k.id));
    let x: number;
    if (!kids.length) {
      x = slot++;
    } else {
      const xs = kids.map((k) => visit(k, depth + 1, new Set([...seen, k.id])));
      x = (xs[0]! + xs[xs.length - 1]!) / 2;
    }
    placed.push({ node, x, y: depth, depth });
    return x;
  };
  for (const root of children.get(null) ?? []) visit(root, 0, new Set([root.id]));
  return {
    placed,
    width: MARGIN * 2 + Math.max(1, slot) * (BOX_W + GAP_X) - GAP_X,
    height: MARGIN * 2 + (maxDepth + 1) * (BOX_H + GAP_Y) - GAP_Y,
  };
}

export interface ChartLabels {
  title: string;
  lead: (names: string) => string;
  noLead: string;
  members: (count: number) => string;
  total: (count: number) => string;
  empty: string;
}

export function orgChartSvg(nodes: NodeSummary[], labels: ChartLabels, options: { standalone?: boolean } = {}): string {
  const { placed, width, height } = layout(nodes);
  const px = (slotX: number) => MARGIN + slotX * (BOX_W + GAP_X);
  const py = (depth: number) => MARGIN + depth * (BOX_H + GAP_Y);
  const at = new Map(placed.map((p) => [p.node.id, p]));
  // Reading order for keyboard users: top to bottom, left to right.
  const ordered = [...placed].sort((a, b) => a.depth - b.depth || a.x - b.x);
  const lines = placed
    .filter((p) => p.node.parentId && at.has(p.node.parentId))
    .map((p) => {
      const parent = at.get(p.node.parentId!)!;
      const x1 = px(parent.x) + BOX_W / 2;
      const y1 = py(parent.depth) + BOX_H;
      const x2 = px(p.x) + BOX_W / 2;
      const y2 = py(p.depth);
      const mid = (y1 + y2) / 2;
      return `<path d="M${x1} ${y1} V${mid} H${x2} V${y2}" fill="none" stroke="#8a94a6" stroke-width="1.5"/>`;
    });
  const boxes = ordered.map(({ node, x, depth }) => {
    const leads = node.leads.map((l) => `${l.firstName} ${l.lastName}`).join(', ');
    const leadLine = leads ? labels.lead(leads) : labels.noLead;
    const counts = `${labels.members(node.memberCount)} · ${labels.total(node.totalCount)}`;
    const label = `${node.name}. ${leadLine}. ${counts}`;
    const bx = px(x);
    const by = py(depth);
    // The link holds the frame alone and is named by the label in full; the box's words (a long name
    // shortened) are drawn over it, hidden from assistive technology and transparent to the pointer:
    // inside the link, a shortened name would not be part of the link's name (WCAG 2.5.3, Label in Name).
    return `<a href="/org/nodes/${escapeHtml(node.id)}" class="chart-node" data-node-id="${escapeHtml(node.id)}" aria-label="${escapeHtml(label)}">
<title>${escapeHtml(label)}</title>
<rect x="${bx}" y="${by}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="#ffffff" stroke="#3557b7" stroke-width="1.5"/>
</a><g aria-hidden="true" pointer-events="none">
<text x="${bx + 10}" y="${by + 22}" font-family="sans-serif" font-size="14" font-weight="bold" fill="#1b2330">${escapeHtml(clip(node.name, 24))}</text>
<text x="${bx + 10}" y="${by + 42}" font-family="sans-serif" font-size="12" fill="#1b2330">${escapeHtml(clip(leadLine, 30))}</text>
<text x="${bx + 10}" y="${by + 60}" font-family="sans-serif" font-size="11" fill="#4a5568">${escapeHtml(counts)}</text>
</g>`;
  });
  const body = placed.length
    ? `${lines.join('\n')}\n${boxes.join('\n')}`
    : `<text x="${MARGIN}" y="${MARGIN + 20}" font-family="sans-serif" font-size="14" fill="#4a5568">${escapeHtml(labels.empty)}</text>`;
  const prolog = options.standalone ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '';
  return `${prolog}<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="${escapeHtml(labels.title)}" class="org-chart">
<title>${escapeHtml(labels.title)}</title>
<rect x="0" y="0" width="${width}" height="${height}" fill="#f7f8fa"/>
${body}
</svg>`;
}

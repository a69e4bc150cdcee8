// PDF export with jsPDF (MIT), loaded only when asked for: the chart's SVG is drawn once as an image
// and cut into landscape pages (A4 or Letter) at a scale where the text stays readable, each page with
// the title, the date, its number and the legend.
import { jsPDF } from 'jspdf';
import { fill } from './tree.js';

const PAPER = { a4: [841.89, 595.28], letter: [792, 612] };
const MARGIN = 28;
const HEADER = 34;
const FOOTER = 30;
/** Points per chart pixel: never smaller (text would be unreadable), never larger than print size. */
const MIN_SCALE = 0.45;
const MAX_SCALE = 0.75;

/** How a chart of width x height (px) is cut into pages. */
export function pagePlan(width, height, paper) {
  const [pageW, pageH] = PAPER[paper] ?? PAPER.a4;
  const areaW = pageW - 2 * MARGIN;
  const areaH = pageH - 2 * MARGIN - HEADER - FOOTER;
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.min(areaW / width, areaH / height)));
  const cols = Math.max(1, Math.ceil((width * scale) / areaW - 1e-9));
  const rows = Math.max(1, Math.ceil((height * scale) / areaH - 1e-9));
  return { pageW, pageH, areaW, areaH, scale, cols, rows, pages: cols * rows };
}

function loadImage(svg) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the chart image could not be drawn'));
    // data: (the CSP allows images from 'self' and data: only).
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

/** The PDF as a Blob, and its page count. `svg` is the chart without title or legend. */
export async function chartPdf(svg, { width, height, paper, title, date, labels }) {
  const plan = pagePlan(width, height, paper);
  const image = await loadImage(svg);
  const doc = new jsPDF({ orientation: 'landscape', unit: 'pt', format: [plan.pageW, plan.pageH], compress: true });
  const pxPerPt = 2; // sharp enough on paper, small enough to stay fast
  const tileW = plan.areaW / plan.scale;
  const tileH = plan.areaH / plan.scale;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(plan.areaW * pxPerPt);
  canvas.height = Math.round(plan.areaH * pxPerPt);
  const context = canvas.getContext('2d');
  let page = 0;
  for (let row = 0; row < plan.rows; row += 1) {
    for (let col = 0; col < plan.cols; col += 1) {
      page += 1;
      if (page > 1) doc.addPage([plan.pageW, plan.pageH], 'landscape');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      const k = canvas.width / tileW;
      context.setTransform(k, 0, 0, k, -col * tileW * k, -row * tileH * k);
      context.drawImage(image, 0, 0, width, height);
      context.setTransform(1, 0, 0, 1, 0, 0);
      doc.addImage(canvas.toDataURL('image/jpeg', 0.92), 'JPEG', MARGIN, MARGIN + HEADER, plan.areaW, plan.areaH);
      doc.setFont('helvetica', 'bold');
      doc.setFontSize(13);
      doc.text(title, MARGIN, MARGIN + 14);
      doc.setFont('helvetica', 'normal');
      doc.setFontSize(9);
      doc.text(`${fill(labels.printed, { date })} · ${fill(labels.page, { i: page, n: plan.pages })}`, MARGIN, MARGIN + 27);
      legend(doc, labels, plan);
    }
  }
  return { blob: doc.output('blob'), pages: plan.pages };
}

function legend(doc, labels, plan) {
  const y = plan.pageH - MARGIN - 8;
  const sample = (x, dash, color, text) => {
    doc.setDrawColor(...color);
    doc.setLineWidth(1.2);
    doc.setLineDashPattern(dash, 0);
    doc.line(x, y - 3, x + 26, y - 3);
    doc.setLineDashPattern([], 0);
    doc.text(text, x + 32, y);
    return x + 40 + doc.getTextWidth(text);
  };
  doc.setFontSize(8);
  doc.setTextColor(27, 35, 48);
  let x = doc.getTextWidth(labels.legendTitle) + MARGIN + 8;
  doc.text(`${labels.legendTitle}:`, MARGIN, y);
  x = sample(x, [], [138, 148, 166], labels.legendSolid);
  x = sample(x, [1.5, 3], [138, 148, 166], labels.legendDotted);
  x = sample(x, [6, 4], [183, 121, 31], labels.legendCross);
  doc.text(labels.legendBox, x, y);
}

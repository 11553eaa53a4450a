/** A design's thumbnail as a small SVG (the shapes from model/thumbnail.js; colours in
 * css/my-designs.css by class), decorative: the card's text says what it is. */
import { thumbnailShapes } from '../model/thumbnail.js';

const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export function thumbnail(outline, { testid } = {}) {
  const shapes = thumbnailShapes(outline);
  const svg = el('svg', { class: `thumb${shapes.empty ? ' thumb-empty' : ''}`, viewBox: shapes.viewBox.join(' '), preserveAspectRatio: 'xMidYMid meet', 'aria-hidden': 'true', focusable: 'false' });
  if (testid) svg.setAttribute('data-testid', testid);
  for (const r of shapes.regions) svg.append(el('rect', { class: 'thumb-region', x: r.x, y: r.y, width: r.w, height: r.h, rx: 16 }));
  for (const a of shapes.azs) svg.append(el('rect', { class: 'thumb-az', x: a.x, y: a.y, width: a.w, height: a.h, rx: 10 }));
  for (const n of shapes.nodes) svg.append(el('rect', { class: `thumb-node thumb-${n.family}`, x: n.x, y: n.y, width: n.w, height: n.h, rx: 12 }));
  if (shapes.empty) {
    const t = el('text', { class: 'thumb-empty-text', x: 200, y: 120, 'text-anchor': 'middle' });
    t.textContent = 'Empty canvas';
    svg.append(t);
  }
  return svg;
}

/**
 * The JointJS shapes of the canvas: a component card, a Region, its band of regional services,
 * an AZ column. Text is set through attrs `text` (JointJS writes it with textContent). Live
 * figures of the nodes are not here: live/node-figures.js draws them in an SVG layer of its own over
 * the diagram, which ignores the pointer so touch drags go through (FIELD-NOTES.md).
 */
import { NODE_W, NODE_H } from '../model/layout.js';

const { dia } = window.joint;

// A card's name (one line) and subtitle (up to two lines, so "Application Load Balancer ·
// us-east-1a" is read whole at 1280x720) end short of the connection handle on the card's right
// edge (r 9 at x = NODE_W); the card's <title> (sync.js: the body's `title`) holds the full text.
const HANDLE_R = 9;
export const TEXT_X = 56;
export const TEXT_W = NODE_W - HANDLE_R - 4 - TEXT_X;

export const Node = dia.Element.define('pg.Node', {
  size: { width: NODE_W, height: NODE_H },
  attrs: {
    body: { width: 'calc(w)', height: 'calc(h)', rx: 12, ry: 12, fill: '#ffffff', stroke: '#94a3b8', strokeWidth: 2 },
    accent: { x: 0, y: 8, width: 4, height: 'calc(h - 16)', rx: 2, fill: '#94a3b8', pointerEvents: 'none' },
    icon: { x: 12, y: 14, width: 36, height: 36, pointerEvents: 'none' },
    label: { x: TEXT_X, y: 25, fontSize: 15, fontWeight: 700, fill: '#0f172a', pointerEvents: 'none', textWrap: { width: TEXT_W, maxLineCount: 1, ellipsis: true } },
    sub: { x: TEXT_X, y: 31, fontSize: 12, lineHeight: 14, textVerticalAnchor: 'top', fill: '#475569', pointerEvents: 'none', textWrap: { width: TEXT_W, maxLineCount: 2, ellipsis: true } },
    handle: { cx: 'calc(w)', cy: 'calc(h/2)', r: HANDLE_R, fill: '#ffffff', stroke: '#2563eb', strokeWidth: 2.5, magnet: true, cursor: 'crosshair', class: 'pg-handle' },
    badge: { transform: `translate(${NODE_W - 10}, -10)`, display: 'none', class: 'pg-badge' },
    badgeDot: { r: 12, fill: '#b91c1c', stroke: '#fff', strokeWidth: 2 },
    badgeText: { text: '!', fill: '#fff', fontSize: 16, fontWeight: 800, textAnchor: 'middle', y: 6, pointerEvents: 'none' },
  },
}, {
  markup: [
    { tagName: 'rect', selector: 'body' },
    { tagName: 'rect', selector: 'accent' },
    { tagName: 'image', selector: 'icon' },
    { tagName: 'text', selector: 'label' },
    { tagName: 'text', selector: 'sub' },
    { tagName: 'circle', selector: 'handle' },
    { tagName: 'g', selector: 'badge', children: [
      { tagName: 'circle', selector: 'badgeDot' },
      { tagName: 'text', selector: 'badgeText' },
    ] },
  ],
});

export const Region = dia.Element.define('pg.Region', {
  attrs: {
    body: { width: 'calc(w)', height: 'calc(h)', rx: 16, ry: 16, fill: '#f8fafc', stroke: '#334155', strokeWidth: 2 },
    header: { width: 'calc(w)', height: 40, rx: 16, ry: 16, fill: '#e2e8f0' },
    headerFix: { y: 24, width: 'calc(w)', height: 16, fill: '#e2e8f0' },
    title: { x: 16, y: 27, fontSize: 17, fontWeight: 800, fill: '#0f172a' },
    tag: { x: 'calc(w - 16)', y: 26, fontSize: 13, fontWeight: 600, fill: '#475569', textAnchor: 'end', text: 'REGION' },
  },
}, {
  markup: [
    { tagName: 'rect', selector: 'body' },
    { tagName: 'rect', selector: 'header' },
    { tagName: 'rect', selector: 'headerFix' },
    { tagName: 'text', selector: 'title' },
    { tagName: 'text', selector: 'tag' },
  ],
});

export const Band = dia.Element.define('pg.Band', {
  attrs: {
    body: { width: 'calc(w)', height: 'calc(h)', rx: 10, ry: 10, fill: '#ffffff', stroke: '#cbd5e1', strokeWidth: 1.5, strokeDasharray: '2 4' },
    title: { x: 'calc(w - 10)', y: 'calc(h - 8)', fontSize: 12, fill: '#64748b', textAnchor: 'end', text: 'regional services' },
  },
}, {
  markup: [{ tagName: 'rect', selector: 'body' }, { tagName: 'text', selector: 'title' }],
});

export const AZ = dia.Element.define('pg.AZ', {
  attrs: {
    body: { width: 'calc(w)', height: 'calc(h)', rx: 10, ry: 10, fill: '#eef6ff', stroke: '#3b82f6', strokeWidth: 1.5, strokeDasharray: '6 4' },
    title: { x: 12, y: 20, fontSize: 14, fontWeight: 700, fill: '#1e3a8a' },
    tag: { x: 'calc(w - 10)', y: 20, fontSize: 12, fill: '#1e40af', textAnchor: 'end', text: 'AZ' },
  },
}, {
  markup: [
    { tagName: 'rect', selector: 'body' },
    { tagName: 'text', selector: 'title' },
    { tagName: 'text', selector: 'tag' },
  ],
});

export const Edge = dia.Link.define('pg.Edge', {
  attrs: {
    wrapper: { connection: true, strokeWidth: 16, stroke: 'transparent', strokeLinejoin: 'round', cursor: 'pointer' },
    line: { connection: true, stroke: '#475569', strokeWidth: 2.5, strokeLinejoin: 'round', fill: 'none',
      targetMarker: { type: 'path', d: 'M 12 -6 0 0 12 6 z', fill: '#475569', stroke: 'none' } },
  },
}, {
  markup: [
    { tagName: 'path', selector: 'wrapper', attributes: { fill: 'none' } },
    { tagName: 'path', selector: 'line', attributes: { fill: 'none', 'pointer-events': 'none' } },
  ],
});

export const cellNamespace = { pg: { Node, Region, Band, AZ, Edge }, standard: window.joint.shapes.standard };

/**
 * Projector mode, the parts without a DOM (node --test covers them): whether a page opens in it,
 * the address that says so, and the contrast of a text colour on its background (WCAG 2.x).
 */

export const STORAGE_KEY = 'playground:projector';
export const PARAM = 'projector';

/** `?projector=1` / `?projector=0` (also true/false, on/off, yes/no); null when absent or not one of these. */
export function paramValue(search) {
  const raw = new URLSearchParams(search || '').get(PARAM);
  if (raw === null) return null;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no'].includes(v)) return false;
  return null;
}

/** On or off at page load: the address decides when it says, else the last choice on this browser. */
export function projectorWanted(search, stored) {
  const fromUrl = paramValue(search);
  if (fromUrl !== null) return fromUrl;
  return stored === '1';
}

/** The address after a toggle: the parameter follows the mode, so a reload keeps what is shown
 * and the address can be copied as it is; the other parameters are kept as they were. */
export function urlWith(href, on) {
  const url = new URL(href);
  if (on) url.searchParams.set(PARAM, '1');
  else url.searchParams.delete(PARAM);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `rgb(r, g, b)` / `rgba(r, g, b, a)` / `#rrggbb` / `#rgb` as [r, g, b, a], or null. */
export function parseColour(css) {
  const s = String(css || '').trim().toLowerCase();
  let m = s.match(/^#([0-9a-f]{3})$/);
  if (m) return [...m[1]].map((c) => parseInt(c + c, 16)).concat(1);
  m = s.match(/^#([0-9a-f]{6})$/);
  if (m) return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16)).concat(1);
  m = s.match(/^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/);
  if (!m) return null;
  let a = m[4] === undefined ? 1 : parseFloat(m[4]);
  if (m[4]?.endsWith('%')) a /= 100;
  return [Number(m[1]), Number(m[2]), Number(m[3]), a];
}

function luminance([r, g, b]) {
  const lin = (c) => { const x = c / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** A colour with alpha painted over an opaque background. */
export function over(fg, bg) {
  const a = fg[3] ?? 1;
  return [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a)).concat(1);
}

/** WCAG contrast ratio (1..21) of text colour `fg` on background `bg` (CSS colour strings). */
export function contrastRatio(fg, bg) {
  const b = parseColour(bg);
  const f = parseColour(fg);
  if (!b || !f) return null;
  const back = over(b, [255, 255, 255, 1]);
  const l1 = luminance(over(f, back));
  const l2 = luminance(back);
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}

/** WCAG AA: 4.5:1 for body text, 3:1 for large text (24 px, or 18.66 px bold). */
export function meetsAA(ratio, { px = 16, bold = false } = {}) {
  const large = px >= 24 || (bold && px >= 18.66);
  return ratio >= (large ? 3 : 4.5);
}

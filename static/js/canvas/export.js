/**
 * The diagram as a picture of its own: a standalone SVG (icons are data URIs already, styles
 * inlined, the view's transform and the editing handles dropped, on the canvas's background
 * colour), and a PNG rendered from it.
 */
const SVG = 'http://www.w3.org/2000/svg';
const PAD = 24;

/** `svgEl`: the paper's SVG; `b`: the diagram's bounds {x, y, w, h}; `css`: extra rules. */
export function diagramSVG(svgEl, b, css = '') {
  const svg = svgEl.cloneNode(true);
  const box = { x: b.x - PAD, y: b.y - PAD, width: b.w + 2 * PAD, height: b.h + 2 * PAD };
  svg.setAttribute('xmlns', SVG);
  svg.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
  svg.setAttribute('width', String(Math.round(box.width)));
  svg.setAttribute('height', String(Math.round(box.height)));
  svg.removeAttribute('style');
  for (const g of svg.querySelectorAll('[transform]')) if (g.classList.contains('joint-layers') || g.getAttribute('class')?.includes('joint-layers')) g.removeAttribute('transform');
  const layers = svg.querySelector('.joint-layers');
  if (layers) layers.removeAttribute('transform');
  for (const el of svg.querySelectorAll('.pg-handle, .joint-tools-layer, .joint-highlighters-layer')) el.remove();
  const style = document.createElementNS(SVG, 'style');
  style.textContent = `text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}${css}`;
  svg.insertBefore(style, svg.firstChild);
  const bg = document.createElementNS(SVG, 'rect');
  Object.entries({ ...box, fill: '#f1f5f9' }).forEach(([k, v]) => bg.setAttribute(k, String(v)));
  svg.insertBefore(bg, style.nextSibling);
  return new XMLSerializer().serializeToString(svg);
}

/** An SVG string drawn onto a bitmap `scale` times its size, as a PNG Blob. */
export async function svgToPNG(text, scale = 2) {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  await new Promise((ok, fail) => { img.onload = ok; img.onerror = fail; img.src = url; });
  const c = document.createElement('canvas');
  c.width = img.width * scale;
  c.height = img.height * scale;
  const ctx = c.getContext('2d');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0);
  URL.revokeObjectURL(url);
  return new Promise((ok) => c.toBlob(ok, 'image/png'));
}

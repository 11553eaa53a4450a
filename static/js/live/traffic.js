/**
 * The traffic sliders in the live panel: one per client node, from none to five times its
 * designed rate (at least 100 req/s), sent to the run as "set" a moment after the slider stops.
 * A viewer has none.
 */
import { h, clear } from '../panels/dom.js';

const SEND_AFTER_MS = 120;

export class TrafficSliders {
  /** setRate(nodeId, rate): sends the change to the run. */
  constructor(editor, setRate) {
    this.editor = editor;
    this.setRate = setRate;
    this.el = h('div', { class: 'traffic' });
  }

  render({ watching = false } = {}) {
    clear(this.el);
    const clients = this.editor.design.nodes.filter((n) => n.kind === 'client');
    if (!clients.length || watching) return;
    const prop = this.editor.catalogue.prop('client', 'rate') || { default: 10, max: 50000 };
    for (const c of clients) this.el.append(this.slider(c, prop));
  }

  slider(client, prop) {
    const base = Number(client.props?.rate ?? prop.default ?? 10);
    const max = Math.min(prop.max ?? 50000, Math.max(100, Math.ceil(base * 5)));
    const out = h('output', { text: `${base} req/s` });
    const name = client.label || client.id;
    const slider = h('input', { type: 'range', min: 0, max, step: Math.max(1, Math.round(max / 200)), value: base, 'data-testid': `traffic-${client.id}`, 'aria-label': `Traffic from ${name}` });
    let timer = null;
    slider.addEventListener('input', () => {
      out.textContent = `${slider.value} req/s`;
      clearTimeout(timer);
      timer = setTimeout(() => this.setRate(client.id, Number(slider.value)), SEND_AFTER_MS);
    });
    return h('label', { class: 'traffic-row' }, h('span', { class: 'traffic-label', text: `Traffic · ${name}` }), slider, out);
  }
}

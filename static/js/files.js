/** Import and export: the design as JSON; the picture as SVG or PNG. */
import { restore, serialize } from './model/design.js';
import { ReplaceDesignCommand } from './commands/index.js';

export const CANVAS_EXPORT_CSS = '.pg-handle{display:none}';

function download(name, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

const slug = (s) => String(s || 'design').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'design';

export function bindFileMenu({ editor, canvas, readOnly }) {
  const btn = document.getElementById('file-btn');
  const menu = document.getElementById('file-menu');
  const file = document.getElementById('import-file');
  // The menu is position: fixed (the top bar clips whatever overflows it): placed under the button.
  const toggle = (open) => {
    if (open) { const r = btn.getBoundingClientRect(); menu.style.left = `${Math.round(r.left)}px`; menu.style.top = `${Math.round(r.bottom + 6)}px`; }
    menu.hidden = !open;
    btn.setAttribute('aria-expanded', String(open));
  };
  btn.addEventListener('click', (e) => { e.stopPropagation(); toggle(menu.hidden); });
  document.addEventListener('click', () => toggle(false));
  // Escape closes it (the focus back on its button); the arrow keys move between its items.
  document.addEventListener('keydown', (e) => {
    if (menu.hidden) return;
    const items = [...menu.querySelectorAll('.menu-item:not([hidden]):not([disabled])')];
    if (e.key === 'Escape') { e.stopPropagation(); toggle(false); btn.focus(); return; }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = items.indexOf(document.activeElement);
    items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  }, true);
  const name = () => slug(editor.design.name);
  document.getElementById('export-json').addEventListener('click', () => {
    download(`${name()}.json`, new Blob([JSON.stringify(serialize(editor.design), null, 2)], { type: 'application/json' }));
  });
  document.getElementById('export-svg').addEventListener('click', () => {
    download(`${name()}.svg`, new Blob([canvas.toSVG(CANVAS_EXPORT_CSS)], { type: 'image/svg+xml' }));
  });
  document.getElementById('export-png').addEventListener('click', async () => {
    try { download(`${name()}.png`, await canvas.toPNG(CANVAS_EXPORT_CSS)); } catch (err) { editor.toast(`PNG export failed: ${err.message}`, 'error'); }
  });
  const importBtn = document.getElementById('import-json');
  importBtn.disabled = readOnly;
  importBtn.addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const f = file.files[0];
    file.value = '';
    if (!f) return;
    try {
      const doc = restore(JSON.parse(await f.text()));
      editor.execute(new ReplaceDesignCommand(editor, doc, `Import ${f.name}`));
      editor.clearSelection();
      canvas.fit();
      editor.toast(`Imported ${f.name}. Undo puts the previous design back.`, 'ok');
    } catch (err) {
      editor.toast(`Not imported: ${err.message}`, 'error');
    }
  });
}

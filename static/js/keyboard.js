/** Keyboard shortcuts. Typing in a field is never a shortcut. */
import { copyFragment, pasteCells, FRAGMENT_TYPE } from './model/clipboard.js';
import { AddCellsCommand, RemoveCellsCommand } from './commands/index.js';
import { fmtCount } from './model/words.js';

export function bindKeyboard(editor, canvas, { save } = {}) {
  let clipboard = null;
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (t && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName))) return;
    if (document.querySelector('dialog[open]')) return;
    const mod = e.ctrlKey || e.metaKey;
    const k = e.key.toLowerCase();
    const design = canvas.mode === 'design';
    if (mod && k === 'z' && !e.shiftKey) { e.preventDefault(); if (design) editor.undo(); return; }
    if (mod && ((k === 'z' && e.shiftKey) || k === 'y')) { e.preventDefault(); if (design) editor.redo(); return; }
    if (mod && k === 's') { e.preventDefault(); if (save) save(); return; }
    if (mod && k === 'a') { e.preventDefault(); editor.select({ nodes: editor.design.nodes.map((n) => n.id) }); return; }
    if (mod && k === 'c') {
      if (!editor.selection.nodes.length) return;
      clipboard = copyFragment(editor.design, editor.selection.nodes);
      navigator.clipboard?.writeText(JSON.stringify(clipboard)).catch(() => {});
      editor.toast(`Copied ${fmtCount(clipboard.nodes.length, 'component')}.`, 'ok');
      return;
    }
    if (mod && k === 'v') { if (design) paste(); return; }
    if ((k === 'delete' || k === 'backspace') && design) {
      const { nodes, edges } = editor.selection;
      if (nodes.length || edges.length) { e.preventDefault(); editor.execute(new RemoveCellsCommand(editor, { nodes, edges })); }
      return;
    }
    if (mod) return;
    if (k === 'escape') editor.clearSelection();
    else if (k === 'f') canvas.fit();
    else if (k === '+' || k === '=') canvas.zoomBy(1.2);
    else if (k === '-') canvas.zoomBy(1 / 1.2);
  });

  async function paste() {
    let fragment = clipboard;
    try {
      const text = await navigator.clipboard?.readText();
      const parsed = text ? JSON.parse(text) : null;
      if (parsed && parsed.type === FRAGMENT_TYPE) fragment = parsed;
    } catch { /* no permission or not ours: use the in-page copy */ }
    if (!fragment) return;
    const cells = pasteCells(editor.design, fragment);
    if (cells.nodes.length) editor.execute(new AddCellsCommand(editor, cells, `Paste ${cells.nodes.length}`));
    clipboard = { ...fragment, nodes: fragment.nodes.map((n) => ({ ...n, ui: n.ui && { x: n.ui.x + 24, y: n.ui.y + 24 } })) };
  }
}

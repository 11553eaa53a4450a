/**
 * What the command palette offers: the page's own buttons that show and are enabled now (so the
 * palette never offers what the page would refuse), the view, the help, and while editing
 * "Add <component>" for every kind of the catalogue.
 */

const BUTTONS = [
  ['run', 'Run the simulation', 'start play'],
  ['pause', 'Pause the run', ''],
  ['stop', 'Stop the run', 'end'],
  ['check', 'Check the design for problems', 'validate'],
  ['undo', 'Undo', '', 'Ctrl+Z'],
  ['redo', 'Redo', '', 'Ctrl+Shift+Z'],
  ['drawer-btn', 'Goals & story', 'scenario drawer hints'],
  ['projector-btn', 'Projector mode', 'large type class present', 'P'],
  ['fullscreen-btn', 'Full screen', ''],
  ['share', 'Share a read-only link', 'link'],
  ['fork', 'Fork: make my own copy', 'copy open'],
  ['start', 'Start this scenario', 'copy'],
  ['submit', 'Submit to the assignment', 'hand in'],
  ['export-json', 'Export JSON', 'download save file'],
  ['export-svg', 'Export SVG', 'download picture image'],
  ['export-png', 'Export PNG', 'download picture image'],
  ['import-json', 'Import JSON…', 'open file load'],
  ['assign-design', 'Assign to a class…', 'assignment'],
  ['make-scenario', 'Make a scenario…', 'author'],
];

/** A button the page shows and allows now (a File menu item counts while the menu is shut). */
function usable(id) {
  const b = document.getElementById(id);
  if (!b || b.disabled || b.hidden) return null;
  const hiddenAbove = b.parentElement?.closest('[hidden]');
  return hiddenAbove && hiddenAbove.id !== 'file-menu' ? null : b;
}

export function paletteActions({ editor, canvas, openHelp }) {
  const out = [];
  for (const [id, title, words, keys] of BUTTONS) {
    const b = usable(id);
    if (b) out.push({ id, title, words, keys, run: () => b.click() });
  }
  out.push(
    { id: 'fit', title: 'Fit to screen', words: 'view zoom', keys: 'F', run: () => canvas.fit() },
    { id: 'zoom-in', title: 'Zoom in', words: 'view bigger', keys: '+', run: () => canvas.zoomBy(1.2) },
    { id: 'zoom-out', title: 'Zoom out', words: 'view smaller', keys: '−', run: () => canvas.zoomBy(1 / 1.2) },
    { id: 'canvas', title: 'Go to the canvas', words: 'focus keyboard nodes', run: () => canvas.host.focus() },
    { id: 'help', title: 'Keyboard shortcuts and help', words: '? keys', keys: '?', run: openHelp },
    { id: 'gallery', title: 'Open the scenario gallery', words: 'home my designs', run: () => { location.href = '/'; } },
  );
  if (canvas.mode === 'design' && !editor.readOnly) {
    out.push({ id: 'select-all', title: 'Select every component', words: 'all', keys: 'Ctrl+A', run: () => editor.select({ nodes: editor.design.nodes.map((n) => n.id) }) });
    for (const k of editor.catalogue.kinds.values()) {
      out.push({ id: `add-${k.kind}`, title: `Add ${k.label}`, words: `new component ${k.kind} ${k.category || ''}`, run: () => canvas.addKind(k.kind) });
    }
  }
  return out;
}

/**
 * Help and keys: "?" opens the help sheet, Ctrl+K / ⌘K the command palette (also from a text
 * field: it types nothing), and the canvas is reachable and navigable from the keyboard
 * (canvas-keys.js). Elsewhere "?" in a field is typed as usual.
 */
import { openHelpSheet } from './help-sheet.js';
import { openCommandPalette } from './command-palette.js';
import { paletteActions } from './actions.js';
import { bindCanvasKeys } from './canvas-keys.js';

export function bindHelpAndKeys({ editor, canvas }) {
  const openHelp = () => openHelpSheet();
  const openPalette = () => openCommandPalette(paletteActions({ editor, canvas, openHelp }));
  bindCanvasKeys(editor, canvas);
  document.addEventListener('keydown', (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      if (!document.querySelector('dialog[open]')) openPalette();
      return;
    }
    const t = e.target;
    if (t && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName))) return;
    if (document.querySelector('dialog[open]')) return;
    if (e.key === '?' && !mod) { e.preventDefault(); openHelp(); }
  });
  document.addEventListener('pg:help', openHelp);
  for (const el of document.querySelectorAll('[data-action=help]')) el.addEventListener('click', openHelp);
  for (const el of document.querySelectorAll('[data-action=commands]')) el.addEventListener('click', openPalette);
  return { openHelp, openPalette };
}

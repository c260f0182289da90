'use client';
// The campaign editor's own keys, beside those that walk the steps (lib/use-step-keys.ts):
// Ctrl/⌘ Z, Shift Z or Y, C and V undo, redo, copy and paste. Delete and Backspace remove the
// selected steps through React Flow, recorded for undo by the editor's onBeforeDelete.
import { typing } from './use-step-keys.ts';

export function useEditorKeys({
  history,
  copy,
  paste,
}: {
  history: { undo: () => void; redo: () => void };
  copy: () => void;
  paste: () => void;
}) {
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (typing(e) || !(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) history.undo();
    else if ((key === 'z' && e.shiftKey) || key === 'y') history.redo();
    else if (key === 'c') copy();
    else if (key === 'v') paste();
    else return;
    e.preventDefault();
  };
  return { onKeyDown };
}

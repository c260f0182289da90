'use client';
// Undo and redo for the editor: snapshots of the canvas taken before each change. Typing in a
// form field is one step, not one per key: snapshots with the same key within a second merge.
import { useCallback, useRef, useState } from 'react';

const LIMIT = 100;
const MERGE_MS = 1000;

export function useHistory<T>(current: () => T, restore: (snapshot: T) => void) {
  const past = useRef<T[]>([]);
  const future = useRef<T[]>([]);
  const last = useRef<{ key: string; at: number } | undefined>(undefined);
  // Re-render the toolbar when the stacks change, so undo/redo enable and disable.
  const [, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);

  /** Call before a change. `key` names a stream of edits (a form field) that merge. */
  const record = useCallback(
    (key?: string) => {
      const now = Date.now();
      if (key && last.current?.key === key && now - last.current.at < MERGE_MS) {
        last.current.at = now;
        return;
      }
      last.current = key ? { key, at: now } : undefined;
      past.current = [...past.current.slice(-LIMIT + 1), current()];
      future.current = [];
      bump();
    },
    [current],
  );

  /** Undo and redo are one move: take a snapshot off one stack, put the present on the other. */
  const move = useCallback(
    (from: React.RefObject<T[]>, to: React.RefObject<T[]>) => {
      const snapshot = from.current.pop();
      if (snapshot === undefined) return;
      to.current.push(current());
      last.current = undefined;
      restore(snapshot);
      bump();
    },
    [current, restore],
  );
  const undo = useCallback(() => move(past, future), [move]);
  const redo = useCallback(() => move(future, past), [move]);

  return {
    record,
    undo,
    redo,
    canUndo: past.current.length > 0,
    canRedo: future.current.length > 0,
  };
}

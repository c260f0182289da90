'use client';
// Where the steps of a folded canvas stand: folding leaves a gap where the folded steps were, so
// what is drawn with folds is laid out again by elkjs (off the page's thread, as every layout
// here), each fold card one node of its measured size. Without folds the canvas draws the full
// layout (the saved positions, or the cached elkjs layout) untouched. Only what is drawn moves:
// the graph and its draft keep their positions.
import type { Edge, NodeChange, XYPosition } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { layoutWithElk } from './auto-layout.ts';
import type { CanvasNode } from './folding.ts';

type Positions = Map<string, XYPosition>;

/**
 * What decides the folded layout: the cards drawn (a fold card with its measured size) and the
 * edges between them. Counters ticking or a card selected do not lay the canvas out again.
 * Undefined while a fold card is not measured yet: laid out at a guessed size, it would move.
 */
export function foldedLayoutKey(nodes: CanvasNode[], edges: Edge[]): string | undefined {
  const parts: string[] = [];
  for (const n of nodes) {
    if (n.type !== 'fold') parts.push(n.id);
    else if (!n.measured?.width || !n.measured.height) return undefined;
    else parts.push(`${n.id}@${Math.round(n.measured.width)}x${Math.round(n.measured.height)}`);
  }
  for (const e of edges) parts.push(`${e.source}:${e.sourceHandle ?? 'next'}>${e.target}`);
  return parts.join('\n');
}

/**
 * The layout moved so the first card that both draw (the trigger, usually) stays where the full
 * layout has it: folding does not throw the view to another place.
 */
export function anchored(nodes: CanvasNode[], laid: CanvasNode[]): Positions {
  const before = new Map(nodes.map((n) => [n.id, n.position]));
  const anchor = laid.find((n) => n.type !== 'fold' && before.has(n.id));
  const dx = anchor ? before.get(anchor.id)!.x - anchor.position.x : 0;
  const dy = anchor ? before.get(anchor.id)!.y - anchor.position.y : 0;
  return new Map(laid.map((n) => [n.id, { x: n.position.x + dx, y: n.position.y + dy }]));
}

export interface FoldedLayout {
  nodes: CanvasNode[];
  /** Every card stands where it stays (false while the folded view is being laid out). */
  settled: boolean;
  /**
   * A step dragged on the folded canvas moves its card there, and its own (full layout)
   * position by as much: the changes React Flow reports are translated here.
   */
  moved: <C extends NodeChange<CanvasNode>>(changes: C[]) => C[];
}

export function useFoldedLayout(view: { nodes: CanvasNode[]; edges: Edge[] }, folded: boolean) {
  const key = useMemo(
    () => (folded ? foldedLayoutKey(view.nodes, view.edges) : ''),
    [folded, view.nodes, view.edges],
  );
  const [laid, setLaid] = useState<{ key: string; at: Positions }>({ key: '', at: new Map() });
  // Read when the layout arrives: the positions the steps have by then.
  const latest = useRef(view);
  latest.current = view;
  useEffect(() => {
    if (!folded || key === undefined) return;
    let live = true;
    const { nodes, edges } = latest.current;
    layoutWithElk(nodes, edges).then(
      (out) => live && setLaid({ key, at: anchored(nodes, out) }),
      // The folded cards stay where folding put them: the gaps remain, nothing is lost.
      () => live && setLaid({ key, at: new Map() }),
    );
    return () => {
      live = false;
    };
  }, [folded, key]);

  const at = folded ? laid.at : undefined;
  const nodes = useMemo(
    () =>
      at && at.size > 0
        ? view.nodes.map((n) => {
            const p = at.get(n.id);
            return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: p } : n;
          })
        : view.nodes,
    [at, view.nodes],
  );
  const moved = <C extends NodeChange<CanvasNode>>(changes: C[]): C[] => {
    if (!at || at.size === 0) return changes;
    const before = new Map(view.nodes.map((n) => [n.id, n.position]));
    return changes.map((c) => {
      const shown = c.type === 'position' && c.position ? at.get(c.id) : undefined;
      const own = c.type === 'position' ? before.get(c.id) : undefined;
      if (c.type !== 'position' || !c.position || !shown || !own) return c;
      at.set(c.id, c.position);
      const position = { x: own.x + c.position.x - shown.x, y: own.y + c.position.y - shown.y };
      return { ...c, position };
    });
  };
  return { nodes, settled: !folded || (key !== undefined && laid.key === key), moved };
}

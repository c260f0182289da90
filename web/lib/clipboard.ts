// Copy and paste on the canvas, as pure functions: what a copy holds, and the canvas after a
// paste (fresh ids, the copies' own edges, a copied go-to jumping to the copy of its target).
import type { Edge } from '@xyflow/react';
import { flowEdge, stepData, type StepNode, withGotoEdges } from './graph-to-flow.ts';

export type Clip = { nodes: StepNode[]; edges: Edge[] };

/** Pasted steps sit this far right and down of their originals, so both stay visible. */
export const PASTE_OFFSET = 40;

/** The selected steps and the edges between them. */
export function copySelection(nodes: StepNode[], edges: Edge[]): Clip {
  const chosen = nodes.filter((n) => n.selected);
  const ids = new Set(chosen.map((n) => n.id));
  return { nodes: chosen, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

/** The canvas with the clip pasted in: "mail" becomes "mail-copy", then "mail-copy-2"... */
export function pasteClip(nodes: StepNode[], edges: Edge[], clip: Clip): Clip {
  const taken = new Set(nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of clip.nodes) {
    let id = `${n.id}-copy`;
    for (let i = 2; taken.has(id); i++) id = `${n.id}-copy-${i}`;
    taken.add(id);
    rename.set(n.id, id);
  }
  const pasted: StepNode[] = clip.nodes.map((n) => {
    const def = { ...n.data.node, id: rename.get(n.id)! };
    if (def.kind === 'goto') def.target = rename.get(def.target) ?? def.target;
    return {
      ...n,
      id: def.id,
      position: { x: n.position.x + PASTE_OFFSET, y: n.position.y + PASTE_OFFSET },
      data: stepData(def),
      selected: true,
    };
  });
  const nextNodes = [...nodes.map((n) => ({ ...n, selected: false })), ...pasted];
  const copiedEdges = clip.edges
    .filter((e) => e.sourceHandle !== 'goto')
    .map((e) =>
      flowEdge({
        from: rename.get(e.source)!,
        to: rename.get(e.target)!,
        exit: e.sourceHandle ?? 'next',
      }),
    );
  return { nodes: nextNodes, edges: withGotoEdges(nextNodes, [...edges, ...copiedEdges]) };
}

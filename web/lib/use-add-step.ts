'use client';
// Adding a step from the palette: a clicked item lands under the selected step (and follows it,
// from its first open exit) or at the first free spot of the view; a dragged one lands under the
// pointer and is connected by hand.
import { type Edge, useReactFlow } from '@xyflow/react';
import { type DragEvent, type RefObject, useCallback } from 'react';
import type { NodeKind } from '../../core/graph.ts';
import { KIND_MIME } from '../components/Palette.tsx';
import { flowEdge, stepData, type StepNode } from './graph-to-flow.ts';
import { kindSpec, newNode } from './nodes/index.ts';
import { below, type Box, CARD, freeSpot } from './placement.ts';

/** A card's box on the canvas: its measured size, or the size of a card not yet measured. */
const boxOf = (n: StepNode): Box => ({
  ...n.position,
  width: n.measured?.width ?? CARD.width,
  height: n.measured?.height ?? CARD.height,
});

export function useAddStep({
  state,
  pane,
  history,
  setNodes,
  setEdges,
}: {
  state: RefObject<{ nodes: StepNode[]; edges: Edge[] }>;
  pane: RefObject<HTMLDivElement | null>;
  history: { record: (key?: string) => void };
  setNodes: (update: (nodes: StepNode[]) => StepNode[]) => void;
  setEdges: (update: (edges: Edge[]) => Edge[]) => void;
}) {
  const flow = useReactFlow<StepNode>();
  // A clicked palette item lands under the selected step, or at the first free spot of the view
  // (top left first, where a marketer starts reading), never on a step already there.
  const placeNew = useCallback(() => {
    const cards = state.current.nodes;
    const chosen = cards.filter((n) => n.selected);
    const rect = pane.current?.getBoundingClientRect();
    const corner = rect ? flow.screenToFlowPosition({ x: rect.left, y: rect.top }) : { x: 0, y: 0 };
    const far = rect
      ? flow.screenToFlowPosition({ x: rect.right, y: rect.bottom })
      : { x: 800, y: 600 };
    const view = { ...corner, width: far.x - corner.x, height: far.y - corner.y };
    const boxes = cards.map(boxOf);
    if (chosen.length === 1) return freeSpot(boxes, below(boxOf(chosen[0]!)));
    const start = { x: view.x + Math.min(80, view.width / 4), y: view.y + 40 };
    return freeSpot(boxes, start, view);
  }, [flow]);

  const addNode = useCallback(
    (kind: NodeKind, position?: { x: number; y: number }) => {
      history.record();
      const node = newNode(kind, new Set(state.current.nodes.map((n) => n.id)));
      const at = position ?? placeNew();
      // Clicked in with one step selected, the new step follows it: the selected step's first
      // exit still open leads to it. A dragged step is placed by hand and connected by hand.
      const chosen = state.current.nodes.filter((n) => n.selected);
      const from = !position && chosen.length === 1 ? chosen[0]! : undefined;
      const used = new Set(
        state.current.edges
          .filter((e) => e.source === from?.id)
          .map((e) => e.sourceHandle ?? 'next'),
      );
      const exit = from?.data.exits.find((x) => !used.has(x));
      setNodes((ns) => [
        ...ns.map((n) => ({ ...n, selected: false })),
        { id: node.id, type: kind, position: at, data: stepData(node), selected: true },
      ]);
      if (from && exit && kindSpec(kind)?.hasInput)
        setEdges((es) => [...es, flowEdge({ from: from.id, to: node.id, exit })]);
    },
    [history, setNodes, setEdges, placeNew],
  );

  const onDrop = (e: DragEvent) => {
    const kind = e.dataTransfer.getData(KIND_MIME) as NodeKind;
    if (!kind) return;
    e.preventDefault();
    // Centre the card under the pointer rather than hang it from its corner.
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNode(kind, { x: p.x - 110, y: p.y - 30 });
  };

  return { addNode, onDrop };
}

'use client';
// The campaign editor's keys: arrows walk the journey from the selected step (down an exit, up
// to what leads here, across to the step beside); Ctrl/⌘ Z, Shift Z or Y, C and V undo, redo,
// copy and paste.
import { type Edge, useReactFlow } from '@xyflow/react';
import type { RefObject } from 'react';
import type { StepNode } from './graph-to-flow.ts';
import { CARD } from './placement.ts';
import { type Direction, neighbour } from './step-navigation.ts';

const ARROWS: Record<string, Direction> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

const typing = (e: React.KeyboardEvent) =>
  ['INPUT', 'SELECT', 'TEXTAREA'].includes((e.target as HTMLElement).tagName);

export function useEditorKeys({
  state,
  setNodes,
  history,
  copy,
  paste,
}: {
  state: RefObject<{ nodes: StepNode[]; edges: Edge[] }>;
  setNodes: (update: (nodes: StepNode[]) => StepNode[]) => void;
  history: { undo: () => void; redo: () => void };
  copy: () => void;
  paste: () => void;
}) {
  const flow = useReactFlow<StepNode>();

  // Caught before React Flow, which would move the card instead.
  const onKeyDownCapture = (e: React.KeyboardEvent) => {
    const direction = ARROWS[e.key];
    if (!direction || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || typing(e)) return;
    const from = state.current.nodes.find((n) => n.selected)?.id ?? '';
    const to = neighbour(state.current.nodes, state.current.edges, from, direction);
    e.preventDefault();
    e.stopPropagation();
    if (!to) return;
    setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === to })));
    const card = flow.getNode(to);
    if (card)
      void flow.setCenter(card.position.x + CARD.width / 2, card.position.y + 40, {
        zoom: Math.max(flow.getZoom(), 0.6),
        duration: 200,
      });
  };

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

  return { onKeyDown, onKeyDownCapture };
}

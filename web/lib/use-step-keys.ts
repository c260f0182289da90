'use client';
// Keys between steps, on the editor's canvas and the live view's: arrows walk the journey from
// the selected card (down an exit, up to what leads here, across to the card beside), Enter
// opens the selected card's panel (a fold card unfolds), Escape closes it. They walk what is
// drawn, so a folded branch is one stop.
import { type Edge, useReactFlow } from '@xyflow/react';
import type { RefObject } from 'react';
import type { CanvasNode } from './folding.ts';
import { CARD } from './placement.ts';
import { type Direction, neighbour } from './step-navigation.ts';

const ARROWS: Record<string, Direction> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

/** Whether the key is meant for a field, or for a button that Enter presses. */
export const typing = (e: React.KeyboardEvent) => {
  const el = e.target as HTMLElement;
  return ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) || el.isContentEditable;
};

export interface StepKeys {
  /** What the canvas draws now (steps and fold cards). */
  view: RefObject<{ nodes: CanvasNode[]; edges: Edge[] }>;
  /** The selected card's ID, if one is selected. */
  selected: () => string | undefined;
  select: (id: string) => void;
  /** Enter on a step: its panel. */
  open: (id: string) => void;
  /** Escape: the panel closes. */
  close: () => void;
  /** Enter on a fold card: it unfolds. */
  unfold: (id: string) => void;
}

export function useStepKeys({ view, selected, select, open, close, unfold }: StepKeys) {
  const flow = useReactFlow<CanvasNode>();
  // Caught before React Flow, which would move a selected card with the arrows and unselect it
  // with Escape.
  return (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
    const tag = (e.target as HTMLElement).tagName;
    if (e.key === 'Escape') {
      // From a field of the panel too: Escape leaves the panel for the canvas. Kept from React
      // Flow, which would unselect the focused card, and the panel could not open again.
      e.stopPropagation();
      close();
      return;
    }
    if (typing(e)) return;
    const from = selected();
    if (e.key === 'Enter' && from && tag !== 'BUTTON' && tag !== 'A') {
      e.preventDefault();
      e.stopPropagation();
      if (!from.startsWith('fold:')) return open(from);
      // Unfolded, the card gives way to its first step, which the selection moves to.
      const card = view.current.nodes.find((n) => n.id === from);
      unfold(from);
      const first = card?.type === 'fold' ? card.data.steps[0] : undefined;
      if (first) select(first);
      return;
    }
    const direction = ARROWS[e.key];
    if (!direction) return;
    e.preventDefault();
    e.stopPropagation();
    const to = neighbour(view.current.nodes, view.current.edges, from ?? '', direction);
    if (!to) return;
    select(to);
    const card = flow.getNode(to);
    if (card)
      void flow.setCenter(card.position.x + CARD.width / 2, card.position.y + 40, {
        zoom: Math.max(flow.getZoom(), 0.6),
        duration: 200,
      });
  };
}

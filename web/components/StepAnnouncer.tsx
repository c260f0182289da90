'use client';
// Tells a screen reader which card the keyboard selected on a canvas (read politely, after what
// it is saying), and moves the page's focus to that card so the focus ring follows it.
import type { Edge } from '@xyflow/react';
import { useContext } from 'react';
import type { CanvasNode } from '../lib/folding.ts';
import { withNames } from '../lib/graph-to-flow.ts';
import { describeCard } from '../lib/step-navigation.ts';
import { NamesContext } from './StepNodes.tsx';

export function StepAnnouncer({
  nodes,
  edges,
  selected,
}: {
  nodes: CanvasNode[];
  edges: Edge[];
  selected: string | undefined;
}) {
  const names = useContext(NamesContext);
  const card = selected ? nodes.find((n) => n.id === selected) : undefined;
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="canvas-announcer">
      {card ? describeCard(card, edges, card.id, (t) => withNames(t, names)) : ''}
    </div>
  );
}

/** Focuses a card of the canvas inside `within` once React has drawn it (the editor's cards). */
export function focusCard(within: HTMLElement | null, id: string): void {
  window.requestAnimationFrame(() =>
    within?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.focus(),
  );
}

// Keyboard navigation between steps: arrow keys follow the journey (down to the step an exit
// leads to, up to the step that leads here) and move across to the nearest step beside the
// selected one. Pure, so it is tested without a browser.
import type { XYPosition } from '@xyflow/react';
import { kindSpec } from './nodes/index.ts';

export type Direction = 'up' | 'down' | 'left' | 'right';

interface Card {
  id: string;
  position: XYPosition;
}
interface Link {
  source: string;
  target: string;
}

/** The step an arrow key moves the selection to from `from`, or undefined when there is none. */
export function neighbour(
  cards: Card[],
  links: Link[],
  from: string,
  direction: Direction,
): string | undefined {
  const here = cards.find((c) => c.id === from);
  if (!here) return cards[0]?.id;
  const at = new Map(cards.map((c) => [c.id, c.position]));
  // Among several next (or previous) steps, the leftmost first: exits read left to right.
  const byX = (ids: string[]) =>
    ids.filter((id) => at.has(id)).sort((a, b) => at.get(a)!.x - at.get(b)!.x)[0];
  if (direction === 'down') return byX(links.filter((l) => l.source === from).map((l) => l.target));
  if (direction === 'up') return byX(links.filter((l) => l.target === from).map((l) => l.source));
  // Across: the closest step on that side, rows nearer the selected one counting first.
  const sign = direction === 'right' ? 1 : -1;
  let best: { id: string; cost: number } | undefined;
  for (const c of cards) {
    const dx = (c.position.x - here.position.x) * sign;
    if (c.id === from || dx <= 0) continue;
    const cost = dx + 3 * Math.abs(c.position.y - here.position.y);
    if (!best || cost < best.cost) best = { id: c.id, cost };
  }
  return best?.id;
}

/** What a screen reader says of the selected card: what it is, where it leads, its counts. */
export function describeCard(
  card: { type?: string; data: Record<string, unknown> },
  links: { source: string; target: string }[],
  id: string,
  named: (title: string) => string = (t) => t,
): string {
  const data = card.data as {
    title: string;
    kind?: string;
    steps?: string[];
    exits?: string[];
    stats?: { entered: number; waiting: number };
  };
  const what =
    card.type === 'fold'
      ? `${data.title}, folded: ${data.steps?.length ?? 0} steps. Enter unfolds it.`
      : `${named(data.title)}, ${kindSpec(data.kind ?? '')?.label ?? data.kind} step.`;
  const next = links.filter((l) => l.source === id).length;
  const before = links.filter((l) => l.target === id).length;
  const exits = (data.exits ?? []).length > 1 ? ` Exits: ${data.exits!.join(', ')}.` : '';
  const counts = data.stats
    ? ` ${data.stats.entered} entered, ${data.stats.waiting} here now.`
    : '';
  return `${what}${exits}${counts} ${before} before, ${next} after.`;
}

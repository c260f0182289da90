// Where a step added from the palette lands: under the selected step (the journey's next step
// is what a marketer adds most), or at the first free spot of the visible canvas, never on top
// of a step already there (the old behaviour dropped every click on the same spot).
import type { XYPosition } from '@xyflow/react';

/** A card's box on the canvas, in flow coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Size of a card before React Flow has measured it (see .step in globals.css). */
export const CARD = { width: 220, height: 80 };
/** Room kept between cards, so edges and their labels have space between them. */
const GAP = 40;

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x < b.x + b.width + GAP &&
    b.x < a.x + a.width + GAP &&
    a.y < b.y + b.height + GAP &&
    b.y < a.y + a.height + GAP
  );
}

/**
 * The first spot for a new card at or near `wanted` that overlaps no card: along its row first
 * (beside a step already under the selected one, as a second branch), then row by row
 * downward, within `view` when one is given (the visible canvas).
 */
export function freeSpot(cards: Box[], wanted: XYPosition, view?: Box): XYPosition {
  const stepY = CARD.height + GAP;
  const stepX = CARD.width + GAP;
  const fits = (p: XYPosition) =>
    !cards.some((c) => overlaps(c, { ...p, ...CARD })) &&
    (!view ||
      (p.x >= view.x &&
        p.y >= view.y &&
        p.x + CARD.width <= view.x + view.width &&
        p.y + CARD.height <= view.y + view.height));
  const columns = [0, 1, -1, 2, -2, 3, -3, 4, -4];
  const rows = view ? Math.max(1, Math.floor(view.height / stepY)) : 12;
  for (let row = 0; row < rows; row++)
    for (const col of columns) {
      const p = { x: wanted.x + col * stepX, y: wanted.y + row * stepY };
      if (fits(p)) return p;
    }
  // The view is full: below every card, where nothing can be hidden.
  const bottom = Math.max(wanted.y, ...cards.map((c) => c.y + c.height + GAP));
  return { x: wanted.x, y: bottom };
}

/** The spot right under a card, centred on it: where the step that follows it goes. */
export function below(card: Box): XYPosition {
  return { x: card.x + (card.width - CARD.width) / 2, y: card.y + card.height + GAP * 2 };
}

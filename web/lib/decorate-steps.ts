// What the editor draws on each card beyond the step itself: its own problems and a test run's
// trail. Cards with nothing to show stay the same objects, so React Flow redraws only the rest.
import type { DraftProblem } from '../../core/graph-problems.ts';
import type { StepNode } from './graph-to-flow.ts';

type Trail = { current: string | null; path: string[] };

/** How a followed journey marks a step: where it stands now, or a step it passed. */
export function trailMark(trail: Trail | undefined, id: string): 'current' | 'visited' | undefined {
  if (trail?.current === id) return 'current';
  return trail?.path.includes(id) ? 'visited' : undefined;
}

export function decorateSteps(
  nodes: StepNode[],
  problems: DraftProblem[],
  trail: Trail | undefined,
): StepNode[] {
  const by = new Map<string, string[]>();
  for (const p of problems)
    if (p.nodeId)
      by.set(p.nodeId, [
        ...(by.get(p.nodeId) ?? []),
        p.field ? `${p.field}: ${p.message}` : p.message,
      ]);
  const trailOf = (id: string) => trailMark(trail, id);
  return nodes.map((n) =>
    by.has(n.id) || n.data.problems || n.data.trail || trailOf(n.id)
      ? { ...n, data: { ...n.data, problems: by.get(n.id), trail: trailOf(n.id) } }
      : n,
  );
}

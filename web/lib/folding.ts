// Folded branches and groups on a canvas: a branch (everything after a split's exit until it
// joins the other branches or ends) or a group of steps the marketer picked is drawn as one card
// that says how many steps it holds and sums their live counts. Folding changes only what is
// drawn: the graph, its positions and its saved draft stay as they are. Pure, so it is tested
// without a browser.
import type { Edge, Node } from '@xyflow/react';
import type { StepData, StepNode } from './graph-to-flow.ts';

/** A branch is named by its split and exit, so it follows edits; a group lists its steps. */
export type Fold =
  { kind: 'branch'; from: string; exit: string } | { kind: 'group'; id: string; steps: string[] };

export type FoldData = {
  /** The fold's key (see foldKey), which unfolds it. */
  fold: string;
  /** "Branch “yes” of Is VIP" or "Group of 4 steps". */
  title: string;
  /** The steps it holds, as drawn in its place. */
  steps: string[];
  /** Live counts of the steps inside: entered at the branch's first steps, the rest summed. */
  stats?: { entered: number; waiting: number; sent: number; converted: number };
  /** How many of its steps have a problem that stops publishing. */
  problems: number;
  /** A followed journey stands on one of its steps (current) or passed through them. */
  trail?: 'visited' | 'current';
  /**
   * The card's exits: the exits ("yes", "no", "next") by which steps inside lead out, so each
   * edge out keeps its exit's name and a place of its own under the card.
   */
  exits: string[];
};
export type FoldNode = Node<FoldData, 'fold'>;
/** What a canvas draws: steps, and a card per fold in place of the steps it holds. */
export type CanvasNode = StepNode | FoldNode;

const FOLD_PREFIX = 'fold:';
export const foldKey = (f: Fold) =>
  f.kind === 'branch' ? `${FOLD_PREFIX}${f.from}:${f.exit}` : `${FOLD_PREFIX}group:${f.id}`;
export const isFoldId = (id: string) => id.startsWith(FOLD_PREFIX);
const FOLD_EDGE = 'fold-edge:';
export const isFoldEdgeId = (id: string) => id.startsWith(FOLD_EDGE);

type Link = Pick<Edge, 'source' | 'target' | 'sourceHandle'>;
const exitOf = (e: Link) => e.sourceHandle ?? 'next';

/**
 * The steps of one exit's branch: those reached from the exit that nothing outside the branch
 * leads to. A step another branch also reaches is where they join, so it and what follows stay
 * out; a go-to back into the branch keeps it whole.
 */
export function branchSteps(edges: Link[], from: string, exit: string): string[] {
  const starts = edges.filter((e) => e.source === from && exitOf(e) === exit).map((e) => e.target);
  const next = new Map<string, string[]>();
  const into = new Map<string, Link[]>();
  for (const e of edges) {
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
    into.set(e.target, [...(into.get(e.target) ?? []), e]);
  }
  // Everything reachable from the exit without passing the split again...
  const inside = new Set<string>();
  const queue = starts.filter((id) => id !== from);
  for (const id of queue) {
    if (inside.has(id)) continue;
    inside.add(id);
    for (const n of next.get(id) ?? []) if (n !== from && !inside.has(n)) queue.push(n);
  }
  // ...less every step something outside leads to, until none is left.
  const fromOutside = (e: Link) =>
    !inside.has(e.source) && !(e.source === from && exitOf(e) === exit);
  for (let changed = true; changed;) {
    changed = false;
    for (const id of inside)
      if ((into.get(id) ?? []).some(fromOutside)) {
        inside.delete(id);
        changed = true;
      }
  }
  return [...inside];
}

/** Each fold with the steps it holds now (empty when it holds none). */
export function foldSteps(folds: Fold[], nodeIds: Set<string>, edges: Link[]) {
  return folds.map((fold) => ({
    fold,
    steps:
      fold.kind === 'branch'
        ? nodeIds.has(fold.from)
          ? branchSteps(edges, fold.from, fold.exit)
          : []
        : fold.steps.filter((id) => nodeIds.has(id)),
  }));
}

function sumStats(members: StepData[], entries: StepData[]): FoldData['stats'] {
  if (!members.some((d) => d.stats)) return undefined;
  const sum = (list: StepData[], key: 'entered' | 'waiting' | 'sent' | 'converted') =>
    list.reduce((total, d) => total + (d.stats?.[key] ?? 0), 0);
  return {
    entered: sum(entries, 'entered'),
    waiting: sum(members, 'waiting'),
    sent: sum(members, 'sent'),
    converted: sum(members, 'converted'),
  };
}

function foldTitle(fold: Fold, count: number, byId: Map<string, StepNode>): string {
  if (fold.kind === 'group') return `Group of ${count} steps`;
  return `Branch “${fold.exit}” of ${byId.get(fold.from)?.data.title ?? fold.from}`;
}

export interface FoldView {
  nodes: CanvasNode[];
  edges: Edge[];
  /** The fold card that holds each hidden step. */
  holder: Map<string, string>;
}

/**
 * What the canvas draws with these folds: the steps no fold holds as they are (the same
 * objects, so React Flow redraws nothing else), a card per fold where its top step stood, and
 * the edges into and out of a fold attached to its card. A step two folds hold goes to the
 * larger, so a branch folded inside a folded branch disappears into it.
 */
export function foldView(
  nodes: StepNode[],
  edges: Edge[],
  folds: Fold[],
  look: { sizes?: Record<string, { width: number; height: number }>; selected?: string } = {},
): FoldView {
  const holder = new Map<string, string>();
  if (folds.length === 0) return { nodes, edges, holder };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const held = foldSteps(folds, new Set(byId.keys()), edges)
    .filter((f) => f.steps.length > 0)
    .sort((a, b) => b.steps.length - a.steps.length);
  const cards: FoldNode[] = [];
  for (const { fold, steps } of held) {
    const id = foldKey(fold);
    const own = steps.filter((s) => !holder.has(s));
    if (own.length === 0) continue;
    for (const s of own) holder.set(s, id);
    const members = own.map((s) => byId.get(s)!);
    const entries = members.filter((m) =>
      edges.some((e) => e.target === m.id && !own.includes(e.source)),
    );
    const top = [...members].sort(
      (a, b) => a.position.y - b.position.y || a.position.x - b.position.x,
    )[0]!;
    const trails = members.map((m) => m.data.trail);
    const size = look.sizes?.[id];
    cards.push({
      id,
      type: 'fold',
      position: top.position,
      deletable: false,
      draggable: false,
      selected: look.selected === id,
      ...(size ? { measured: size } : {}),
      data: {
        fold: id,
        title: foldTitle(fold, own.length, byId),
        steps: own,
        stats: sumStats(
          members.map((m) => m.data),
          (entries.length > 0 ? entries : [top]).map((m) => m.data),
        ),
        problems: members.filter((m) => (m.data.problems ?? []).length > 0).length,
        trail: trails.includes('current')
          ? 'current'
          : trails.includes('visited')
            ? 'visited'
            : undefined,
        exits: [],
      },
    });
  }
  if (cards.length === 0) return { nodes, edges, holder };
  const shown = (id: string) => holder.get(id) ?? id;
  const drawn = new Map<string, Edge>();
  for (const e of edges) {
    const source = shown(e.source);
    const target = shown(e.target);
    if (source === e.source && target === e.target) {
      drawn.set(e.id, e);
      continue;
    }
    if (source === target) continue; // inside one fold
    // Out of a fold by the exit of the step inside it leaves from: "no" inside is "no" out of the
    // card, on a handle of its own, so the two exits of a split inside are two named edges. The
    // same exit of several steps inside to one step outside (every stage's "yes") is one edge.
    const label = typeof e.label === 'string' ? e.label : undefined;
    const exit = exitOf(e);
    const id = `${FOLD_EDGE}${source}:${exit}->${target}`;
    if (drawn.has(id)) continue;
    if (source !== e.source) {
      const exits = cards.find((c) => c.id === source)!.data.exits;
      if (!exits.includes(exit)) exits.push(exit);
    }
    drawn.set(id, {
      id,
      source,
      target,
      sourceHandle: exit === 'next' ? null : exit,
      className: `${e.className ?? ''} edge-folded`,
      deletable: false,
      selectable: false,
      focusable: false,
      ...(label === undefined ? {} : { label }),
    });
  }
  return {
    nodes: [...nodes.filter((n) => !holder.has(n.id)), ...cards],
    edges: [...drawn.values()],
    holder,
  };
}

/** The folds a marketer keeps for a campaign, in this browser. */
const storageKey = (campaign: string) => `herald.folds.${campaign}`;

export function readFolds(campaign: string | undefined): Fold[] {
  if (!campaign || typeof window === 'undefined') return [];
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(storageKey(campaign)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as Fold[]).filter(isFold) : [];
  } catch {
    return [];
  }
}

export function saveFolds(campaign: string | undefined, folds: Fold[]): void {
  if (!campaign || typeof window === 'undefined') return;
  try {
    if (folds.length === 0) window.localStorage.removeItem(storageKey(campaign));
    else window.localStorage.setItem(storageKey(campaign), JSON.stringify(folds));
  } catch {
    // Storage full or refused: folding still works for this visit.
  }
}

// What the browser's storage holds was written by this code, but may be from an older one.
function isFold(f: unknown): f is Fold {
  const o = f as Record<string, unknown>;
  if (!o || typeof o !== 'object') return false;
  if (o.kind === 'branch') return typeof o.from === 'string' && typeof o.exit === 'string';
  return (
    o.kind === 'group' &&
    typeof o.id === 'string' &&
    Array.isArray(o.steps) &&
    o.steps.every((s) => typeof s === 'string')
  );
}

/** "split:exit" of every named exit whose branch holds more than one step: those fold. */
export function foldableExits(edges: Link[]): Set<string> {
  const exits = new Set(
    edges.flatMap((e) =>
      e.sourceHandle && e.sourceHandle !== 'goto' ? [`${e.source}\n${e.sourceHandle}`] : [],
    ),
  );
  return new Set(
    [...exits]
      .map((key) => key.split('\n') as [string, string])
      .filter(([from, exit]) => branchSteps(edges, from, exit).length > 1)
      .map(([from, exit]) => `${from}:${exit}`),
  );
}

/** The splits' exits whose branch holds more than one step: what "Fold branches" folds. */
export function foldableBranches(nodes: StepNode[], edges: Link[]): Fold[] {
  return nodes.flatMap((n) =>
    n.data.exits.length > 1
      ? n.data.exits
          .filter((exit) => branchSteps(edges, n.id, exit).length > 1)
          .map((exit) => ({ kind: 'branch' as const, from: n.id, exit }))
      : [],
  );
}

'use client';
// The folds of one canvas (the editor's or the live view's), kept per campaign in this browser,
// and the fold cards' own state: React Flow measures every card it draws and reports the size
// through onNodesChange, and draws a card hidden until its node carries that size.
import type { Edge, NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StepNode } from './graph-to-flow.ts';
import {
  branchSteps,
  type CanvasNode,
  type Fold,
  foldableBranches,
  foldableExits,
  foldKey,
  foldView,
  isFoldId,
  readFolds,
  saveFolds,
} from './folding.ts';

export interface Folding {
  folds: Fold[];
  /** "split:exit" of the exits whose branch can fold (it holds more than one step). */
  foldable: Set<string>;
  /** Folds or unfolds one exit's branch. */
  toggleBranch: (from: string, exit: string) => void;
  /** Folds these steps into one card. */
  group: (steps: string[]) => void;
  /** Unfolds the card with this ID. */
  unfold: (id: string) => void;
  /** Folds every branch of every split (the nested ones disappear into the outer). */
  foldAll: () => void;
  unfoldAll: () => void;
  /** Unfolds whatever holds this step, so it can be shown (a problem's link, a search). */
  reveal: (stepId: string) => void;
  /** The selected fold card, if any (steps carry their own selection). */
  selected: string | undefined;
  select: (id: string | undefined) => void;
  /** The changes React Flow reports for steps; those for fold cards are taken here. */
  take: (changes: NodeChange<CanvasNode>[]) => NodeChange<StepNode>[];
}

export function useFolds(campaign: string | undefined, nodes: StepNode[], edges: Edge[]) {
  const [folds, setFolds] = useState<Fold[]>(() => readFolds(campaign));
  useEffect(() => saveFolds(campaign, folds), [campaign, folds]);
  const [sizes, setSizes] = useState<Record<string, { width: number; height: number }>>({});
  const [selected, select] = useState<string | undefined>(undefined);

  const view = useMemo(
    () => foldView(nodes, edges, folds, { sizes, selected }),
    [nodes, edges, folds, sizes, selected],
  );
  const foldable = useMemo(() => foldableExits(edges), [edges]);
  // Read by the callbacks below, so they keep one identity while steps move.
  const latest = useRef({ nodes, edges, folds, view });
  latest.current = { nodes, edges, folds, view };

  const toggleBranch = useCallback((from: string, exit: string) => {
    // A branch that joins the others at once holds no step: nothing to fold.
    if (branchSteps(latest.current.edges, from, exit).length === 0) return;
    setFolds((fs) =>
      fs.some((f) => f.kind === 'branch' && f.from === from && f.exit === exit)
        ? fs.filter((f) => !(f.kind === 'branch' && f.from === from && f.exit === exit))
        : [...fs, { kind: 'branch', from, exit }],
    );
  }, []);
  const group = useCallback((steps: string[]) => {
    if (steps.length < 2) return;
    setFolds((fs) => [...fs, { kind: 'group', id: Date.now().toString(36), steps }]);
  }, []);
  const unfold = useCallback((id: string) => {
    setFolds((fs) => fs.filter((f) => foldKey(f) !== id));
    select((s) => (s === id ? undefined : s));
  }, []);
  const foldAll = useCallback(() => {
    const { nodes, edges } = latest.current;
    setFolds((fs) => {
      const have = new Set(fs.map(foldKey));
      return [...fs, ...foldableBranches(nodes, edges).filter((f) => !have.has(foldKey(f)))];
    });
  }, []);
  const unfoldAll = useCallback(() => {
    setFolds([]);
    select(undefined);
  }, []);
  const reveal = useCallback((step: string) => {
    const { nodes, edges, folds, view } = latest.current;
    // A fold inside another is hidden by it: unfold until the step is drawn.
    let holder = view.holder.get(step);
    const gone = new Set<string>();
    while (holder && !gone.has(holder)) {
      gone.add(holder);
      holder = foldView(
        nodes,
        edges,
        folds.filter((f) => !gone.has(foldKey(f))),
      ).holder.get(step);
    }
    if (gone.size > 0) setFolds((fs) => fs.filter((f) => !gone.has(foldKey(f))));
  }, []);

  const take = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const steps: NodeChange<StepNode>[] = [];
    for (const c of changes) {
      const id = 'id' in c ? c.id : c.item.id;
      if (!isFoldId(id)) steps.push(c as NodeChange<StepNode>);
      else if (c.type === 'dimensions' && c.dimensions) {
        const { width, height } = c.dimensions;
        setSizes((s) =>
          s[id]?.width === width && s[id]?.height === height
            ? s
            : { ...s, [id]: { width, height } },
        );
      } else if (c.type === 'select') select((s) => (c.selected ? id : s === id ? undefined : s));
    }
    return steps;
  }, []);

  // One object while nothing in it changed: every edge reads it (through FoldContext).
  const folding: Folding = useMemo(
    () => ({
      folds,
      foldable,
      toggleBranch,
      group,
      unfold,
      foldAll,
      unfoldAll,
      reveal,
      selected,
      select,
      take,
    }),
    [folds, foldable, toggleBranch, group, unfold, foldAll, unfoldAll, reveal, selected, take],
  );
  return { view, folding };
}

'use client';
// Read-only drawing of a campaign graph: the live view (with counters on each step) and the
// version comparison (with added, removed and changed steps marked). Pan and zoom, no editing.
import {
  Background,
  Controls,
  type DefaultEdgeOptions,
  type FitViewOptions,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useNodesState,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CampaignGraph } from '../../core/graph.ts';
import { layoutWithElk } from '../lib/auto-layout.ts';
import type { CanvasNode } from '../lib/folding.ts';
import { graphToFlow, type StepData } from '../lib/graph-to-flow.ts';
import { readLayout, saveLayout } from '../lib/layout-cache.ts';
import { useFoldedLayout } from '../lib/layout-folded.ts';
import { kindSpec } from '../lib/nodes/index.ts';
import { useFolds } from '../lib/use-folds.ts';
import { useStepKeys } from '../lib/use-step-keys.ts';
import { edgeTypes } from './ExitEdge.tsx';
import { canvasNodeTypes, FoldContext, FoldControls } from './FoldCard.tsx';
import { StepAnnouncer } from './StepAnnouncer.tsx';

// Declared outside the components so React Flow sees the same object on every render.
export const edgeOptions: DefaultEdgeOptions = {
  type: 'exit',
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
};
export const minimapColour = (n: CanvasNode) =>
  (n.type === 'fold' ? undefined : kindSpec(n.data.kind)?.colour) ?? '#94a3b8';

/** Steps shown at once on opening a large campaign: fitting 200 would draw them unreadably small. */
const OPENING_STEPS = 12;
/** How far down (in canvas pixels) those steps may reach: what 0.55 shows in a 600 px canvas. */
const OPENING_HEIGHT = 900;

/**
 * How a canvas opens: a small campaign whole, a large one from its top (its triggers and the
 * first steps that follow) at a readable scale; the minimap and scrolling show the rest.
 */
export function openingView(nodes: CanvasNode[]): FitViewOptions<CanvasNode> {
  if (nodes.length <= OPENING_STEPS) return { padding: 0.15, maxZoom: 1.1 };
  // Steps within OPENING_HEIGHT of the first: a taller set, clamped to the readable zoom, would
  // be centred with the trigger cut off above the canvas.
  const sorted = [...nodes].sort((a, b) => a.position.y - b.position.y);
  const topY = sorted[0]!.position.y;
  const top = sorted.slice(0, OPENING_STEPS).filter((n) => n.position.y - topY <= OPENING_HEIGHT);
  return { padding: 0.1, maxZoom: 1, minZoom: 0.55, nodes: top.map((n) => ({ id: n.id })) };
}

/** Whether a step already shows this decoration (the counters are small plain objects). */
function sameDecoration(data: StepData, extra: Partial<StepData>): boolean {
  return Object.entries(extra).every(
    ([key, value]) => JSON.stringify(data[key as keyof StepData]) === JSON.stringify(value),
  );
}

type CanvasProps = {
  graph: CampaignGraph;
  /** Extra data per step (live counters, diff marks), merged in without re-laying the canvas. */
  decorate?: (id: string) => Partial<StepData>;
  /** Opens a step's panel (a click, or Enter on the selected step). */
  onNodeClick?: (id: string) => void;
  /** Escape: the step's panel closes. */
  onClose?: () => void;
  /** The campaign whose folded branches and groups this browser keeps; none: no folding. */
  foldsOf?: string;
};

export function CampaignCanvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <ReadOnlyCanvas {...props} />
    </ReactFlowProvider>
  );
}

function ReadOnlyCanvas({ graph, decorate, onNodeClick, onClose, foldsOf }: CanvasProps) {
  // A graph saved without positions is drawn where elkjs put it the last time this browser laid
  // it out, else at the quick layered fallback until elkjs (in a worker) has laid it out.
  const cached = useMemo(
    () => (graph.nodes.every((n) => n.position) ? undefined : readLayout(graph)),
    [graph],
  );
  const flow = useMemo(() => {
    const drawn = graphToFlow(graph);
    if (!cached) return drawn;
    return { ...drawn, nodes: drawn.nodes.map((n) => ({ ...n, position: cached[n.id]! })) };
  }, [graph, cached]);
  // Nodes live in state although nothing is editable: React Flow reports each node's measured
  // size through onNodesChange, and the minimap draws only nodes whose size it knows.
  // The state starts from the first graph only: give the canvas a new `key` for another graph.
  const [nodes, setNodes, onNodesChange] = useNodesState(flow.nodes);
  // Counters tick every few seconds: only the steps whose figures changed get a new node, so
  // React Flow redraws those cards alone instead of all 200 on every tick.
  useEffect(() => {
    if (!decorate) return;
    setNodes((ns) => {
      let changed = false;
      const next = ns.map((n) => {
        const extra = decorate(n.id);
        if (sameDecoration(n.data, extra)) return n;
        changed = true;
        return { ...n, data: { ...n.data, ...extra } };
      });
      return changed ? next : ns;
    });
  }, [decorate, setNodes]);
  // A graph saved without positions (made through the api) is laid out by elkjs once, off the
  // page's thread, and the layout kept in this browser; the graph itself is not changed.
  const view = useReactFlow<CanvasNode>();
  const placed = cached !== undefined || graph.nodes.every((n) => n.position);
  const [laidOut, setLaidOut] = useState(placed);
  useEffect(() => {
    if (placed) return;
    let live = true;
    layoutWithElk(flow.nodes, flow.edges).then(
      (laid) => {
        saveLayout(graph, Object.fromEntries(laid.map((n) => [n.id, n.position])));
        if (!live) return;
        setLaidOut(true);
        const at = new Map(laid.map((n) => [n.id, n.position]));
        setNodes((ns) => ns.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })));
        window.requestAnimationFrame(() => void view.fitView(openingView(laid)));
      },
      // The quick layered fallback the steps stand at already stays: readable, if less tidy.
      () => live && setLaidOut(true),
    );
    return () => {
      live = false;
    };
  }, [graph, placed, flow, setNodes, view]);

  // Folded branches and groups, and the card the keyboard stands on (nothing here is
  // selectable by React Flow: the selection is drawn, not edited).
  const { view: folded, folding } = useFolds(foldsOf, nodes, flow.edges);
  // With folds, what is drawn is laid out again, so no gap stays where the folded steps were.
  const compact = useFoldedLayout(folded, folding.folds.length > 0);
  const [current, setCurrent] = useState<string | undefined>(undefined);
  const drawn = useMemo(
    () => ({
      nodes: current
        ? compact.nodes.map((n) => (n.id === current ? { ...n, selected: true } : n))
        : compact.nodes,
      edges: folded.edges,
    }),
    [compact.nodes, folded.edges, current],
  );
  const latest = useRef(drawn);
  latest.current = drawn;
  const canvas = useRef<HTMLDivElement>(null);
  const onKeyDownCapture = useStepKeys({
    view: latest,
    selected: () => current,
    select: setCurrent,
    open: (id) => onNodeClick?.(id),
    close: () => onClose?.(),
    unfold: folding.unfold,
  });
  const clicked = (id: string) => {
    setCurrent(id);
    // The pane keeps the focus from moving on a click; the keys start from here.
    canvas.current?.focus({ preventScroll: true });
    if (!id.startsWith('fold:')) onNodeClick?.(id);
  };
  return (
    // data-laid-out: every step stands where it stays (the benchmark and tests wait for it).
    <div
      ref={canvas}
      className="canvas"
      data-testid="campaign-canvas"
      data-laid-out={laidOut && compact.settled}
      tabIndex={0}
      role="group"
      aria-label="Campaign steps: arrow keys move between them, Enter opens one"
      onKeyDownCapture={onKeyDownCapture}
    >
      <FoldContext.Provider value={foldsOf ? folding : undefined}>
        <ReactFlow<CanvasNode>
          nodes={drawn.nodes}
          edges={drawn.edges}
          onNodesChange={(changes) => onNodesChange(folding.take(changes))}
          onNodeClick={(_e, n) => clicked(n.id)}
          nodeTypes={canvasNodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={{ ...edgeOptions, focusable: false }}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          elementsSelectable={false}
          fitView
          fitViewOptions={openingView(flow.nodes)}
          minZoom={0.1}
        >
          <Background gap={20} size={1} />
          <MiniMap<CanvasNode> nodeColor={minimapColour} pannable zoomable />
          <Controls showInteractive={false} />
          <FoldControls />
        </ReactFlow>
      </FoldContext.Provider>
      <StepAnnouncer nodes={drawn.nodes} edges={drawn.edges} selected={current} />
    </div>
  );
}

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
import { useEffect, useMemo } from 'react';
import type { CampaignGraph } from '../../core/graph.ts';
import { layoutWithElk } from '../lib/auto-layout.ts';
import { graphToFlow, type StepData, type StepNode } from '../lib/graph-to-flow.ts';
import { kindSpec } from '../lib/nodes/index.ts';
import { edgeTypes } from './ExitEdge.tsx';
import { stepNodeTypes } from './StepNodes.tsx';

// Declared outside the components so React Flow sees the same object on every render.
export const edgeOptions: DefaultEdgeOptions = {
  type: 'exit',
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
};
export const minimapColour = (n: StepNode) => kindSpec(n.data.kind)?.colour ?? '#94a3b8';

/** Steps shown at once on opening a large campaign: fitting 200 would draw them unreadably small. */
const OPENING_STEPS = 12;

/**
 * How a canvas opens: a small campaign whole, a large one from its top (its triggers and the
 * first steps that follow) at a readable scale; the minimap and scrolling show the rest.
 */
export function openingView(nodes: StepNode[]): FitViewOptions<StepNode> {
  if (nodes.length <= OPENING_STEPS) return { padding: 0.15, maxZoom: 1.1 };
  const top = [...nodes].sort((a, b) => a.position.y - b.position.y).slice(0, OPENING_STEPS);
  return { padding: 0.1, maxZoom: 1, minZoom: 0.55, nodes: top.map((n) => ({ id: n.id })) };
}

type CanvasProps = {
  graph: CampaignGraph;
  /** Extra data per step (live counters, diff marks), merged in without re-laying the canvas. */
  decorate?: (id: string) => Partial<StepData>;
  onNodeClick?: (id: string) => void;
};

export function CampaignCanvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <ReadOnlyCanvas {...props} />
    </ReactFlowProvider>
  );
}

function ReadOnlyCanvas({ graph, decorate, onNodeClick }: CanvasProps) {
  const flow = useMemo(() => graphToFlow(graph), [graph]);
  // Nodes live in state although nothing is editable: React Flow reports each node's measured
  // size through onNodesChange, and the minimap draws only nodes whose size it knows.
  // The state starts from the first graph only: give the canvas a new `key` for another graph.
  const [nodes, setNodes, onNodesChange] = useNodesState(flow.nodes);
  useEffect(() => {
    if (!decorate) return;
    setNodes((ns) => ns.map((n) => ({ ...n, data: { ...n.data, ...decorate(n.id) } })));
  }, [decorate, setNodes]);
  // A graph saved without positions (made through the api) is laid out by elkjs once; nothing
  // is saved here, the layout is only for reading.
  const view = useReactFlow<StepNode>();
  useEffect(() => {
    if (graph.nodes.every((n) => n.position)) return;
    let live = true;
    void layoutWithElk(flow.nodes, flow.edges).then((laid) => {
      if (!live) return;
      const at = new Map(laid.map((n) => [n.id, n.position]));
      setNodes((ns) => ns.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })));
      window.requestAnimationFrame(() => void view.fitView(openingView(laid)));
    });
    return () => {
      live = false;
    };
  }, [graph, flow, setNodes, view]);
  return (
    <div className="canvas" data-testid="campaign-canvas">
      <ReactFlow<StepNode>
        nodes={nodes}
        edges={flow.edges}
        onNodesChange={onNodesChange}
        onNodeClick={onNodeClick && ((_e, n) => onNodeClick(n.id))}
        nodeTypes={stepNodeTypes}
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
        <MiniMap<StepNode> nodeColor={minimapColour} pannable zoomable />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

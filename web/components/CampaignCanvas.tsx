'use client';
// Read-only drawing of a campaign graph: the live view (with counters on each step) and the
// version comparison (with added, removed and changed steps marked). Pan and zoom, no editing.
import {
  Background,
  Controls,
  type DefaultEdgeOptions,
  MarkerType,
  MiniMap,
  ReactFlow,
  useNodesState,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo } from 'react';
import type { CampaignGraph } from '../../core/graph.ts';
import { graphToFlow, type StepData, type StepNode } from '../lib/graph-to-flow.ts';
import { kindSpec } from '../lib/nodes/index.ts';
import { stepNodeTypes } from './StepNodes.tsx';

// Declared outside the components so React Flow sees the same object on every render.
export const edgeOptions: DefaultEdgeOptions = {
  type: 'smoothstep',
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
};
export const minimapColour = (n: StepNode) => kindSpec(n.data.kind)?.colour ?? '#94a3b8';

export function CampaignCanvas({
  graph,
  decorate,
  onNodeClick,
}: {
  graph: CampaignGraph;
  /** Extra data per step (live counters, diff marks), merged in without re-laying the canvas. */
  decorate?: (id: string) => Partial<StepData>;
  onNodeClick?: (id: string) => void;
}) {
  const flow = useMemo(() => graphToFlow(graph), [graph]);
  // Nodes live in state although nothing is editable: React Flow reports each node's measured
  // size through onNodesChange, and the minimap draws only nodes whose size it knows.
  // The state starts from the first graph only: give the canvas a new `key` for another graph.
  const [nodes, setNodes, onNodesChange] = useNodesState(flow.nodes);
  useEffect(() => {
    if (!decorate) return;
    setNodes((ns) => ns.map((n) => ({ ...n, data: { ...n.data, ...decorate(n.id) } })));
  }, [decorate, setNodes]);
  return (
    <div className="canvas" data-testid="campaign-canvas">
      <ReactFlow<StepNode>
        nodes={nodes}
        edges={flow.edges}
        onNodesChange={onNodesChange}
        onNodeClick={onNodeClick && ((_e, n) => onNodeClick(n.id))}
        nodeTypes={stepNodeTypes}
        defaultEdgeOptions={{ ...edgeOptions, focusable: false }}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        elementsSelectable={false}
        fitView
        fitViewOptions={{ padding: 0.12, maxZoom: 1.1 }}
        minZoom={0.1}
      >
        <Background gap={20} size={1} />
        <MiniMap<StepNode> nodeColor={minimapColour} pannable zoomable />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

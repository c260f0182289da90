'use client';
// Read-only drawing of a campaign graph. Marketers can pan and zoom but not edit here.
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
import { useMemo } from 'react';
import type { CampaignGraph, NodeKind } from '../../core/graph.ts';
import { graphToFlow, type StepNode } from '../lib/graph-to-flow.ts';
import { stepNodeTypes } from './StepNodes.tsx';

// Declared outside the component so React Flow sees the same object on every render.
const edgeOptions: DefaultEdgeOptions = {
  type: 'smoothstep',
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
  focusable: false,
};

/** Minimap colours; keep in step with the .step-* colours in globals.css. */
const kindColours: Record<NodeKind, string> = {
  trigger: '#7c3aed',
  delay: '#d97706',
  condition: '#0284c7',
  sendEmail: '#059669',
  exit: '#64748b',
  waitForEvent: '#db2777',
  split: '#4f46e5',
  goto: '#0d9488',
  waitUntilWindow: '#d97706',
  scheduleTrigger: '#7c3aed',
  dateTrigger: '#7c3aed',
  inactivityTrigger: '#7c3aed',
  delayUntil: '#d97706',
  delayUntilAttribute: '#d97706',
  branch: '#0284c7',
  sendMessage: '#059669',
  updateProfile: '#0d9488',
  httpCall: '#0d9488',
};
const minimapColour = (n: StepNode) => kindColours[n.data.kind];

export function CampaignCanvas({ graph }: { graph: CampaignGraph }) {
  const flow = useMemo(() => graphToFlow(graph), [graph]);
  // Nodes live in state although nothing is editable: React Flow reports each node's measured
  // size through onNodesChange, and the minimap draws only nodes whose size it knows.
  // The state starts from the first graph only: give the canvas a new `key` for another graph.
  const [nodes, , onNodesChange] = useNodesState(flow.nodes);
  return (
    <div className="canvas" data-testid="campaign-canvas">
      <ReactFlow<StepNode>
        nodes={nodes}
        edges={flow.edges}
        onNodesChange={onNodesChange}
        nodeTypes={stepNodeTypes}
        defaultEdgeOptions={edgeOptions}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        elementsSelectable={false}
        fitView
        fitViewOptions={{ padding: 0.12, maxZoom: 1.1 }}
        minZoom={0.2}
      >
        <Background gap={20} size={1} />
        <MiniMap<StepNode> nodeColor={minimapColour} pannable zoomable />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

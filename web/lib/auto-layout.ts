// "Tidy up": lays the canvas out top to bottom with elkjs's layered algorithm, which keeps
// branches apart and edges short. Exits are ordered ports, so "yes" stays left of "no".
// Nodes are placed by network simplex: Brandes-Köpf shifted each layer by its exit ports'
// offset, so a long journey drifted sideways into a diagonal staircase.
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Edge } from '@xyflow/react';
import type { StepNode } from './graph-to-flow.ts';
import { CARD } from './placement.ts';

const elk = new ELK();

/** Size of a card before React Flow has measured it (see .step in globals.css). */
const DEFAULT_SIZE = CARD;

export async function layoutWithElk(nodes: StepNode[], edges: Edge[]): Promise<StepNode[]> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      // Room between layers for an exit's label under its card and the edge's turn.
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '50',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      // Keeps steps in the order they were drawn where the layering leaves a choice.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: nodes.map((n) => ({
      id: n.id,
      width: n.measured?.width ?? DEFAULT_SIZE.width,
      height: n.measured?.height ?? DEFAULT_SIZE.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        { id: `${n.id}:in`, layoutOptions: { 'elk.port.side': 'NORTH' } },
        ...[...n.data.exits, 'goto'].map((exit) => ({
          id: `${n.id}:${exit}`,
          layoutOptions: { 'elk.port.side': 'SOUTH' },
        })),
      ],
    })),
    // Go-to edges point back up the graph; leaving them out keeps the layers in journey order.
    edges: edges
      .filter((e) => e.sourceHandle !== 'goto')
      .map((e) => ({
        id: e.id,
        sources: [`${e.source}:${e.sourceHandle ?? 'next'}`],
        targets: [`${e.target}:in`],
      })),
  };
  const laid = await elk.layout(graph);
  const at = new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
  return nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position }));
}

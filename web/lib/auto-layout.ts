// "Tidy up": lays the canvas out top to bottom with elkjs's layered algorithm, which keeps
// branches apart and edges short. Exits are ordered ports, so "yes" stays left of "no".
// Nodes are placed by network simplex (linear segments past 100 steps, see SIMPLEX_LIMIT):
// Brandes-Köpf shifted each layer by its exit ports' offset, so a long journey drifted sideways
// into a diagonal staircase.
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Edge } from '@xyflow/react';
import type { CanvasNode } from './folding.ts';
import { CARD } from './placement.ts';

/**
 * Network simplex places a campaign of 200 steps in about 10 s of CPU (measured in Node: 12.8 s,
 * against 1.5 s for linear segments, which also keeps long chains straight, and 2.3 s for
 * Brandes-Köpf, which drifts): above this many steps the layout uses linear segments.
 */
const SIMPLEX_LIMIT = 100;

type Answer = { id: number; laid?: ElkNode; error?: string };
let worker: Worker | undefined;
/** Set when the worker could not start (a browser or policy without module workers). */
let workerFailed = false;
let asked = 0;
const waiting = new Map<number, (a: Answer) => void>();

async function elkInThread(graph: ElkNode): Promise<ElkNode> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  return new ELK().layout(graph);
}

/**
 * elkjs off the page's thread (lib/elk-layout.worker.ts) in the browser: 200 steps take seconds
 * of CPU. Outside a browser (the unit tests), or where the worker cannot start, elk runs
 * in-thread, loaded only then.
 */
async function elkLayout(graph: ElkNode): Promise<ElkNode> {
  if (typeof Worker === 'undefined' || workerFailed) return elkInThread(graph);
  if (!worker) {
    worker = new Worker(new URL('./elk-layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<Answer>) => {
      waiting.get(e.data.id)?.(e.data);
      waiting.delete(e.data.id);
    };
    worker.onerror = () => {
      workerFailed = true;
      worker = undefined;
      for (const [id, answer] of waiting) answer({ id, error: 'worker' });
      waiting.clear();
    };
  }
  const id = ++asked;
  const answer = await new Promise<Answer>((resolve) => {
    waiting.set(id, resolve);
    worker!.postMessage({ id, graph });
  });
  if (answer.error === 'worker') return elkInThread(graph);
  if (!answer.laid) throw new Error(`the layout failed: ${answer.error}`);
  return answer.laid;
}

/** Size of a card before React Flow has measured it (see .step in globals.css). */
const DEFAULT_SIZE = CARD;

/** Lays out steps and fold cards alike: a fold card is one node of its size, its exits ports. */
export async function layoutWithElk<N extends CanvasNode>(nodes: N[], edges: Edge[]): Promise<N[]> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      // Room between layers for an exit's label under its card and the edge's turn.
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '50',
      'elk.layered.nodePlacement.strategy':
        nodes.length > SIMPLEX_LIMIT ? 'LINEAR_SEGMENTS' : 'NETWORK_SIMPLEX',
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
  const laid = await elkLayout(graph);
  const at = new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
  return nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position }));
}

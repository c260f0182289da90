// Where elkjs put the steps of a graph saved without positions (one made through the api), kept
// in the browser's localStorage by the graph's content: the live view lays a published version
// out once per browser, and later opens draw every step in its place at once, without waiting
// for the layout or watching the steps jump.
import type { CampaignGraph } from '../../core/graph.ts';

type Positions = Record<string, { x: number; y: number }>;
const PREFIX = 'herald-layout:';

/** FNV-1a over the graph's JSON: the same steps and edges give the same key, any change another. */
export function layoutKey(graph: CampaignGraph): string {
  const text = JSON.stringify({ nodes: graph.nodes, edges: graph.edges });
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${PREFIX}${(hash >>> 0).toString(16)}:${text.length}`;
}

export function readLayout(graph: CampaignGraph): Positions | undefined {
  try {
    const saved = window.localStorage.getItem(layoutKey(graph));
    const positions = saved ? (JSON.parse(saved) as Positions) : undefined;
    // Only a layout that places every step is used (a hash collision places none of them).
    return positions && graph.nodes.every((n) => positions[n.id]) ? positions : undefined;
  } catch {
    return undefined;
  }
}

export function saveLayout(graph: CampaignGraph, positions: Positions): void {
  const value = JSON.stringify(positions);
  try {
    window.localStorage.setItem(layoutKey(graph), value);
  } catch {
    // Storage full (or refused): forget the layouts kept so far and keep this one.
    try {
      for (const key of Object.keys(window.localStorage))
        if (key.startsWith(PREFIX)) window.localStorage.removeItem(key);
      window.localStorage.setItem(layoutKey(graph), value);
    } catch {
      // Private browsing without storage: the layout is made again next time.
    }
  }
}

// What changed between two versions of a campaign, node by node, for the version history: the
// canvas highlights added, removed and changed steps. Pure, so it is unit-tested.
import type { CampaignGraph, GraphNode } from '../../core/graph.ts';

export interface GraphDiff {
  added: string[];
  removed: string[];
  /** Steps whose settings or outgoing connections differ; moving a step is not a change. */
  changed: string[];
  /** Whether the campaign settings (re-entry, goal, sending window...) differ. */
  settingsChanged: boolean;
}

/** A JSON text that does not depend on key order, so {a,b} and {b,a} compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

function nodeShape(graph: CampaignGraph, node: GraphNode): string {
  const { position: _position, ...rest } = node;
  const out = graph.edges
    .filter((e) => e.from === node.id)
    .map((e) => `${e.exit}->${e.to}`)
    .sort();
  return canonical({ ...rest, out });
}

export function diffGraphs(before: CampaignGraph, after: CampaignGraph): GraphDiff {
  const old = new Map(before.nodes.map((n) => [n.id, nodeShape(before, n)]));
  const now = new Map(after.nodes.map((n) => [n.id, nodeShape(after, n)]));
  const { nodes: _a, edges: _b, ...oldSettings } = before;
  const { nodes: _c, edges: _d, ...newSettings } = after;
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
    settingsChanged: canonical(oldSettings) !== canonical(newSettings),
  };
}

/**
 * One graph to draw both versions on: the newer version's steps and edges, plus the removed
 * steps of the older one (where they stood), so the canvas can show them struck out.
 */
export function mergedForDiff(before: CampaignGraph, after: CampaignGraph): CampaignGraph {
  const kept = new Set(after.nodes.map((n) => n.id));
  return {
    ...after,
    nodes: [...after.nodes, ...before.nodes.filter((n) => !kept.has(n.id))],
    edges: [...after.edges, ...before.edges.filter((e) => !kept.has(e.from) || !kept.has(e.to))],
  };
}

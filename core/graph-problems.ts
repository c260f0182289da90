// The problems of a draft as the marketer draws it. A draft may be half-filled (a trigger with no
// event type yet), so it is stored loosely and checked here: the strict schema of graph.ts gives
// the field problems, validateGraph the structural ones. The api and the canvas share this, so
// the canvas shows in place exactly what publishing would refuse.
import { z } from 'zod';
import { CampaignGraph } from './graph.ts';
import { validateGraph } from './graph-validation.ts';

/** A draft node: an id and a kind, the rest checked only on publish. */
export const DraftNode = z.looseObject({
  id: z.string().min(1, 'give the node an id'),
  kind: z.string().min(1, 'name the node kind'),
});
export type DraftNode = z.infer<typeof DraftNode>;

/** A draft edge: which exit of which node leads where. */
export const DraftEdge = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  exit: z.string().min(1).default('next'),
});

/** The draft as saved while drawing: every shape the canvas may hold, nothing lost. */
export const DraftGraph = z.looseObject({
  nodes: z.array(DraftNode).max(2000, 'a campaign holds at most 2000 nodes'),
  edges: z.array(DraftEdge).max(10000).default([]),
});
export type DraftGraph = z.infer<typeof DraftGraph>;

export interface DraftProblem {
  /** The node at fault, when there is one: the canvas selects it. */
  nodeId?: string;
  /** The field of that node (or of the campaign settings) at fault, e.g. "timeout.amount". */
  field?: string;
  message: string;
}

/** Every problem that stops this draft from being published, each naming its node and field. */
export function draftProblems(draft: DraftGraph): DraftProblem[] {
  const parsed = CampaignGraph.safeParse(draft);
  if (parsed.success)
    return validateGraph(parsed.data).map((p) => ({
      ...(p.nodeId && { nodeId: p.nodeId }),
      message: p.message,
    }));
  // An empty canvas: the structural check below says it better ("add a trigger node").
  const issues = parsed.error.issues.filter(
    (i) => !(i.code === 'too_small' && i.path.length === 1 && i.path[0] === 'nodes'),
  );
  const problems: DraftProblem[] = issues.map((issue) => {
    const [head, index, ...rest] = issue.path.map(String);
    if (head === 'nodes' && index !== undefined) {
      const node = draft.nodes[Number(index)];
      return {
        ...(node ? { nodeId: node.id } : {}),
        ...(rest.length > 0 && { field: rest.join('.') }),
        message:
          issue.code === 'invalid_union' ? `"${node?.kind}" is not a node kind` : issue.message,
      };
    }
    return { field: issue.path.map(String).join('.') || undefined, message: issue.message };
  });
  // The structure (connections, reachability, loops) is checked too while fields are missing,
  // so the marketer sees both at once; a node too malformed to walk just skips this part.
  try {
    for (const p of validateGraph(draft as CampaignGraph))
      problems.push({ ...(p.nodeId && { nodeId: p.nodeId }), message: p.message });
  } catch {
    /* field problems above already say what to fix */
  }
  return problems;
}

// What every part of a journey's walk reads and changes: the graph, the state the query shows,
// the events received, the visits per node, and how progress is recorded.
import type { CampaignGraph } from '../core/graph.ts';
import type { JourneyEvent, JourneyInput, JourneyState } from './journey-api.ts';
import type { JourneyProgress } from './journey-progress.ts';

export interface Walk {
  workflowId: string;
  input: JourneyInput;
  graph: CampaignGraph;
  state: JourneyState;
  /** Events of this customer received since the journey started, in arrival order. */
  received: JourneyEvent[];
  /** How many times the journey has entered each node (message keys and message conditions). */
  visits: Map<string, number>;
  progress: JourneyProgress;
}

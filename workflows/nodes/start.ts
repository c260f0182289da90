// The triggers, as a journey runs them: it has entered already, so each leaves by "next"; an
// abandonment trigger first waits out its quiet period.
import { eventMatches } from '../../core/conditions.ts';
import type { StartNode, TriggerNode } from '../../core/graph.ts';
import { durationMs } from '../../core/graph-walk.ts';
import type { Walk } from '../journey-context.ts';
import { waitUntil } from '../journey-waits.ts';
import type { StepRegistry } from './kind.ts';

/**
 * An abandonment trigger's quiet period: the journey goes on once `within` passes with no new
 * trigger event (each one restarts the period). The `unlessWithin` event itself ends the journey
 * through the workflow's exit handling, which cancels this wait.
 */
async function waitOutAbandonment(w: Walk, trigger: TriggerNode): Promise<void> {
  const unless = trigger.unlessWithin;
  if (!unless) return;
  // The journey waits at its trigger: the live view and the state query show it there.
  w.state.currentNode = trigger.id;
  await w.progress.arrived(trigger.id);
  let from = w.received.length;
  const again = () => w.received.slice(from).some((e) => eventMatches(trigger, e));
  while (await waitUntil(w, trigger.id, durationMs(unless.within), again)) {
    from = w.received.length;
  }
}

const next = { run: () => Promise.resolve('next') };

export const startSteps: StepRegistry<StartNode> = {
  trigger: { ...next, admit: waitOutAbandonment },
  scheduleTrigger: next,
  dateTrigger: next,
  inactivityTrigger: next,
};

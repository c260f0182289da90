// The wait nodes, as a journey runs them (their schemas and rules are in core/nodes/wait.ts).
import { eventMatches } from '../../core/conditions.ts';
import type { WaitNode } from '../../core/graph.ts';
import { durationMs } from '../../core/graph-walk.ts';
import {
  waitForDateAttribute,
  waitForWindow,
  waitUntil,
  waitUntilInstant,
} from '../journey-waits.ts';
import type { StepRegistry } from './kind.ts';

export const waitSteps: StepRegistry<WaitNode> = {
  delay: {
    async run(w, node) {
      await waitUntil(w, node.id, durationMs(node.duration));
      return 'next';
    },
  },
  delayUntil: {
    async run(w, node) {
      await waitUntilInstant(w, node.id, new Date(node.until));
      return 'next';
    },
  },
  delayUntilAttribute: {
    run: async (w, node) => ((await waitForDateAttribute(w, node)) ? 'next' : 'missing'),
  },
  waitUntilWindow: {
    async run(w, node) {
      await waitForWindow(w, node.id, node.window);
      return 'next';
    },
  },
  waitForEvent: {
    async run(w, node) {
      const from = w.received.length; // only events that arrive while waiting count
      const arrived = () => w.received.slice(from).some((e) => eventMatches(node, e));
      return (await waitUntil(w, node.id, durationMs(node.timeout), arrived)) ? 'event' : 'timeout';
    },
  },
};

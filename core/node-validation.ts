// Checks on one node's own settings that its schema cannot express: the mistakes a marketer
// makes in a side panel, each said as what to do about it.
import { assertNever, type GraphNode } from './graph.ts';

const duplicates = (names: string[]) => names.filter((n, i) => names.indexOf(n) !== i);

export function nodeProblems(node: GraphNode): string[] {
  switch (node.kind) {
    case 'scheduleTrigger': {
      if ((node.at === undefined) === (node.every === undefined))
        return ['set either a date and time ("at") or a recurring schedule ("every"), not both'];
      const every = node.every;
      if (every?.frequency === 'weekly' && !every.days?.length)
        return ['pick the weekdays the weekly schedule runs on'];
      if (every?.frequency === 'weekly' && every.days?.some((d) => d > 7))
        return ['weekdays run from 1 (Monday) to 7 (Sunday)'];
      if (every?.frequency === 'monthly' && !every.days?.length)
        return ['pick the days of the month the schedule runs on'];
      return [];
    }
    case 'dateTrigger':
    case 'delayUntilAttribute':
      return node.attribute === 'birthDate' || /^custom\.[^.]+$/.test(node.attribute)
        ? []
        : [
            `use "birthDate" or a custom date field such as "custom.renewsOn", not "${node.attribute}"`,
          ];
    case 'branch':
      return duplicates(node.branches.map((b) => b.name)).map(
        (name) => `two branches are named "${name}": give each its own name`,
      );
    case 'sendMessage':
      return duplicates(node.channels.map((c) => c.channel)).map(
        (channel) => `${channel} appears twice in the cascade: keep one`,
      );
    case 'httpCall':
      return /^(https?:\/\/|\{\{)/.test(node.url)
        ? []
        : ['the URL must start with http:// or https://'];
    case 'trigger':
    case 'inactivityTrigger':
    case 'delay':
    case 'delayUntil':
    case 'condition':
    case 'sendEmail':
    case 'updateProfile':
    case 'exit':
    case 'waitForEvent':
    case 'split':
    case 'goto':
    case 'waitUntilWindow':
      return [];
    default:
      return assertNever(node);
  }
}

// Conditions and branches. Profile rules are decided by pure code over a fresh profile; rules on
// events, segments, messages and consent ask Postgres through one local activity.
import { evaluateAttributeRule } from '../core/conditions.ts';
import type { ConditionRule } from '../core/graph.ts';
import { assertNever } from '../core/graph-walk.ts';
import { journeyMessageKey } from '../core/ids.ts';
import { checkRule, loadProfile } from './journey-activities.ts';
import type { Walk } from './journey-context.ts';

export async function decide(w: Walk, rule: ConditionRule): Promise<boolean> {
  switch (rule.kind) {
    case 'attribute':
      return evaluateAttributeRule(rule, await loadProfile(w.input.customerId));
    case 'eventSinceEntry':
      return w.received.some((e) => e.type === rule.eventType);
    case 'messageStatus': {
      // The message of the latest visit to that send step; none if the journey never got there.
      const visit = w.visits.get(rule.nodeId);
      if (!visit) return false;
      return checkRule({
        customerId: w.input.customerId,
        rule,
        messageKey: journeyMessageKey(w.workflowId, rule.nodeId, visit),
      });
    }
    case 'eventWithin':
    case 'segment':
    case 'subscription':
    case 'reachable':
      return checkRule({ customerId: w.input.customerId, rule });
    default:
      return assertNever(rule);
  }
}

/** The first branch whose rules all hold, or "else". */
export async function chooseBranch(
  w: Walk,
  branches: { name: string; rules: ConditionRule[] }[],
): Promise<string> {
  for (const branch of branches) {
    let holds = true;
    for (const rule of branch.rules) {
      if (!(await decide(w, rule))) {
        holds = false;
        break;
      }
    }
    if (holds) return branch.name;
  }
  return 'else';
}

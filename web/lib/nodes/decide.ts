// The nodes that choose the way, on the canvas (core/nodes/decide.ts holds their schemas).
import { assertNever, type ConditionRule, type DecideNode } from '../../../core/graph.ts';
import { newRule, operatorWords, ruleFields } from '../fields.ts';
import { circle, durationText, type SpecRegistry } from './kind.ts';

/** A condition rule in a few words: "city is Paris", "purchase within 7 days?". */
function ruleText(rule: ConditionRule): string {
  switch (rule.kind) {
    case 'eventSinceEntry':
      return `${rule.eventType} since entry?`;
    case 'eventWithin':
      return `${rule.eventType} within ${durationText(rule.within)}?`;
    case 'segment':
      // The card puts «segment “VIP”» or «audience “…”» in the ID's place (NamesContext).
      return `${rule.member ? 'in' : 'not in'} ${rule.segmentId || 'segment ?'}?`;
    case 'messageStatus':
      return `${rule.nodeId} ${rule.status}?`;
    case 'subscription':
      return `subscribed to ${rule.messagingType} ${rule.channel}?`;
    case 'reachable':
      return `reachable by ${rule.channel}?`;
    case 'attribute': {
      const words = operatorWords[rule.operator] ?? rule.operator;
      return rule.value === undefined
        ? `${rule.attribute} ${words}`
        : `${rule.attribute} ${words} ${String(rule.value)}`;
    }
    default:
      return assertNever(rule);
  }
}

export const decideKinds = {
  condition: {
    label: 'Condition',
    hint: 'Tests the profile, an event, a segment, a message or a subscription: leaves by "yes" or "no"',
    group: 'Decide',
    colour: '#0284c7',
    icon: ['M12 3 21 12 12 21 3 12z'],
    hasInput: true,
    defaults: () => ({ rule: newRule() }),
    fields: ruleFields('rule'),
    summary: (node) => `if ${ruleText(node.rule).replace(/\?$/, '')}`,
  },
  branch: {
    label: 'Branch',
    hint: 'Several exits: the first branch whose rules all hold, else "else"',
    group: 'Decide',
    colour: '#0284c7',
    icon: [circle(6, 6, 2), circle(6, 18, 2), circle(18, 8, 2), 'M6 8v8M18 10a8 8 0 0 1-10 7'],
    hasInput: true,
    defaults: () => ({ branches: [{ name: 'first', rules: [newRule()] }] }),
    fields: [
      {
        type: 'list',
        path: 'branches',
        label: 'Branches, in order',
        addLabel: 'Add branch',
        newItem: (i) => ({ name: `branch${i + 1}`, rules: [newRule()] }),
        item: [
          { type: 'text', path: 'name', label: 'Exit name' },
          {
            type: 'list',
            path: 'rules',
            label: 'All of',
            addLabel: 'Add rule',
            newItem: () => newRule(),
            item: ruleFields(''),
          },
        ],
      },
    ],
    summary: (node) => `branch: ${node.branches.map((b) => b.name).join(' · ')} · else`,
  },
  split: {
    label: 'A/B split',
    hint: 'Sends each customer down one variant by weight, or to the control group',
    group: 'Decide',
    colour: '#4f46e5',
    icon: ['M12 21v-7M12 14 5 5M12 14l7-9M5 5h3M5 5v3M19 5h-3M19 5v3'],
    hasInput: true,
    defaults: () => ({
      variants: [
        { name: 'A', weight: 50 },
        { name: 'B', weight: 50 },
      ],
      controlWeight: 0,
    }),
    fields: [
      {
        type: 'list',
        path: 'variants',
        label: 'Variants',
        addLabel: 'Add variant',
        newItem: (i) => ({ name: String.fromCharCode(65 + i), weight: 50 }),
        item: [
          { type: 'text', path: 'name', label: 'Name' },
          { type: 'number', path: 'weight', label: 'Weight' },
        ],
      },
      { type: 'number', path: 'controlWeight', label: 'Control group weight (sent nothing)' },
    ],
    summary(node) {
      const total = node.variants.reduce((sum, v) => sum + v.weight, node.controlWeight ?? 0);
      const pct = (w: number) => `${Math.round((w / total) * 100)}%`;
      const parts = node.variants.map((v) => `${v.name} ${pct(v.weight)}`);
      if ((node.controlWeight ?? 0) > 0) parts.push(`control ${pct(node.controlWeight!)}`);
      return `split ${parts.join(' · ')}`;
    },
  },
} satisfies SpecRegistry<DecideNode['kind']>;

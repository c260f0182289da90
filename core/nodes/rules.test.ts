import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CampaignGraph, type CampaignGraphInput } from '../graph.ts';
import { validateGraph } from '../graph-validation.ts';

/** One node after a trigger, every exit of it connected to an exit node. */
function around(node: Record<string, unknown>, exits: string[]): CampaignGraph {
  const input: CampaignGraphInput = {
    nodes: [
      { id: 't', kind: 'trigger', eventType: 'go' },
      { id: 'n', ...node } as CampaignGraphInput['nodes'][number],
      ...exits.map((e) => ({ id: `out-${e}`, kind: 'exit' as const })),
    ],
    edges: [{ from: 't', to: 'n' }, ...exits.map((e) => ({ from: 'n', to: `out-${e}`, exit: e }))],
  };
  return CampaignGraph.parse(input);
}
const messages = (g: CampaignGraph) =>
  validateGraph(g).map((p) => `${p.nodeId ?? '-'}: ${p.message}`);

test('every new node kind validates clean when it is complete', () => {
  const complete: [Record<string, unknown>, string[]][] = [
    [{ kind: 'delayUntil', until: '2026-12-24T18:00:00Z' }, ['next']],
    [
      { kind: 'delayUntilAttribute', attribute: 'custom.renewsOn', offsetDays: -3 },
      ['next', 'missing'],
    ],
    [
      {
        kind: 'branch',
        branches: [{ name: 'vip', rules: [{ kind: 'segment', segmentId: 'vip' }] }],
      },
      ['vip', 'else'],
    ],
    [
      {
        kind: 'sendMessage',
        channels: [
          { channel: 'push', templateId: 'p' },
          { channel: 'email', templateId: 'e' },
        ],
      },
      ['sent', 'undelivered'],
    ],
    [{ kind: 'updateProfile', actions: [{ op: 'addTag', tag: 'vip' }] }, ['next']],
    [{ kind: 'httpCall', url: 'https://crm.example.com/hook' }, ['success', 'failure']],
  ];
  for (const [node, exits] of complete)
    assert.deepEqual(messages(around(node, exits)), [], JSON.stringify(node));
});

test('time-based triggers stand alone as a campaign entry', () => {
  for (const trigger of [
    { kind: 'scheduleTrigger', at: '2026-11-27T09:00:00Z', segmentId: 'bf' },
    { kind: 'scheduleTrigger', every: { frequency: 'weekly', time: '10:00', days: [1, 4] } },
    { kind: 'dateTrigger', attribute: 'birthDate' },
    { kind: 'inactivityTrigger', days: 30 },
  ]) {
    const g = CampaignGraph.parse({
      nodes: [
        { id: 't', ...trigger },
        { id: 'x', kind: 'exit' },
      ],
      edges: [{ from: 't', to: 'x' }],
    });
    assert.deepEqual(messages(g), [], JSON.stringify(trigger));
  }
});

test('a trigger or step missing what it needs says what to add, on its node', () => {
  const cases: [Record<string, unknown>, string[], string][] = [
    [
      { kind: 'scheduleTrigger' },
      ['next'],
      'n: set either a date and time ("at") or a recurring schedule ("every"), not both',
    ],
    [
      { kind: 'scheduleTrigger', every: { frequency: 'weekly', time: '10:00' } },
      ['next'],
      'n: pick the weekdays the weekly schedule runs on',
    ],
    [
      { kind: 'dateTrigger', attribute: 'city' },
      ['next'],
      'n: use "birthDate" or a custom date field such as "custom.renewsOn", not "city"',
    ],
    [
      {
        kind: 'branch',
        branches: [
          { name: 'a', rules: [{ kind: 'reachable', channel: 'sms' }] },
          { name: 'a', rules: [{ kind: 'reachable', channel: 'email' }] },
        ],
      },
      ['a', 'else'],
      'n: two branches are named "a": give each its own name',
    ],
    [
      {
        kind: 'sendMessage',
        channels: [
          { channel: 'sms', templateId: 's' },
          { channel: 'sms', templateId: 't' },
        ],
      },
      ['sent', 'undelivered'],
      'n: sms appears twice in the cascade: keep one',
    ],
    [
      { kind: 'httpCall', url: 'crm.example.com' },
      ['success', 'failure'],
      'n: the URL must start with http:// or https://',
    ],
  ];
  for (const [node, exits, expected] of cases) {
    const g = around(node, exits);
    // A time-based trigger in the middle is also reported as led into; only its own problem matters here.
    assert.ok(
      messages(g).includes(expected),
      `${JSON.stringify(node)}: ${messages(g).join(' | ')}`,
    );
  }
});

test('a loop whose only wait is a sending window or a past date is refused: it would spin', () => {
  const g = CampaignGraph.parse({
    nodes: [
      { id: 't', kind: 'trigger', eventType: 'go' },
      { id: 'w', kind: 'waitUntilWindow', window: { from: '09:00', to: '18:00' } },
      { id: 'u', kind: 'updateProfile', actions: [{ op: 'addTag', tag: 'x' }] },
      { id: 'g', kind: 'goto', target: 'w' },
    ],
    edges: [
      { from: 't', to: 'w' },
      { from: 'w', to: 'u' },
      { from: 'u', to: 'g' },
    ],
  });
  assert.deepEqual(messages(g), [
    'g: this loop has no delay or wait in it and would spin: add one',
  ]);
});

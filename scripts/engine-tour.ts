// A campaign that passes through most of the engine's node kinds in one journey: used to record
// histories the replay test protects (scripts/record-histories.ts).
import type { CampaignGraphInput } from '../core/graph.ts';

export function engineTourGraph(templateId: string, hookUrl: string): CampaignGraphInput {
  return {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'tour' },
      {
        id: 'sort',
        kind: 'branch',
        branches: [
          { name: 'vip', rules: [{ kind: 'segment', segmentId: 'vip' }] },
          { name: 'reachable', rules: [{ kind: 'reachable', channel: 'email' }] },
        ],
      },
      {
        id: 'send',
        kind: 'sendMessage',
        channels: [
          { channel: 'sms', templateId },
          { channel: 'email', templateId },
        ],
      },
      { id: 'tag', kind: 'updateProfile', actions: [{ op: 'addTag', tag: 'toured' }] },
      { id: 'call', kind: 'httpCall', url: `${hookUrl}?customer={{ customer.id }}` },
      {
        id: 'opened',
        kind: 'condition',
        rule: { kind: 'messageStatus', nodeId: 'send', status: 'sent' },
      },
      { id: 'renewal', kind: 'delayUntilAttribute', attribute: 'custom.renewsOn' },
      { id: 'out', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'sort' },
      { from: 'sort', to: 'send', exit: 'vip' },
      { from: 'sort', to: 'send', exit: 'reachable' },
      { from: 'sort', to: 'out', exit: 'else' },
      { from: 'send', to: 'tag', exit: 'sent' },
      { from: 'send', to: 'out', exit: 'undelivered' },
      { from: 'tag', to: 'call' },
      { from: 'call', to: 'opened', exit: 'success' },
      { from: 'call', to: 'out', exit: 'failure' },
      { from: 'opened', to: 'renewal', exit: 'yes' },
      { from: 'opened', to: 'out', exit: 'no' },
      { from: 'renewal', to: 'out', exit: 'next' },
      { from: 'renewal', to: 'out', exit: 'missing' },
    ],
  };
}

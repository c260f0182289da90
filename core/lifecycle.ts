// A campaign's lifecycle: which action is allowed from which status, and what it does to the
// journeys in flight. Pure, so the api, the web app and tests share one table.
import type { CampaignStatus } from './campaign.ts';

export type LifecycleAction = 'publish' | 'pause' | 'resume' | 'stop' | 'archive';

interface Transition {
  from: CampaignStatus[];
  /** The status after the action; publish keeps a paused campaign paused. */
  to: (from: CampaignStatus) => CampaignStatus;
  /** What happens to running journeys, in words for the confirmation a marketer sees. */
  journeys: string;
}

export const transitions: Record<LifecycleAction, Transition> = {
  publish: {
    from: ['draft', 'active', 'paused', 'stopped'],
    to: (from) => (from === 'paused' ? 'paused' : 'active'),
    journeys:
      'Journeys in flight finish on the version they entered with; new entries take the new version.',
  },
  pause: {
    from: ['active'],
    to: () => 'paused',
    journeys:
      'Journeys keep waiting and deciding but hold before their next message until you resume. No one new enters.',
  },
  resume: {
    from: ['paused'],
    to: () => 'active',
    journeys: 'Held journeys send and carry on where they were; new entries start again.',
  },
  stop: {
    from: ['active', 'paused'],
    to: () => 'stopped',
    journeys: 'Every running journey ends now, without sending anything more. No one new enters.',
  },
  archive: {
    from: ['draft', 'stopped'],
    to: () => 'archived',
    journeys: 'Nothing runs in an archived campaign; it leaves the campaign list.',
  },
};

export type TransitionCheck =
  { allowed: true; to: CampaignStatus } | { allowed: false; reason: string };

export function checkTransition(action: LifecycleAction, from: CampaignStatus): TransitionCheck {
  const t = transitions[action];
  if (t.from.includes(from)) return { allowed: true, to: t.to(from) };
  return {
    allowed: false,
    reason: `${/^[aeiou]/.test(from) ? 'An' : 'A'} ${from} campaign cannot be ${action === 'stop' ? 'stopped' : `${action}d`}; only a ${t.from.join(', ')} one can.`,
  };
}

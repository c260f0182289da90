// What a customer may be sent now, per messaging type and channel, from their stored consents:
// the profile draws it as a grid so a marketer sees at a glance why a message was skipped.
// The reading is the contact policy's (db/preferences.ts): subscribed unless the customer left
// that type, or every type ("all"), on that channel; transactional types go out regardless.
import { Channel } from '../../core/channels.ts';
import type { Consent } from '../../core/contract/privacy.ts';

export const CHANNELS = Channel.options;

/** One cell: the state and, when the customer chose it, where and when. */
export type ConsentCell =
  | { state: 'always' }
  | { state: 'subscribed' | 'unsubscribed'; chosen?: Consent; leftAll?: Consent };

export interface ConsentRow {
  key: string;
  name: string;
  transactional: boolean;
  cells: Record<Channel, ConsentCell>;
}

interface TypeInfo {
  key: string;
  name: string;
  transactional: boolean;
}

/**
 * A row per messaging type (the defined ones, then any the customer's consents name that is
 * not defined, read as marketing), a cell per channel.
 */
export function consentGrid(subscriptions: Consent[], types: TypeInfo[]): ConsentRow[] {
  const known = new Set(types.map((t) => t.key));
  const extra = [...new Set(subscriptions.map((s) => s.messagingType))]
    .filter((k) => k !== 'all' && !known.has(k))
    .sort()
    .map((key) => ({ key, name: key, transactional: false }));
  const stored = new Map(subscriptions.map((s) => [`${s.channel}:${s.messagingType}`, s]));
  const cell = (t: TypeInfo, channel: Channel): ConsentCell => {
    if (t.transactional) return { state: 'always' };
    const chosen = stored.get(`${channel}:${t.key}`);
    const all = stored.get(`${channel}:all`);
    const leftAll = all && !all.subscribed ? all : undefined;
    const left = leftAll !== undefined || chosen?.subscribed === false;
    return { state: left ? 'unsubscribed' : 'subscribed', chosen, leftAll };
  };
  // Marketing types first: they are what consents decide.
  return [
    ...types.filter((t) => !t.transactional),
    ...extra,
    ...types.filter((t) => t.transactional),
  ].map((t) => ({
    key: t.key,
    name: t.name,
    transactional: t.transactional,
    cells: Object.fromEntries(CHANNELS.map((c) => [c, cell(t, c)])) as Record<Channel, ConsentCell>,
  }));
}

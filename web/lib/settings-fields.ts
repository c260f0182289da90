// The campaign settings form, as field descriptions over the graph's settings (everything in
// CampaignGraph beside nodes and edges). Checked by the same schemas, via core/graph-problems.ts.
import type { Field } from './fields.ts';
import { choices, eventMatchFields, windowFields } from './fields.ts';
import type { GraphSettings } from './graph-to-flow.ts';

const reentryKind = (s: Record<string, unknown>) =>
  (s.reentry as { kind?: string } | undefined)?.kind;

export const settingsFields: Field[] = [
  {
    type: 'select',
    path: 'reentry.kind',
    label: 'A customer may enter',
    options: choices({
      once: 'once ever',
      oncePerPeriod: 'once per N days',
      maxTimes: 'at most N times',
      notWhileRunning: 'any time, one journey at once',
    }),
  },
  {
    type: 'number',
    path: 'reentry.days',
    label: 'Days between entries',
    when: (s) => reentryKind(s) === 'oncePerPeriod',
  },
  {
    type: 'number',
    path: 'reentry.times',
    label: 'Entries at most',
    when: (s) => reentryKind(s) === 'maxTimes',
  },
  { type: 'number', path: 'limits.maxEntriesPerDay', label: 'Entries per day at most' },
  { type: 'datetime', path: 'startsAt', label: 'Accept entries from' },
  { type: 'datetime', path: 'endsAt', label: 'Accept entries until' },
  { type: 'checkbox', path: 'testMode', label: 'Test mode: only testers enter' },
  ...windowFields('sendingWindow').map((f) => ({
    ...f,
    // The hours messages may go out in, in the customer's time zone: a sending window.
    label: `Sending window: send ${f.label.toLowerCase()}`,
  })),
  ...eventMatchFields('goal').map((f) => ({ ...f, label: `Goal: ${f.label.toLowerCase()}` })),
  {
    type: 'list',
    path: 'exitOn',
    label: 'End the journey when the customer does',
    addLabel: 'Add exit event',
    newItem: () => ({ eventType: '', filters: [] }),
    item: eventMatchFields(''),
  },
];

/**
 * Drops settings left empty in the form (quiet hours with no times, a goal with no event), so an
 * untouched optional setting is absent rather than a half-filled object that fails the schema.
 */
export function pruneSettings(s: GraphSettings): GraphSettings {
  const out = { ...s } as Record<string, unknown>;
  const w = out.sendingWindow as { from?: string; to?: string } | undefined;
  if (w && !w.from && !w.to) delete out.sendingWindow;
  const goal = out.goal as { eventType?: string; filters?: unknown[] } | undefined;
  if (goal && !goal.eventType && (goal.filters ?? []).length === 0) delete out.goal;
  const limits = out.limits as { maxEntriesPerDay?: number } | undefined;
  if (limits && limits.maxEntriesPerDay === undefined) delete out.limits;
  if (Array.isArray(out.exitOn) && out.exitOn.length === 0) delete out.exitOn;
  return out as GraphSettings;
}

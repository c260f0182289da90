// The mailing page's pure parts: a new mailing's starting values, what each status lets the
// marketer change (the api's edit rules, core/mailing-rules.ts, in the page's words), the
// delivery as the form asks for it, and the progress of a sending mailing.
import type {
  Mailing,
  MailingCounts,
  MailingDelivery,
  MailingInput,
  MailingStatus,
} from '../../core/contract/mailings.ts';
import { editable, finished, running } from '../../core/mailing-rules.ts';

export const blankMailing = (): MailingInput => ({
  name: '',
  channel: 'email',
  messagingType: 'promo',
  audience: { include: { segments: [], audiences: [] }, exclude: { segments: [], audiences: [] } },
  delivery: { mode: 'now' },
  attribution: {},
});

/** The saved mailing as the form edits it: its input fields, nothing the api computed. */
export function inputOf(m: Mailing): MailingInput {
  return {
    name: m.name,
    channel: m.channel,
    sender: m.sender ?? null,
    templateId: m.templateId ?? null,
    templateRevision: m.templateRevision,
    messagingType: m.messagingType,
    audience: m.audience,
    delivery: m.delivery,
    sendingWindow: m.sendingWindow ?? null,
    throttlePerMinute: m.throttlePerMinute ?? null,
    attribution: m.attribution,
    abTest: m.abTest ?? null,
  };
}

export interface EditRules {
  /** Name, audience, channel, template, delivery, window, A/B: until it starts. */
  content: boolean;
  throttle: boolean;
  attribution: boolean;
  /** Why what is read-only is so, shown above the form; undefined when everything can change. */
  why?: string;
}

export function editRules(status: MailingStatus | undefined): EditRules {
  if (status === undefined || editable(status))
    return { content: true, throttle: true, attribution: true };
  if (running(status))
    return {
      content: false,
      throttle: true,
      attribution: true,
      why: `The mailing is ${status}: its audience, template and delivery cannot change any more. You can pause, resume or cancel it, and change the throttle.`,
    };
  return {
    content: false,
    throttle: false,
    attribution: finished(status),
    why: `The mailing is ${status}: only its attribution rules can change now.`,
  };
}

/** How the form asks when to send: now, at one instant, or at a local time in each zone. */
export type When = 'now' | 'at' | 'localTime';

/** A datetime-local value ("2026-12-24T10:00") from a delivery, for the form's input. */
export function localInputOf(d: MailingDelivery): string {
  if (d.mode === 'localTime') return d.localTime;
  if (d.mode === 'at') {
    const t = new Date(d.at);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
  }
  return '';
}

/**
 * The delivery from the form: "now"; or a date and time, read in each recipient's zone unless
 * "deliver immediately, ignoring the recipient's local time" is ticked (then in the browser's).
 */
export function deliveryOf(when: When, local: string): MailingDelivery {
  if (when === 'now') return { mode: 'now' };
  if (when === 'localTime') return { mode: 'localTime', localTime: local };
  const at = new Date(local);
  return { mode: 'at', at: Number.isNaN(at.getTime()) ? local : at.toISOString() };
}

/** Done of all recipients (0 to 1): each one no longer queued has been sent, failed or skipped. */
export function progressOf(c: MailingCounts): number {
  if (c.recipients === 0) return 0;
  return Math.min(1, Math.max(0, (c.recipients - c.queued) / c.recipients));
}

/** The counts the page shows, in order, with the words under each. */
export const COUNT_LABELS: [keyof MailingCounts, string][] = [
  ['recipients', 'Recipients'],
  ['queued', 'Queued'],
  ['sent', 'Sent'],
  ['delivered', 'Delivered'],
  ['failed', 'Failed'],
  ['skipped', 'Skipped'],
  ['opened', 'Opened'],
  ['clicked', 'Clicked'],
  ['unsubscribed', 'Unsubscribed'],
  ['converted', 'Converted'],
];

/** Why recipients were left out of the frozen audience, as the page names them. */
export const EXCLUSION_LABELS = {
  no_contact: 'no contact',
  invalid: 'invalid address',
  unsubscribed: 'unsubscribed',
  capped: 'capped by the contact policy',
  control_group: 'global control group',
  ab_control: 'A/B control group',
} as const;

/** Statuses in which the page polls for live counts. */
export const isLive = (s: MailingStatus) => s === 'scheduled' || running(s);

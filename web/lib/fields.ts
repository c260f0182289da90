// Form fields as data: the side panel draws a node's form (and the campaign settings form) from
// these descriptions, and reads and writes values by their dotted path. Validation is not here:
// the forms are checked by the zod schemas of core/graph.ts, through core/graph-problems.ts.
import type { ConditionRule, ProfileAction } from '../../core/graph.ts';

type Obj = Record<string, unknown>;

interface Common {
  /** Dotted path from the node (or the settings) to the value: "timeout.amount". */
  path: string;
  label: string;
  help?: string;
  /** Shown only when this holds of the node (a condition shows the fields of its rule's kind). */
  when?: (value: Obj) => boolean;
}

export type Field = Common &
  /** `suggest` offers what Herald has recorded: event types, or events' property names. */
  (
    | { type: 'text'; placeholder?: string; suggest?: 'eventType' | 'eventProperty' }
    | { type: 'textarea'; placeholder?: string }
    /** Write-only: a password input that never shows a stored value (gateway credentials). */
    | { type: 'secret'; placeholder?: string; multiline?: boolean }
    /** Words separated by commas ("DELIVRD, ACCEPTD"), saved as an array of strings. */
    | { type: 'textList'; placeholder?: string }
    /** A JSON object typed as text (a service account's key file), saved parsed. */
    | { type: 'json'; placeholder?: string }
    | { type: 'number' }
    /** `initial` is what an absent value means (a schema default such as `yearly: true`). */
    | { type: 'checkbox'; initial?: boolean }
    /** Header-style lines, "Name: value", saved as an object of strings. */
    | { type: 'record' }
    /** Whole numbers separated by commas ("1, 15"), saved as an array. */
    | { type: 'numberList' }
    /** A string, number or boolean, written as typed: 42 is a number, true a boolean. */
    | { type: 'scalar' }
    | {
        type: 'select';
        options: { value: string; label: string }[];
        optional?: boolean;
        /**
         * For a select that picks a shape (a rule's kind, an action's op): the whole object
         * holding the field is replaced by this, so no field of the previous shape lingers.
         */
        replaces?: (value: string) => Obj;
      }
    /** ISO weekdays 1..7 as checkboxes. */
    | { type: 'days' }
    /** A local date and time, saved as ISO 8601 UTC. */
    | { type: 'datetime' }
    /** An email template, picked from the api's list. */
    | { type: 'template' }
    /** A segment, an audience (or either), picked by name; the ID is saved. */
    | { type: 'named'; what: 'segmentOrAudience' | 'audience' }
    /** Another node of the campaign, picked from the canvas. */
    | { type: 'node' }
    | {
        type: 'list';
        item: Field[];
        addLabel: string;
        newItem: (index: number) => Obj;
      }
  );

export function getPath(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Obj)[key];
  }
  return at;
}

/** A copy of `value` with `path` set; `undefined` removes the key (an optional field cleared). */
export function setPath<T>(value: T, path: string, next: unknown): T {
  const [key, ...rest] = path.split('.');
  const isArray = Array.isArray(value);
  const copy: Obj = isArray ? ([...(value as unknown[])] as unknown as Obj) : { ...(value as Obj) };
  const child =
    rest.length === 0
      ? next
      : setPath(copy[key!] ?? (/^\d+$/.test(rest[0]!) ? [] : {}), rest.join('.'), next);
  if (child === undefined && !isArray) delete copy[key!];
  else copy[key!] = child;
  return copy as T;
}

/** Select options from value → label pairs, in order. */
export const choices = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** "Authorization: Bearer x" lines to an object of headers, and back. */
export function parseRecord(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.split(/:(.*)/s).map((part) => part.trim()))
      .filter(([name]) => name)
      .map(([name, value]) => [name!, value ?? '']),
  );
}
export const recordText = (value: unknown): string =>
  value && typeof value === 'object'
    ? Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join('\n')
    : '';

/** What a typed text means for a scalar field: numbers and booleans as such, else the text. */
export function parseScalar(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

/** The words for each operator, in forms and on the cards' summaries. */
export const operatorWords: Record<string, string> = {
  equals: 'equals',
  notEquals: 'is not',
  exists: 'is set',
  notExists: 'is not set',
  contains: 'contains',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};
export const operatorOptions = choices(operatorWords);

const unitOptions = ['seconds', 'minutes', 'hours', 'days'].map((u) => ({ value: u, label: u }));

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

export function durationFields(path: string, label: string): Field[] {
  return [
    { type: 'number', path: `${path}.amount`, label },
    { type: 'select', path: `${path}.unit`, label: 'Unit', options: unitOptions },
  ];
}

/** An event type with property filters (wait-for-event, goal, exit events). */
export function eventMatchFields(prefix: string): Field[] {
  return [
    {
      type: 'text',
      path: join(prefix, 'eventType'),
      label: 'Event type',
      placeholder: 'purchase',
      suggest: 'eventType',
    },
    {
      type: 'list',
      path: join(prefix, 'filters'),
      label: 'Only when',
      addLabel: 'Add filter',
      newItem: () => ({ property: '', operator: 'equals', value: '' }),
      item: [
        {
          type: 'text',
          path: 'property',
          label: 'Property',
          placeholder: 'total',
          suggest: 'eventProperty',
        },
        { type: 'select', path: 'operator', label: 'Operator', options: operatorOptions },
        // segment_entered / segment_exited carry the segment's ID: picked by name.
        { type: 'scalar', path: 'value', label: 'Value', when: (f) => f.property !== 'segmentId' },
        {
          type: 'named',
          what: 'segmentOrAudience',
          path: 'value',
          label: 'Segment',
          when: (f) => f.property === 'segmentId',
        },
      ],
    },
  ];
}

export function windowFields(path: string): Field[] {
  return [
    { type: 'days', path: `${path}.days`, label: 'Days' },
    { type: 'text', path: `${path}.from`, label: 'From', placeholder: '09:00' },
    { type: 'text', path: `${path}.to`, label: 'To', placeholder: '20:00' },
  ];
}

export const channelOptions = ['email', 'sms', 'push', 'viber', 'webhook'].map((c) => ({
  value: c,
  label: c,
}));

/** A fresh rule of each kind, so switching a condition's test leaves nothing of the last one. */
const ruleDefaults: Record<string, Obj> = {
  attribute: { kind: 'attribute', attribute: '', operator: 'equals', value: '' },
  eventSinceEntry: { kind: 'eventSinceEntry', eventType: '' },
  eventWithin: {
    kind: 'eventWithin',
    eventType: '',
    filters: [],
    within: { amount: 7, unit: 'days' },
  },
  segment: { kind: 'segment', segmentId: '', member: true },
  messageStatus: { kind: 'messageStatus', nodeId: '', status: 'opened' },
  subscription: { kind: 'subscription', channel: 'email', messagingType: 'promo' },
  reachable: { kind: 'reachable', channel: 'email' },
};
export const newRule = (kind = 'attribute') =>
  structuredClone(ruleDefaults[kind]!) as ConditionRule;

/** The form of one condition rule (core/graph-rules.ts) at `prefix`, by the rule's kind. */
export function ruleFields(prefix: string): Field[] {
  const kindPath = join(prefix, 'kind');
  const of =
    (...kinds: string[]) =>
    (v: Obj) =>
      kinds.includes(getPath(v, kindPath) as string);
  return [
    {
      type: 'select',
      path: kindPath,
      label: 'Test',
      replaces: newRule,
      options: choices({
        attribute: 'a profile attribute',
        eventSinceEntry: 'an event since entering',
        eventWithin: 'an event within a period',
        segment: 'segment membership',
        messageStatus: 'a message sent earlier',
        subscription: 'a subscription',
        reachable: 'reachable on a channel',
      }),
    },
    {
      type: 'text',
      path: join(prefix, 'attribute'),
      label: 'Attribute',
      placeholder: 'city or custom.tier',
      when: of('attribute'),
    },
    {
      type: 'select',
      path: join(prefix, 'operator'),
      label: 'Operator',
      options: operatorOptions,
      when: of('attribute'),
    },
    { type: 'scalar', path: join(prefix, 'value'), label: 'Value', when: of('attribute') },
    ...eventMatchFields(prefix).map((f) => ({
      ...f,
      when: f.path.endsWith('eventType') ? of('eventSinceEntry', 'eventWithin') : of('eventWithin'),
    })),
    ...durationFields(join(prefix, 'within'), 'Within the last').map((f) => ({
      ...f,
      when: of('eventWithin'),
    })),
    {
      type: 'named',
      what: 'segmentOrAudience',
      path: join(prefix, 'segmentId'),
      label: 'Segment or audience',
      when: of('segment'),
    },
    {
      type: 'checkbox',
      path: join(prefix, 'member'),
      label: 'Is in the segment (unticked: is not)',
      initial: true,
      when: of('segment'),
    },
    {
      type: 'node',
      path: join(prefix, 'nodeId'),
      label: 'Message sent at step',
      when: of('messageStatus'),
    },
    {
      type: 'select',
      path: join(prefix, 'status'),
      label: 'Has been',
      options: ['sent', 'delivered', 'opened', 'clicked', 'failed', 'bounced'].map((s) => ({
        value: s,
        label: s,
      })),
      when: of('messageStatus'),
    },
    {
      type: 'select',
      path: join(prefix, 'channel'),
      label: 'Channel',
      options: channelOptions,
      when: of('subscription', 'reachable'),
    },
    {
      type: 'text',
      path: join(prefix, 'messagingType'),
      label: 'Messaging type',
      placeholder: 'promo',
      when: of('subscription'),
    },
  ];
}

const actionDefaults: Record<string, Obj> = {
  set: { op: 'set', attribute: '', value: '' },
  addTag: { op: 'addTag', tag: '' },
  removeTag: { op: 'removeTag', tag: '' },
  addToAudience: { op: 'addToAudience', audienceId: '' },
  accruePoints: { op: 'accruePoints', amount: 100, reason: 'campaign' },
};

/** One profile change of an update-profile step (core/nodes/act.ts), by its op. */
export const profileActionFields: Field[] = (() => {
  const of = (op: string) => (v: Obj) => v.op === op;
  return [
    {
      type: 'select',
      path: 'op',
      label: 'Change',
      replaces: (op) => structuredClone(actionDefaults[op]!),
      options: choices({
        set: 'set an attribute',
        addTag: 'add a tag',
        removeTag: 'remove a tag',
        addToAudience: 'add to an audience',
        accruePoints: 'accrue points',
      }),
    },
    {
      type: 'text',
      path: 'attribute',
      label: 'Attribute',
      placeholder: 'custom.tier',
      when: of('set'),
    },
    { type: 'scalar', path: 'value', label: 'Value', when: of('set') },
    {
      type: 'text',
      path: 'tag',
      label: 'Tag',
      when: (v) => v.op === 'addTag' || v.op === 'removeTag',
    },
    {
      type: 'named',
      what: 'audience',
      path: 'audienceId',
      label: 'Audience',
      when: of('addToAudience'),
    },
    { type: 'number', path: 'amount', label: 'Points', when: of('accruePoints') },
    { type: 'text', path: 'reason', label: 'Reason', when: of('accruePoints') },
  ];
})();
export const newProfileAction = () => structuredClone(actionDefaults.set!) as ProfileAction;

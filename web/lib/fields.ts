// Form fields as data: the side panel draws a node's form (and the campaign settings form) from
// these descriptions, and reads and writes values by their dotted path. Validation is not here:
// the forms are checked by the zod schemas of core/graph.ts, through core/graph-problems.ts.

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
  (
    | { type: 'text'; placeholder?: string }
    | { type: 'number' }
    | { type: 'checkbox' }
    /** A string, number or boolean, written as typed: 42 is a number, true a boolean. */
    | { type: 'scalar' }
    | { type: 'select'; options: { value: string; label: string }[]; optional?: boolean }
    /** ISO weekdays 1..7 as checkboxes. */
    | { type: 'days' }
    /** A local date and time, saved as ISO 8601 UTC. */
    | { type: 'datetime' }
    /** An email template, picked from the api's list. */
    | { type: 'template' }
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

/** What a typed text means for a scalar field: numbers and booleans as such, else the text. */
export function parseScalar(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

export const operatorOptions = [
  { value: 'equals', label: 'equals' },
  { value: 'notEquals', label: 'is not' },
  { value: 'exists', label: 'is set' },
  { value: 'notExists', label: 'is not set' },
  { value: 'contains', label: 'contains' },
  { value: 'gt', label: '>' },
  { value: 'gte', label: '≥' },
  { value: 'lt', label: '<' },
  { value: 'lte', label: '≤' },
];

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
    { type: 'text', path: join(prefix, 'eventType'), label: 'Event type', placeholder: 'purchase' },
    {
      type: 'list',
      path: join(prefix, 'filters'),
      label: 'Only when',
      addLabel: 'Add filter',
      newItem: () => ({ property: '', operator: 'equals', value: '' }),
      item: [
        { type: 'text', path: 'property', label: 'Property', placeholder: 'total' },
        { type: 'select', path: 'operator', label: 'Operator', options: operatorOptions },
        { type: 'scalar', path: 'value', label: 'Value' },
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

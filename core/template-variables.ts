// What a template may use (issue 14): the variables a send gives Liquid, described for the
// editor's variable picker, and a check at save that names the line of every variable the
// template uses that no send will ever give it, a misspelling being the usual cause.
import { Liquid } from 'liquidjs';

export interface TemplateVariable {
  /** The Liquid path: "customer.firstName". */
  path: string;
  label: string;
  /** The picker's heading; the profile's attributes when absent. */
  group?: VariableGroup;
  /** What to write, with a fallback where the value may be missing. */
  example: string;
}

const attribute = (name: string, label: string, fallback?: string): TemplateVariable => ({
  path: `customer.${name}`,
  label,
  example: fallback ? `{{ customer.${name} | default: "${fallback}" }}` : `{{ customer.${name} }}`,
});

/** The variables every email is rendered with, in the order the picker lists them. */
export const TEMPLATE_VARIABLES: TemplateVariable[] = [
  attribute('firstName', 'First name', 'friend'),
  attribute('lastName', 'Last name'),
  attribute('fullName', 'Full name', 'friend'),
  attribute('email', 'Email'),
  attribute('phone', 'Phone'),
  attribute('city', 'City'),
  attribute('gender', 'Gender'),
  attribute('birthDate', 'Birth date'),
  attribute('locale', 'Language'),
  attribute('timeZone', 'Time zone'),
  attribute('tags', 'Tags'),
  attribute('externalId', 'Your ID for the customer'),
  attribute('id', 'Herald ID'),
  attribute('source', 'Where the customer came from'),
  attribute('emailProvider', 'Mailbox provider'),
  attribute('phoneCountry', 'Phone country'),
  attribute('phoneType', 'Phone line type'),
  attribute('phoneCarrier', 'Mobile operator'),
  attribute('isTester', 'Is a tester'),
  attribute('createdAt', 'Customer since'),
  attribute('updatedAt', 'Profile updated'),
  attribute('timeZoneSource', 'How the time zone was found'),
  {
    path: 'customer.custom',
    label: 'Custom field',
    example: '{{ customer.custom.tier | default: "member" }}',
    group: 'custom',
  },
  ...(
    [
      ['receiptsCount', 'Purchases', '0'],
      ['totalSpent', 'Total spent', '0'],
      ['averageCheck', 'Average purchase', '0'],
      ['firstPurchaseAt', 'First purchase', ''],
      ['lastPurchaseAt', 'Last purchase', ''],
      ['cltv', 'Lifetime value', ''],
      ['rfmSegment', 'RFM segment', ''],
    ] as const
  ).map(([name, label, fallback]) => ({
    path: `customer.metrics.${name}`,
    label,
    example: fallback
      ? `{{ customer.metrics.${name} | default: ${fallback} }}`
      : `{{ customer.metrics.${name} }}`,
    group: 'metrics' as const,
  })),
  {
    path: 'customer.points',
    label: 'Points balance',
    example: '{{ customer.points | default: 0 }}',
    group: 'points',
  },
  { path: 'event.type', label: 'Type', example: '{{ event.type }}', group: 'event' },
  {
    path: 'event.properties',
    label: 'A property',
    example: '{{ event.properties.orderId }}',
    group: 'event',
  },
  {
    path: 'event.properties.items',
    label: 'A list (cart items, products)',
    example:
      '{% for item in event.properties.items limit: 10 %}{{ item.name }}: {{ item.price }}{% endfor %}',
    group: 'event',
  },
  { path: 'event.occurredAt', label: 'When', example: '{{ event.occurredAt }}', group: 'event' },
  {
    path: 'lastReceipt.total',
    label: 'Total',
    example: '{{ lastReceipt.total }} {{ lastReceipt.currency }}',
    group: 'receipt',
  },
  {
    path: 'lastReceipt.occurredAt',
    label: 'Date',
    example: '{{ lastReceipt.occurredAt | date: "%-d %B %Y" }}',
    group: 'receipt',
  },
  {
    path: 'lastReceipt.store',
    label: 'Store',
    example: '{{ lastReceipt.store }}',
    group: 'receipt',
  },
  {
    path: 'lastReceipt.lines',
    label: 'Its lines (loop)',
    example:
      '{% for line in lastReceipt.lines limit: 20 %}{{ line.name }} × {{ line.quantity }}: {{ line.amount }}{% endfor %}',
    group: 'receipt',
  },
  {
    path: 'viewedProducts',
    label: 'Viewed products (loop)',
    example:
      '{% for product in viewedProducts limit: 5 %}{{ product.name | default: product.productId }}{% endfor %}',
    group: 'behaviour',
  },
  {
    path: 'cart.items',
    label: "Abandoned cart's items (loop)",
    example:
      '{% for item in cart.items limit: 10 %}{{ item.name }} × {{ item.quantity | default: 1 }}: {{ item.price }}{% endfor %}',
    group: 'behaviour',
  },
  {
    path: 'unsubscribeUrl',
    label: 'Unsubscribe link',
    example: '{{ unsubscribeUrl }}',
    group: 'links',
  },
];

export type VariableGroup =
  'profile' | 'custom' | 'metrics' | 'points' | 'event' | 'receipt' | 'behaviour' | 'links';

/** Headings of the picker, in its order. */
export const VARIABLE_GROUPS: Record<VariableGroup, string> = {
  profile: 'Profile',
  custom: 'Custom fields',
  metrics: 'Metrics',
  points: 'Points',
  event: 'Triggering event',
  receipt: 'Last receipt',
  behaviour: 'Viewed products and cart',
  links: 'Links',
};

/** Snippets the picker inserts: a condition with an else, a loop over the last receipt's lines. */
export const LIQUID_SNIPPETS = [
  {
    id: 'condition',
    label: 'Condition (if … else)',
    example:
      '{% if customer.firstName %}Hello {{ customer.firstName }}{% else %}Hello, friend{% endif %}',
  },
  {
    id: 'receipt-loop',
    label: 'Loop over the last receipt',
    example:
      '{% for line in lastReceipt.lines limit: 20 %}{{ line.name }}: {{ line.amount }} {{ lastReceipt.currency }}{% endfor %}',
  },
] as const;

const ROOTS = new Set([
  'customer',
  'event',
  'unsubscribeUrl',
  'lastReceipt',
  'viewedProducts',
  'cart',
]);
const CUSTOMER = new Set(
  TEMPLATE_VARIABLES.filter((v) => v.path.startsWith('customer.')).map(
    (v) => v.path.split('.')[1]!,
  ),
);
const EVENT = new Set(['type', 'properties', 'occurredAt']);
// Liquid's own objects, in scope inside loops.
const LIQUID_OBJECTS = new Set(['forloop', 'tablerowloop']);

/** The edit distance of two short names, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

const suggest = (name: string, known: Iterable<string>) => {
  const best = [...known]
    .map((k) => [k, distance(name.toLowerCase(), k.toLowerCase())] as const)
    .sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(name.length / 3)) ? best[0] : undefined;
};

export interface VariableProblem {
  line: number;
  message: string;
}

const engine = new Liquid();

/**
 * What a template reads beyond the profile and the event, so that a send loads only that:
 * "customer.metrics", "customer.points", "lastReceipt", "viewedProducts", "cart". A source that
 * does not parse uses nothing (it will not render either).
 */
export function variableUses(...sources: string[]): Set<string> {
  const uses = new Set<string>();
  for (const source of sources) {
    let globals: Record<string, { segments: unknown[] }[]>;
    try {
      globals = engine.analyzeSync(engine.parse(source)).globals;
    } catch {
      continue;
    }
    for (const [root, refs] of Object.entries(globals)) {
      if (root !== 'customer') uses.add(root);
      else
        for (const r of refs)
          if (typeof r.segments[1] === 'string') uses.add(`customer.${r.segments[1]}`);
    }
  }
  return uses;
}

/** Every variable the Liquid source uses that a send never gives it, with its line and the fix. */
export function unknownVariables(source: string): VariableProblem[] {
  const analysis = engine.analyzeSync(engine.parse(source));
  const problems: VariableProblem[] = [];
  for (const [root, uses] of Object.entries(analysis.globals)) {
    for (const use of uses) {
      const [, second] = use.segments;
      const line = use.location.row;
      let message: string | undefined;
      if (LIQUID_OBJECTS.has(root)) continue;
      if (!ROOTS.has(root)) {
        const near = suggest(root, ROOTS);
        message = `unknown variable "${use.toString()}"${near ? `: did you mean "${near}"?` : ''} Templates can use customer, event, lastReceipt, viewedProducts, cart and unsubscribeUrl`;
      } else if (root === 'customer' && typeof second === 'string' && !CUSTOMER.has(second)) {
        const near = suggest(second, CUSTOMER);
        message = `the profile has no "${second}"${near ? `: did you mean "customer.${near}"?` : ''} A field of your own is customer.custom.${second}`;
      } else if (root === 'event' && typeof second === 'string' && !EVENT.has(second)) {
        message = `an event has no "${second}": use event.properties.${second} for what your event sent`;
      }
      if (message) problems.push({ line, message: `line ${line}: ${message}` });
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

const FIXES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/tag \{% (\w+)\b.*not closed/, (m) => `close it with {% end${m[1]} %}`],
  [/output ".*" not closed/, () => 'close the output with }}'],
  [/tag "(\w+)" not found/, () => 'use a Liquid tag: if, unless, for, case, assign, capture'],
  [/undefined filter: (\w+)/, () => 'use a Liquid filter such as default, upcase, date, money'],
];

/** A Liquid syntax error's message, with the fix for the usual mistakes. */
export function liquidFix(message: string): string {
  for (const [pattern, fix] of FIXES) {
    const m = pattern.exec(message);
    if (m) return `${message}: ${fix(m)}`;
  }
  return message;
}

// The fields a segment reads straight off a customer's row and precomputed metrics, each with
// its value type (which operators it takes) and the words the builder shows. One list, read by
// the schema (an unknown field or a wrong operator is a 400 naming the fix), the compiler and
// the web app's field picker.
import type { ValueType } from './tests.ts';

interface FieldInfo {
  type: ValueType;
  label: string;
}

export const ATTRIBUTE_FIELDS = {
  externalId: { type: 'text', label: 'External ID' },
  email: { type: 'text', label: 'Email' },
  phone: { type: 'text', label: 'Phone' },
  firstName: { type: 'text', label: 'First name' },
  lastName: { type: 'text', label: 'Last name' },
  gender: { type: 'text', label: 'Gender' },
  birthDate: { type: 'date', label: 'Birth date' },
  age: { type: 'number', label: 'Age in years (from the birth date, in the account time zone)' },
  city: { type: 'text', label: 'City' },
  timeZone: { type: 'text', label: 'Time zone' },
  locale: { type: 'text', label: 'Locale' },
  source: { type: 'text', label: 'Source (where the profile came from)' },
  tags: { type: 'list', label: 'Tags' },
  isTester: { type: 'boolean', label: 'Tester' },
  createdAt: { type: 'date', label: 'Created' },
  emailProvider: { type: 'text', label: 'Mailbox provider' },
  phoneCountry: { type: 'text', label: 'Phone country' },
  phoneType: { type: 'text', label: 'Phone line type' },
  phoneCarrier: { type: 'text', label: 'Mobile operator' },
} as const satisfies Record<string, FieldInfo>;
export type AttributeField = keyof typeof ATTRIBUTE_FIELDS;

export const METRIC_FIELDS = {
  receiptsCount: { type: 'number', label: 'Orders' },
  totalSpent: { type: 'number', label: 'Total spent (net of returns)' },
  averageCheck: { type: 'number', label: 'Average check' },
  cltv: { type: 'number', label: 'CLTV' },
  returnsCount: { type: 'number', label: 'Returns' },
  returnedAmount: { type: 'number', label: 'Returned amount' },
  firstPurchaseAt: { type: 'date', label: 'First purchase' },
  lastPurchaseAt: { type: 'date', label: 'Last purchase' },
  daysSinceLastPurchase: { type: 'number', label: 'Days since the last purchase' },
  rScore: { type: 'number', label: 'RFM recency score (1-5)' },
  fScore: { type: 'number', label: 'RFM frequency score (1-5)' },
  mScore: { type: 'number', label: 'RFM monetary score (1-5)' },
  rfmSegment: { type: 'text', label: 'RFM segment' },
} as const satisfies Record<string, FieldInfo>;
export type MetricField = keyof typeof METRIC_FIELDS;

/** The types a custom field definition can have (core/custom-fields.ts), as value types. */
export const CUSTOM_FIELD_TYPES = {
  text: 'text',
  list: 'text',
  number: 'number',
  date: 'date',
  boolean: 'boolean',
} as const satisfies Record<string, ValueType>;

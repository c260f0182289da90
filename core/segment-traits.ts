// Segment traits as Herald profile attributes. The spec's reserved traits that Herald has a place
// for become attributes (both the spec's camelCase and the snake_case some sources send); every
// other trait is a custom field under its own name, checked against the custom-field definitions
// like any other. A trait Herald cannot store (a malformed email) is a 400 naming the trait.
import { CustomerAttributes, Gender } from './customer.ts';
import { badRequest, type FieldProblem } from './errors.ts';

type Attribute = keyof Omit<CustomerAttributes, 'custom' | 'source' | 'isTester'>;

/** Reserved traits read into an attribute, in order of preference per attribute. */
const READ: [trait: string, attribute: Attribute][] = [
  ['email', 'email'],
  ['phone', 'phone'],
  ['firstName', 'firstName'],
  ['first_name', 'firstName'],
  ['lastName', 'lastName'],
  ['last_name', 'lastName'],
  ['birthday', 'birthDate'],
];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** "1990-04-30" or "1990-04-30T00:00:00.000Z" (analytics.js sends birthdays as Dates). */
const dateOf = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : v);

/**
 * The attributes an identify's traits set. `context` (analytics.js sends the browser's time zone
 * and locale there) fills the time zone and locale when it holds valid ones.
 */
export function attributesFromTraits(
  traits: Record<string, unknown>,
  context: Record<string, unknown> = {},
): CustomerAttributes {
  const problems: FieldProblem[] = [];
  const attributes: Record<string, unknown> = {};
  const consumed = new Set<string>();
  const set = (attribute: Attribute, value: unknown, field: string) => {
    const parsed = CustomerAttributes.shape[attribute].safeParse(value);
    if (parsed.success) attributes[attribute] = parsed.data;
    else problems.push({ field, message: parsed.error.issues[0]!.message });
  };
  for (const [trait, attribute] of READ) {
    const value = traits[trait];
    if (value === undefined || value === null || attribute in attributes) continue;
    consumed.add(trait);
    set(attribute, attribute === 'birthDate' ? dateOf(value) : value, `traits.${trait}`);
  }
  // "name" is split when first and last names were not sent: "Ann Lee" → Ann, Lee.
  if (typeof traits.name === 'string' && !attributes.firstName && !attributes.lastName) {
    const [first, ...rest] = traits.name.trim().split(/\s+/);
    if (first) set('firstName', first, 'traits.name');
    if (rest.length > 0) set('lastName', rest.join(' '), 'traits.name');
  }
  const gender = typeof traits.gender === 'string' ? traits.gender.toLowerCase() : undefined;
  if (gender && Gender.safeParse(gender).success) {
    attributes.gender = gender;
    consumed.add('gender');
  }
  const address = traits.address;
  if (isRecord(address) && typeof address.city === 'string')
    set('city', address.city, 'traits.address.city');
  // The browser's own settings: used when valid, never a reason to refuse the identify.
  for (const [key, attribute] of [
    ['timezone', 'timeZone'],
    ['locale', 'locale'],
  ] as const) {
    const parsed = CustomerAttributes.shape[attribute].safeParse(traits[key] ?? context[key]);
    if (parsed.success && parsed.data !== undefined) attributes[attribute] = parsed.data;
  }
  if (problems.length > 0)
    throw badRequest(
      `Traits Herald cannot store: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  const custom = Object.fromEntries(
    Object.entries(traits).filter(([k, v]) => !consumed.has(k) && v !== undefined),
  );
  return {
    ...attributes,
    ...(Object.keys(custom).length > 0 && { custom }),
  };
}

/** A custom field's problem named as the trait it came from: custom.plan → traits.plan. */
export const traitField = (field: string) => field.replace(/(^|\.)custom\./, '$1traits.');

// Phone numbers to E.164 with libphonenumber-js. The "max" metadata is used because only it
// tells a mobile from a fixed line and checks number ranges rather than lengths alone; it is a
// one-time ~150 kB load in the api process, and no workflow imports this file.
import {
  type CountryCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type PhoneNumberType,
} from 'libphonenumber-js/max';
import { carrierOf } from './phone-carrier.ts';

export type PhoneType =
  | 'mobile'
  | 'fixed-line'
  | 'fixed-line-or-mobile'
  | 'toll-free'
  | 'premium-rate'
  | 'shared-cost'
  | 'voip'
  | 'personal-number'
  | 'pager'
  | 'uan'
  | 'voicemail';

export interface PhoneQuality {
  /** "+4930123456", only when the number is valid. */
  e164: string | null;
  valid: boolean;
  /** ISO 3166 country of a valid number (null for non-geographic ones such as +800). */
  country: string | null;
  /** What kind of line, when the metadata says; the US does not tell mobiles from fixed lines. */
  type: PhoneType | null;
  /** The mobile operator the number's range was assigned to, where the carrier data knows it. */
  carrier: string | null;
}

const INVALID: PhoneQuality = {
  e164: null,
  valid: false,
  country: null,
  type: null,
  carrier: null,
};

const toType = (t: PhoneNumberType | undefined): PhoneType | null =>
  t === undefined ? null : (t.toLowerCase().replace(/_/g, '-') as PhoneType);

/**
 * Parses a number as written by a person. A number without "+country code" is read as a
 * number of `defaultCountry`; without one it stays invalid rather than being guessed.
 * The whole input must be the number (no extraction from "call me on ...").
 */
export function normalizePhone(raw: string, defaultCountry?: string | null): PhoneQuality {
  const upper = defaultCountry?.toUpperCase();
  const country: CountryCode | undefined = upper && isSupportedCountry(upper) ? upper : undefined;
  const parsed = parsePhoneNumberFromString(raw.trim(), {
    defaultCountry: country,
    extract: false,
  });
  if (!parsed?.isValid()) return INVALID;
  return {
    e164: parsed.number,
    valid: true,
    country: parsed.country ?? null,
    type: toType(parsed.getType()),
    carrier: carrierOf(parsed.countryCallingCode, parsed.nationalNumber),
  };
}

/** The region of a locale tag: "de-DE" and "de_DE" give "DE"; "de" gives nothing. */
export function countryOfLocale(locale: string | null | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    const region = new Intl.Locale(locale.trim().replace(/_/g, '-')).region;
    // UN M.49 areas such as "419" (Latin America) name no single country.
    return region && /^[A-Z]{2}$/.test(region) ? region : undefined;
  } catch {
    return undefined;
  }
}

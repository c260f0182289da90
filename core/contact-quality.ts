// Contact data quality: what Herald makes of the email, phone and time zone a customer is sent
// with. Pure; db/customers.ts stores the result on every create and upsert. The parts live in
// email-quality.ts, phone-quality.ts and time-zone-detection.ts.
import type { TimeZoneSource } from './customer.ts';
import { type EmailQuality, normalizeEmail } from './email-quality.ts';
import { countryOfLocale, normalizePhone, type PhoneQuality } from './phone-quality.ts';
import { countryOfTimeZone, detectTimeZone } from './time-zone-detection.ts';

export { emailProvider, normalizeEmail, type EmailQuality } from './email-quality.ts';
export {
  countryOfLocale,
  normalizePhone,
  type PhoneQuality,
  type PhoneType,
} from './phone-quality.ts';
export {
  countryOfTimeZone,
  detectTimeZone,
  normalizeCity,
  zoneOfCountry,
} from './time-zone-detection.ts';

/** A profile as it is (or is about to be) stored. */
export interface ContactProfile {
  email?: string | null;
  phone?: string | null;
  city?: string | null;
  locale?: string | null;
  timeZone: string;
  timeZoneSource: TimeZoneSource;
}

export interface ContactQuality {
  email?: EmailQuality;
  phone?: PhoneQuality;
  timeZone: string;
  timeZoneSource: TimeZoneSource;
}

/**
 * The country a phone number without "+country code" is read in: the locale's region
 * ("de-DE"), else the country of a time zone that is not the default.
 */
export function defaultPhoneCountry(p: ContactProfile): string | undefined {
  return (
    countryOfLocale(p.locale) ??
    (p.timeZoneSource === 'default' ? undefined : countryOfTimeZone(p.timeZone))
  );
}

export function assessContacts(p: ContactProfile): ContactQuality {
  const email = p.email ? normalizeEmail(p.email) : undefined;
  const phone = p.phone ? normalizePhone(p.phone, defaultPhoneCountry(p)) : undefined;
  if (p.timeZoneSource === 'given')
    return { email, phone, timeZone: p.timeZone, timeZoneSource: 'given' };
  // Detection is redone on every change, so a city learnt later refines a zone the phone gave;
  // when nothing can be detected any more, an earlier detection is kept rather than lost.
  const detected = phone?.valid ? detectTimeZone(phone.country, p.city) : undefined;
  return detected
    ? { email, phone, timeZone: detected.timeZone, timeZoneSource: detected.source }
    : { email, phone, timeZone: p.timeZone, timeZoneSource: p.timeZoneSource };
}

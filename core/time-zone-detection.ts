// Time zone detection for customers who sent none: from the country of their phone number,
// narrowed by their city where the country has several zones (DESIGN decision 7: every
// customer has a time zone, and "deliver in the local window" is only as good as that zone).
import {
  getCountry,
  getCountryForTimezone,
  getTimezone,
  getTimezonesForCountry,
} from 'countries-and-timezones';
import { CITY_ZONES, PRIMARY_ZONES } from './time-zone-tables.ts';

export interface DetectedTimeZone {
  timeZone: string;
  /** "city" when the city table placed the customer, "phone" when the country alone did. */
  source: 'phone' | 'city';
}

/** "São Paulo", "sao-paulo" and "г. Москва" to "sao paulo" and "москва". */
export function normalizeCity(city: string): string {
  return city
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(г|город) /, ''); // Russian addresses write "г. Москва": "city of Moscow"
}

const CITY_INDEX = new Map(
  Object.entries(CITY_ZONES).map(([country, cities]) => [
    country,
    new Map(Object.entries(cities).map(([name, zone]) => [normalizeCity(name), zone])),
  ]),
);

/**
 * The zone of a country with one zone, or the most populous zone of one with several.
 * Since tzdata 2022 some countries share a neighbour's zone with the same clocks (Norway's
 * Europe/Oslo is a link to Europe/Berlin); there the country's own name is used, because it
 * is the one its marketers expect to see. Old spellings (Asia/Calcutta) are never chosen.
 */
export function zoneOfCountry(country: string): string | undefined {
  const c = country.toUpperCase();
  if (PRIMARY_ZONES[c]) return PRIMARY_ZONES[c];
  const zones = getCountry(c)?.timezones ?? [];
  if (zones.length !== 1) return undefined; // several zones and no table entry: do not guess
  const zone = zones[0]!;
  if ((getTimezone(zone)?.countries.length ?? 1) === 1) return zone;
  const own = (getTimezonesForCountry(c, { deprecated: true }) ?? []).filter(
    (t) => t.aliasOf === zone && t.countries.length === 1,
  );
  return own.length === 1 ? own[0]!.name : zone;
}

/** The country an IANA zone belongs to ("Europe/Berlin" gives DE); none for "UTC". */
export function countryOfTimeZone(timeZone: string | null | undefined): string | undefined {
  return timeZone ? (getCountryForTimezone(timeZone)?.id ?? undefined) : undefined;
}

export function detectTimeZone(
  country: string | null | undefined,
  city?: string | null,
): DetectedTimeZone | undefined {
  if (!country) return undefined;
  const c = country.toUpperCase();
  const byCity = city ? CITY_INDEX.get(c)?.get(normalizeCity(city)) : undefined;
  if (byCity) return { timeZone: byCity, source: 'city' };
  const zone = zoneOfCountry(c);
  return zone ? { timeZone: zone, source: 'phone' } : undefined;
}

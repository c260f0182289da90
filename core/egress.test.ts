// The egress policy as the addresses an SSRF goes for (issue 10, finding 3): the worker's own
// loopback, the private network, link-local cloud metadata, and the same behind IPv6 spellings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from './config.ts';
import { EgressAllowList, egressRefusal, PUBLIC_ONLY } from './egress.ts';

test('private, loopback, link-local and metadata addresses are refused by default', () => {
  const refused = {
    '127.0.0.1': 'loopback',
    '10.1.2.3': 'private',
    '172.16.0.1': 'private',
    '192.168.1.1': 'private',
    '169.254.169.254': 'linkLocal',
    '100.100.100.200': 'carrierGradeNat',
    '0.0.0.0': 'unspecified',
    '::1': 'loopback',
    'fe80::1': 'linkLocal',
    'fc00::5': 'uniqueLocal',
    '::ffff:127.0.0.1': 'loopback',
    '::ffff:a9fe:a9fe': 'linkLocal',
    '168.63.129.16': 'metadata',
    'fd00:ec2::254': 'metadata',
  };
  for (const [address, why] of Object.entries(refused))
    assert.match(
      egressRefusal(PUBLIC_ONLY, 'x.example', address) ?? 'allowed',
      new RegExp(why),
      address,
    );
  for (const address of ['93.184.216.34', '2606:4700:4700::1111'])
    assert.equal(egressRefusal(PUBLIC_ONLY, 'x.example', address), undefined, address);
});

test('EGRESS_ALLOW lets listed networks, addresses and host names through, and nothing more', () => {
  const allow = EgressAllowList.parse('10.0.0.0/8, 127.0.0.1 crm.internal');
  assert.equal(egressRefusal(allow, 'x.example', '10.200.0.1'), undefined);
  assert.equal(egressRefusal(allow, 'x.example', '127.0.0.1'), undefined);
  assert.equal(egressRefusal(allow, 'x.example', '::ffff:127.0.0.1'), undefined);
  assert.equal(egressRefusal(allow, 'CRM.internal', '192.168.7.7'), undefined);
  assert.match(egressRefusal(allow, 'x.example', '127.0.0.2') ?? '', /loopback/);
  assert.match(egressRefusal(allow, 'x.example', '192.168.7.7') ?? '', /EGRESS_ALLOW/);
});

test('a bad EGRESS_ALLOW entry stops the start with the entry named', () => {
  assert.throws(
    () =>
      parseConfig({
        DATA_DIR: '/tmp/x',
        HERALD_SECRET: 'a'.repeat(32),
        EGRESS_ALLOW: '10.0.0.0/99',
      }),
    /EGRESS_ALLOW: "10.0.0.0\/99" is no CIDR, address or host name/,
  );
  assert.deepEqual(parseConfig({ HERALD_SECRET: 'a'.repeat(32) }).EGRESS_ALLOW, PUBLIC_ONLY);
});

// Sealed secrets open with the same master secret and purpose only, and detect tampering.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { open, seal } from './secret-box.ts';

const master = 'a-master-secret-of-some-length';

test('a sealed secret opens with its master secret and purpose, and only with them', () => {
  const sealed = seal(master, 'webhooks', 'whsec_abc');
  assert.doesNotMatch(sealed, /whsec_abc/);
  assert.notEqual(seal(master, 'webhooks', 'whsec_abc'), sealed); // a fresh IV each time
  assert.equal(open(master, 'webhooks', sealed), 'whsec_abc');
  assert.throws(() => open('another-master-secret!!', 'webhooks', sealed));
  assert.throws(() => open(master, 'gateways', sealed));
  const [v, iv, tag, body] = sealed.split('.');
  const flipped = Buffer.from(body!, 'base64url');
  flipped[0] = flipped[0]! ^ 1;
  assert.throws(() =>
    open(master, 'webhooks', [v, iv, tag, flipped.toString('base64url')].join('.')),
  );
});

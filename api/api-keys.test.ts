// API keys managed through the api: made with a scope no wider than the maker's, shown once and
// stored hashed, listed with when each was last used, and refused with a 401 as soon as revoked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { call, type Credentials, userOfRole } from '../scripts/testing/users.ts';

let h: Harness;
let admin: Credentials;
let developer: Credentials;
let marketer: Credentials;

before(async () => {
  h = await createHarness();
  admin = { cookie: (await userOfRole(h, 'admin')).cookie };
  developer = { cookie: (await userOfRole(h, 'developer')).cookie };
  marketer = { cookie: (await userOfRole(h, 'marketer')).cookie };
});
after(() => h?.close());

test('a key is shown once, kept only as a hash, and listed with when it was last used', async () => {
  const made = await call(h, admin, '/v1/api-keys', {
    body: { name: 'Reporting dashboard', role: 'analyst' },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const { key, apiKey } = made.body;
  assert.match(key, /^hk_[\w-]{32}$/);
  assert.deepEqual(apiKey.scope, { role: 'analyst' });
  assert.equal(apiKey.prefix, key.slice(0, 7));
  assert.equal(apiKey.lastUsedAt, null);
  const stored = await h.db('api_keys').where({ id: apiKey.id }).first();
  assert.ok(!JSON.stringify(stored).includes(key), 'the key itself is not stored');

  assert.equal((await call(h, { key }, '/v1/campaigns')).status, 200);
  const listed = await call(h, admin, '/v1/api-keys');
  const mine = listed.body.apiKeys.find((k: { id: string }) => k.id === apiKey.id);
  assert.ok(mine.lastUsedAt, 'the list shows the key was used');
  assert.ok(Date.now() - Date.parse(mine.lastUsedAt) < 60_000);
  assert.equal(
    mine.createdBy,
    (await h.db('users').where({ email: 'admin@roles.test' }).first()).id,
  );
  assert.ok(!JSON.stringify(listed.body).includes(key), 'the list never shows a key again');
});

test('a revoked key answers 401 from the next request on', async () => {
  const { key, apiKey } = (
    await call(h, admin, '/v1/api-keys', { body: { name: 'Short-lived', role: 'developer' } })
  ).body;
  assert.equal((await call(h, { key }, '/v1/tracker-sites')).status, 200);
  const revoked = await call(h, admin, `/v1/api-keys/${apiKey.id}`, { method: 'DELETE' });
  assert.equal(revoked.status, 200);
  assert.ok(revoked.body.apiKey.revokedAt);
  const refused = await call(h, { key }, '/v1/tracker-sites');
  assert.equal(refused.status, 401);
  assert.match(refused.body.error.message, /revoked/);
  // A key can revoke itself too: a leaked key's holder cannot keep it alive.
  const self = (await call(h, admin, '/v1/api-keys', { body: { name: 'Self', role: 'developer' } }))
    .body;
  const own = await call(h, { key: self.key }, `/v1/api-keys/${self.apiKey.id}`, {
    method: 'DELETE',
  });
  assert.equal(own.status, 200);
  assert.equal((await call(h, { key: self.key }, '/v1/me')).status, 401);
});

test('nobody makes a key that can do more than they can', async () => {
  const escalate = await call(h, developer, '/v1/api-keys', {
    body: { name: 'Mine now', role: 'admin' },
  });
  assert.equal(escalate.status, 403);
  assert.match(escalate.body.error.message, /needs the permission "[a-z-]+:[a-z]+".*\(developer\)/);
  const narrow = await call(h, developer, '/v1/api-keys', {
    body: { name: 'Shop events', permissions: ['events:write'] },
  });
  assert.equal(narrow.status, 201, JSON.stringify(narrow.body));
  assert.deepEqual(narrow.body.apiKey.permissions, ['events:write']);
  const beyond = await call(h, developer, '/v1/api-keys', {
    body: { name: 'Sneaky', permissions: ['events:write', 'users:manage'] },
  });
  assert.equal(beyond.status, 403);
  assert.match(beyond.body.error.message, /"users:manage"/);
  const notHis = await call(h, marketer, '/v1/api-keys');
  assert.equal(notHis.status, 403);
  assert.match(notHis.body.error.message, /"api-keys:manage"/);
});

test('a key needs a name and one scope; bad ones are 400s naming the field', async () => {
  const cases: [unknown, string][] = [
    [{ name: 'No scope' }, 'role'],
    [{ name: 'Both', role: 'analyst', permissions: ['events:write'] }, 'role'],
    [{ name: 'Unknown', permissions: ['everything'] }, 'permissions.0'],
    [{ name: 'Bad role', role: 'root' }, 'role'],
    [{ name: ' ', role: 'analyst' }, 'name'],
  ];
  for (const [body, field] of cases) {
    const res = await call(h, admin, '/v1/api-keys', { body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.ok(
      res.body.error.problems.some((p: { field: string }) => p.field === field),
      `${JSON.stringify(body)}: ${JSON.stringify(res.body.error.problems)}`,
    );
  }
  const missing = await call(h, admin, `/v1/api-keys/${crypto.randomUUID()}`, {
    method: 'DELETE',
  });
  assert.equal(missing.status, 404);
});

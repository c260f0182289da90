// Users and roles (issue 10, point 9): each role is allowed and refused where it should be,
// through the api, over representative routes; every route declares who may call it; a refusal
// names the permission missing; an API key is held to its scope.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Permission, type Role, Role as Roles } from '../core/permissions.ts';
import { createDraftCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { call, type Credentials, keyOfScope, userOfRole } from '../scripts/testing/users.ts';
import { routes } from './routes/index.ts';

let h: Harness;
const as = {} as Record<Role, Credentials>;
let campaignId: string;
let customerId: string;

before(async () => {
  h = await createHarness();
  for (const role of Roles.options) as[role] = { cookie: (await userOfRole(h, role)).cookie };
  campaignId = await createDraftCampaign(h, 'Roles draft');
  const event = await h.api('/v1/events', {
    body: { type: 'signed_up', externalId: 'roles-1', customer: { email: 'r1@example.com' } },
  });
  customerId = event.body.customerId;
});
after(() => h?.close());

interface Row {
  method: string;
  path: () => string;
  permission: Permission;
  allowed: Role[];
  /** The status an allowed caller gets; a 400 shows the request got past the permission check. */
  ok: number;
  body?: unknown;
}

const row = (
  method: string,
  path: () => string,
  permission: Permission,
  allowed: string,
  ok: number,
  body?: unknown,
): Row => ({ method, path, permission, allowed: allowed.split(' ') as Role[], ok, body });

const everyone = 'admin marketer analyst developer';
const readers = 'admin marketer analyst';
const TABLE: Row[] = [
  row('GET', () => '/v1/campaigns', 'campaigns:read', readers, 200),
  row('POST', () => '/v1/campaigns', 'campaigns:write', 'admin marketer', 201, { name: 'New' }),
  row(
    'POST',
    () => `/v1/campaigns/${campaignId}/publish`,
    'campaigns:write',
    'admin marketer',
    201,
    {},
  ),
  row('GET', () => '/v1/templates', 'templates:read', readers, 200),
  row('POST', () => '/v1/templates', 'templates:write', 'admin marketer', 400, {}),
  row('GET', () => `/v1/customers/${customerId}/profile`, 'customers:read', everyone, 200),
  row('PUT', () => '/v1/customers/external/r-2', 'customers:write', 'admin developer', 200, {}),
  row('POST', () => '/v1/events', 'events:write', 'admin developer', 202, {
    type: 'ping',
    externalId: 'r-1',
  }),
  row('GET', () => '/v1/reports/data-quality', 'reports:read', readers, 200),
  row('GET', () => '/v1/exports/customers', 'exports:read', 'admin analyst', 200),
  row('GET', () => '/v1/imports', 'imports:read', 'admin developer', 200),
  row('GET', () => '/v1/webhook-sources', 'webhooks:manage', 'admin developer', 200),
  row('GET', () => '/v1/tracker-sites', 'tracker-sites:manage', 'admin developer', 200),
  row('POST', () => '/v1/custom-fields', 'settings:write', 'admin', 400, {}),
  row('GET', () => `/v1/customers/${customerId}/export`, 'privacy:manage', 'admin', 200),
];

for (const role of Roles.options) {
  test(`${role}: allowed and refused where the role says`, async () => {
    for (const row of TABLE) {
      const res = await call(h, as[role], row.path(), { method: row.method, body: row.body });
      const what = `${role} ${row.method} ${row.path()}: ${JSON.stringify(res.body)}`;
      if (row.allowed.includes(role)) {
        assert.equal(res.status, row.ok, what);
      } else {
        assert.equal(res.status, 403, what);
        assert.equal(res.body.error.code, 'forbidden', what);
        assert.ok(res.body.error.message.includes(`"${row.permission}"`), what);
        assert.ok(res.body.error.message.includes(`(${role})`), what);
      }
    }
  });
}

test('every role may ask who it is, and hears its role and permissions', async () => {
  for (const role of Roles.options) {
    const me = await call(h, as[role], '/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.principal.role, role);
    for (const row of TABLE)
      assert.equal(
        me.body.principal.permissions.includes(row.permission),
        row.allowed.includes(role),
        `${role} ${row.permission}`,
      );
  }
});

test('an analyst cannot publish, stop or erase: the campaign and customer are unchanged', async () => {
  const draft = await createDraftCampaign(h, 'Analyst cannot publish');
  const publish = await call(h, as.analyst, `/v1/campaigns/${draft}/publish`, { body: {} });
  assert.equal(publish.status, 403);
  assert.match(publish.body.error.message, /"campaigns:write"/);
  const stop = await call(h, as.analyst, `/v1/campaigns/${campaignId}/stop`, { method: 'POST' });
  assert.equal(stop.status, 403);
  const erase = await call(h, as.analyst, `/v1/customers/${customerId}/erase`, { method: 'POST' });
  assert.equal(erase.status, 403);
  assert.match(erase.body.error.message, /"privacy:manage"/);
  assert.equal((await h.api(`/v1/campaigns/${draft}`)).body.campaign.status, 'draft');
  assert.equal((await h.api(`/v1/customers/${customerId}`)).body.customer.email, 'r1@example.com');
});

test('every route in the table declares who may call it', () => {
  for (const r of routes) {
    const where = `${r.method} ${r.path}`;
    if (r.public) {
      assert.equal(r.permission, undefined, where);
      // Public /v1 routes authenticate themselves: a webhook source's token or signature, a
      // Segment source's write key or signature.
      if (r.path.startsWith('/v1/'))
        assert.ok(
          r.path === '/v1/webhooks/{source}' || r.path.startsWith('/v1/segment/'),
          `${where} is public`,
        );
    } else {
      assert.ok(
        r.permission === 'authenticated' || Permission.options.includes(r.permission),
        `${where} declares no known permission`,
      );
    }
  }
});

test('the document names the permission of each route and its 403', async () => {
  const doc = (await h.api('/v1/openapi.json')).body;
  const publish = doc.paths['/v1/campaigns/{id}/publish'].post;
  assert.equal(publish['x-permission'], 'campaigns:write');
  assert.ok(publish.responses['403']);
  assert.equal(doc.paths['/v1/me'].get.responses['403'], undefined);
});

test('an API key is held to its scope: a role, or a set of permissions', async () => {
  const analystKey = { key: await keyOfScope(h, { role: 'analyst' }) };
  assert.equal((await call(h, analystKey, '/v1/campaigns')).status, 200);
  const refused = await call(h, analystKey, '/v1/events', { body: { type: 'x', externalId: 'k' } });
  assert.equal(refused.status, 403);
  assert.match(refused.body.error.message, /"events:write".*role \(analyst\)/);

  const narrow = { key: await keyOfScope(h, { permissions: ['events:write'] }) };
  const sent = await call(h, narrow, '/v1/events', { body: { type: 'ping', externalId: 'k-1' } });
  assert.equal(sent.status, 202, JSON.stringify(sent.body));
  const read = await call(h, narrow, `/v1/customers/${customerId}`);
  assert.equal(read.status, 403);
  assert.match(read.body.error.message, /"customers:read"/);
  const me = await call(h, narrow, '/v1/me');
  assert.deepEqual(me.body.principal.permissions, ['events:write']);
  assert.equal(me.body.principal.role, null);
});

test('the keys the tests and the launcher make keep full access', async () => {
  const me = await h.api('/v1/me');
  assert.equal(me.body.principal.kind, 'apiKey');
  assert.equal(me.body.principal.role, 'admin');
  assert.deepEqual(me.body.principal.permissions, Permission.options);
});

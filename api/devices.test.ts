// A customer's push devices over the api: registering is idempotent (the same token twice is
// one device, seen again), bad input is a 400 naming the field, a device can be forgotten; the
// tracker keeps a web-push token only for a visitor whose identify was verified.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const customer = async (externalId: string) => {
  const res = await h.api(`/v1/customers/external/${externalId}`, {
    method: 'PUT',
    body: { firstName: 'Ana' },
  });
  return res.body.customer.id as string;
};

test('register, register again, list, refuse bad input, delete', async () => {
  const id = await customer('dev-1');
  const token = 'eXaMpLe:APA91bHun4MxP5egoKMwt2KZFBaFUH';
  const first = await h.api(`/v1/customers/${id}/devices`, {
    body: { platform: 'fcm', token, appId: 'com.shop.app' },
  });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const again = await h.api(`/v1/customers/${id}/devices`, { body: { platform: 'fcm', token } });
  assert.equal(again.status, 200);
  assert.equal(again.body.device.id, first.body.device.id);
  assert.equal(again.body.device.appId, 'com.shop.app');
  const list = await h.api(`/v1/customers/${id}/devices`);
  assert.equal(list.body.devices.length, 1);
  assert.equal(list.body.devices[0].active, true);

  const bad = await h.api(`/v1/customers/${id}/devices`, {
    body: { platform: 'apns', token: 'not-hex-at-all' },
  });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body.error.problems), /"field":"token".*hexadecimal/);
  const platform = await h.api(`/v1/customers/${id}/devices`, {
    body: { platform: 'pager', token },
  });
  assert.equal(platform.status, 400);
  assert.equal(platform.body.error.problems[0].field, 'platform');

  const gone = await h.api(`/v1/customers/${id}/devices/${first.body.device.id}`, {
    method: 'DELETE',
  });
  assert.equal(gone.status, 204);
  assert.equal((await h.api(`/v1/customers/${id}/devices`)).body.devices.length, 0);
  const missing = await h.api(`/v1/customers/${id}/devices/${first.body.device.id}`, {
    method: 'DELETE',
  });
  assert.equal(missing.status, 404);
});

test('the tracker keeps a web-push token for an identified visitor only', async () => {
  const site = await h.api('/v1/tracker-sites', {
    body: { name: 'Shop', allowedOrigins: ['https://shop.example'] },
  });
  const key = site.body.site.publicKey as string;
  const secret = site.body.identitySecret as string;
  const collect = (body: object) =>
    fetch(`${h.apiUrl}/track/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://shop.example' },
      body: JSON.stringify({ key, visitorId: 'visitor-push-1', ...body }),
    });
  const pushToken = 'web:fcm-token-1234567890';
  const anonymous = await collect({ type: 'push_token', pushToken });
  assert.equal(anonymous.status, 403);
  const userHash = createHmac('sha256', secret).update('dev-2').digest('hex');
  const identified = await collect({ type: 'identify', externalId: 'dev-2', userHash });
  assert.equal(identified.status, 202, await identified.clone().text());
  const registered = await collect({ type: 'push_token', pushToken });
  assert.equal(registered.status, 202, await registered.clone().text());
  const id = await customer('dev-2');
  const list = await h.api(`/v1/customers/${id}/devices`);
  assert.deepEqual(
    list.body.devices.map((d: { platform: string; token: string }) => [d.platform, d.token]),
    [['web', pushToken]],
  );
});

// Issue 10, finding 3 (injection half), as the hostile profile that showed it: a first name of
// `x","role":"admin` added a JSON key and `&admin=1` a query parameter to an HTTP-call step.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { EgressAllowList } from '../core/egress.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { httpCallActivities } from './http-call.ts';

let h: Harness;
const seen: { url: string; body: string }[] = [];
const peer = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push({ url: req.url!, body });
    res.end('{}');
  });
});
before(async () => {
  h = await createHarness();
  await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
});
after(async () => {
  peer.close();
  await h?.close();
});

const hostile = 'x","role":"admin&admin=1/../../admin';
type CallRequest = Parameters<ReturnType<typeof httpCallActivities>['callHttp']>[0]['request'];

/** Runs the step for a customer whose first name is hostile; answers what the peer received. */
async function call(request: Omit<CallRequest, 'url'> & { url: string }) {
  const externalId = `inject-${seen.length}`;
  await h.api('/v1/events', {
    body: { type: 'signed_up', externalId, customer: { firstName: hostile } },
  });
  const [customerId] = await h.db('customers').where({ external_id: externalId }).pluck('id');
  const port = (peer.address() as AddressInfo).port;
  const { callHttp } = httpCallActivities(
    { db: h.db, log: pino({ level: 'silent' }) },
    EgressAllowList.parse('127.0.0.1'), // the peer's address
  );
  const before = seen.length;
  const result = await callHttp({
    key: externalId,
    customerId,
    event: {
      type: 'signed_up',
      properties: { tags: ['a', 'b'] },
      occurredAt: new Date().toISOString(),
    },
    request: { ...request, url: request.url.replace('PEER', `http://127.0.0.1:${port}`) },
  });
  assert.equal(result.ok, true);
  assert.equal(seen.length, before + 1);
  return seen.at(-1)!;
}

test('a first name cannot add a query parameter, a path segment or a JSON key', async () => {
  const got = await call({
    method: 'POST',
    url: 'PEER/hook/{{ customer.firstName }}?name={{ customer.firstName }}',
    body: '{"name":"{{ customer.firstName }}","role":"member"}',
  });
  const url = new URL(got.url, 'http://peer');
  assert.equal(url.pathname, `/hook/${encodeURIComponent(hostile)}`, 'one path segment');
  assert.equal(url.searchParams.get('name'), hostile);
  assert.equal(url.searchParams.get('admin'), null, 'no injected query parameter');
  assert.deepEqual(JSON.parse(got.body), { name: hostile, role: 'member' });
});

test('| json places a whole value and | url_encode is not encoded twice', async () => {
  const got = await call({
    method: 'POST',
    url: 'PEER/hook?q={{ "a b" | url_encode }}',
    body: '{"name": {{ customer.firstName | json }}, "tags": {{ event.properties.tags | json }}}',
  });
  assert.equal(new URL(got.url, 'http://peer').searchParams.get('q'), 'a b');
  assert.deepEqual(JSON.parse(got.body), { name: hostile, tags: ['a', 'b'] });
});

test('a body that is not JSON is sent as written', async () => {
  const got = await call({
    method: 'POST',
    url: 'PEER/hook',
    headers: { 'Content-Type': 'text/plain' },
    body: 'Hello {{ customer.firstName }}',
  });
  assert.equal(got.body, `Hello ${hostile}`);
});

test('a whole URL from a variable fails at once and says how; | raw writes it as is', async () => {
  const { callHttp } = httpCallActivities(
    { db: h.db, log: pino({ level: 'silent' }) },
    EgressAllowList.parse('127.0.0.1'),
  );
  const hook = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/whole`;
  const input = {
    key: 'whole-url',
    customerId: '00000000-0000-0000-0000-000000000000',
    event: { type: 'ordered', properties: { hook }, occurredAt: new Date().toISOString() },
    request: { method: 'GET' as const, url: '{{ event.properties.hook }}' },
  };
  await assert.rejects(
    callHttp(input),
    (err: Error & { type?: string; nonRetryable?: boolean }) => {
      assert.equal(err.type, 'HttpCallBadUrl');
      assert.equal(err.nonRetryable, true);
      assert.match(err.message, /\| raw/);
      return true;
    },
  );
  const raw = await callHttp({
    ...input,
    request: { ...input.request, url: '{{ event.properties.hook | raw }}' },
  });
  assert.equal(raw.ok, true);
  assert.equal(seen.at(-1)!.url, '/whole');
});

// Bad input at the Segment-compatible endpoint: unknown keys, malformed messages, mixed batches
// and encodings get the answer that names the problem, and nothing good in a batch is lost.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Harness } from '../scripts/testing/harness.ts';
import {
  eventsOf as eventsOfSource,
  startSegmentSource,
} from '../scripts/testing/segment-source.ts';

let h: Harness;
let writeKey: string;

before(async () => {
  ({ h, writeKey } = await startSegmentSource());
});
after(() => h.close());

const eventsOf = (externalId: string, type?: string) => eventsOfSource(h, externalId, type);

async function post(path: string, body: unknown, key: string | null = writeKey, headers = {}) {
  const res = await fetch(`${h.apiUrl}/v1/segment/v1/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key !== null && { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` }),
      ...headers,
    },
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('bad input', () => {
  test('an unknown, revoked or missing write key is a 401', async () => {
    const track = { userId: 'x', event: 'Clicked' };
    assert.equal((await post('track', track, 'wk-not-a-key')).status, 401);
    assert.equal((await post('track', track, null)).status, 401);
    assert.equal((await post('batch', { batch: [{ ...track, type: 'track' }] }, null)).status, 401);
    const made = await h.api('/v1/segment-sources', { body: { name: 'short-lived' } });
    assert.equal((await post('track', track, made.body.writeKey)).status, 200);
    const gone = await h.api(`/v1/segment-sources/${made.body.source.id}`, { method: 'DELETE' });
    assert.equal(gone.status, 204);
    const res = await post('track', track, made.body.writeKey);
    assert.equal(res.status, 401);
    assert.match(res.body.error.message, /write key/);
    // The sources list never shows a key.
    const list = await h.api('/v1/segment-sources');
    assert.deepEqual(
      list.body.sources.map((s: { name: string; revoked: boolean }) => [s.name, s.revoked]),
      [
        ['web-shop', false],
        ['short-lived', true],
      ],
    );
    assert.doesNotMatch(JSON.stringify(list.body), new RegExp(made.body.writeKey));
  });

  test('a malformed message is a 400 naming the field', async () => {
    const res = await post('track', { userId: 'x' });
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.error.problems.map((p: { field: string }) => p.field),
      ['event'],
    );
    const bad = await post('identify', { userId: 'x', traits: { email: 'not-an-email' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.problems[0].field, 'traits.email');
    const order = await post('track', {
      userId: 'x',
      event: 'Order Completed',
      properties: { order_id: 'B-1', products: [{ product_id: 'p', price: -3 }] },
    });
    assert.equal(order.status, 400);
    assert.equal(order.body.error.problems[0].field, 'properties.products.0.price');
    // Text no Postgres value can hold is refused by the api's hostile-input check, by its field.
    const nul = await post('page', { userId: 'x', properties: { title: 'a\u0000b' } });
    assert.equal(nul.status, 400);
    assert.equal(nul.body.error.problems[0].field, 'properties.title');
    const json = await post('track', '{"userId":');
    assert.equal(json.status, 400);
    assert.equal(json.body.error.problems[0].field, '(body)');
  });

  test('in a batch, bad messages are reported by index and the good ones kept', async () => {
    const good = (i: number) => ({
      type: 'track',
      userId: 'batch-mixed',
      event: 'Tried',
      messageId: `mixed-${i}-${randomUUID()}`,
      properties: { i },
    });
    const res = await post('batch', {
      batch: [
        good(0),
        good(1),
        { ...good(2), userId: undefined },
        { ...good(3), type: 'trak' },
        { ...good(4), properties: { note: 'a\u0000b' } },
        good(5),
      ],
    });
    assert.equal(res.status, 207, JSON.stringify(res.body));
    assert.equal(res.body.success, false);
    assert.equal(res.body.accepted, 3);
    const rejected = res.body.results
      .filter((r: { status: string }) => r.status === 'rejected')
      .map((r: { error: { problems: { field: string }[] } }) => r.error.problems[0]!.field);
    assert.deepEqual(rejected, ['batch.2.userId', 'batch.3.type', 'batch.4.properties.note']);
    const stored = await eventsOf('batch-mixed', 'tried');
    assert.deepEqual(stored.map((e) => e.properties.i).sort(), [0, 1, 5]);
  });

  test('a gzip body is read; an unknown Content-Encoding is a 415', async () => {
    const { gzipSync } = await import('node:zlib');
    const body = gzipSync(
      JSON.stringify({ batch: [{ type: 'track', userId: 'gz-1', event: 'Zipped' }] }),
    );
    const res = await post('batch', body, writeKey, { 'content-encoding': 'gzip' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((await eventsOf('gz-1', 'zipped')).length, 1);
    const odd = await post('batch', body, writeKey, { 'content-encoding': 'rot13' });
    assert.equal(odd.status, 415);
  });
});

// A running Herald with one Segment source, for the tests of the Segment-compatible endpoint:
// the write key and endpoints its SDK clients are pointed at, and the events a customer ended up
// with.
import assert from 'node:assert/strict';
import { createHarness, type Harness } from './harness.ts';
import { customerIdOf } from './metrics.ts';

export interface SegmentSource {
  h: Harness;
  writeKey: string;
  endpoints: { host: string; batchPath: string; dataPlaneUrl: string };
}

export async function startSegmentSource(): Promise<SegmentSource> {
  const h = await createHarness({ logLevel: 'silent' });
  const res = await h.api('/v1/segment-sources', { body: { name: 'web-shop' } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { h, writeKey: res.body.writeKey, endpoints: res.body.endpoints };
}

/** A customer's events by external ID, oldest first, optionally of one type. */
export async function eventsOf(h: Harness, externalId: string, type?: string) {
  const q = h
    .db('events')
    .where({ customer_id: await customerIdOf(h, externalId) })
    .orderBy('occurred_at');
  if (type) void q.where({ type });
  return q.select('*');
}

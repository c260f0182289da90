// Segment ingestion benchmark: events per second through Segment's batch endpoint
// (POST /v1/segment/v1/batch, write key as Basic auth), as plain JSON, gzipped (RudderStack's
// default) and sent by the real @segment/analytics-node client, beside Herald's own batch API
// (POST /v1/events with { events: [...] }) in the same run, on the same stack. Every path sends
// the same product views of the same number of customers, 1000 per request, 2 requests at once
// (analytics-node as it does by default); no campaign is active: the cost of ingestion itself.
// Usage: node --import tsx bench/segment-ingest.ts [events=10000] [customers=2000]
import { Analytics } from '@segment/analytics-node';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pMap from 'p-map';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';

const EVENTS = Number(process.argv[2] ?? 10_000);
const CUSTOMERS = Number(process.argv[3] ?? 2_000);
const BATCH = 1000;

/** `EVENTS` items in requests of BATCH, item i naming customer i % CUSTOMERS of this run. */
const batchesOf = <T>(item: (i: number) => T): T[][] =>
  Array.from({ length: Math.ceil(EVENTS / BATCH) }, (_, b) =>
    Array.from({ length: Math.min(BATCH, EVENTS - b * BATCH) }, (_, i) => item(b * BATCH + i)),
  );

async function timed(label: string, run: () => Promise<void>) {
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  return { label, seconds, rate: EVENTS / seconds };
}

async function send(url: string, headers: Record<string, string>, body: string | Buffer) {
  const res = await fetch(url, { method: 'POST', headers, body });
  if (res.status >= 300) throw new Error(`${res.status} ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer();
}

function heraldBatch(h: Harness, run: string) {
  const batches = batchesOf((i) => ({
    type: 'product_view',
    externalId: `${run}-${i % CUSTOMERS}`,
    properties: { productId: `SKU-${i % 997}`, category: `cat-${i % 20}` },
    idempotencyKey: `${run}-${i}`,
  }));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${h.apiKey}` };
  return timed('Herald POST /v1/events (batch)', () =>
    pMap(batches, (events) => send(`${h.apiUrl}/v1/events`, headers, JSON.stringify({ events })), {
      concurrency: 2,
    }).then(() => undefined),
  );
}

const segmentMessage = (run: string, i: number) => ({
  type: 'track',
  userId: `${run}-${i % CUSTOMERS}`,
  event: 'Product Viewed',
  messageId: `${run}-${i}`,
  timestamp: new Date().toISOString(),
  properties: { product_id: `SKU-${i % 997}`, category: `cat-${i % 20}` },
  context: { library: { name: 'bench', version: '1' } },
});

function segmentBatch(h: Harness, writeKey: string, run: string, gzip: boolean) {
  const batches = batchesOf((i) => segmentMessage(run, i));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    ...(gzip && { 'content-encoding': 'gzip' }),
  };
  const url = `${h.apiUrl}/v1/segment/v1/batch`;
  return timed(`Segment /v1/segment/v1/batch${gzip ? ' (gzip)' : ''}`, () =>
    pMap(
      batches,
      (batch) => {
        const json = JSON.stringify({ batch, sentAt: new Date().toISOString() });
        return send(url, headers, gzip ? gzipSync(json) : json);
      },
      { concurrency: 2 },
    ).then(() => undefined),
  );
}

/**
 * The real client with its defaults (batches of 15, each sent as soon as it fills, none waiting
 * for another, retries) but a timeout of 2 minutes instead of 10 s: a burst of thousands of
 * events is hundreds of requests at once, which Herald answers only once each is stored
 * (docs/segment.md). Its requests, retries and failures are counted.
 */
async function analyticsNode(h: Harness, writeKey: string, run: string) {
  let requests = 0;
  let retries = 0;
  const result = await timed('Segment via @segment/analytics-node', async () => {
    const client = new Analytics({
      writeKey,
      host: h.apiUrl,
      path: '/v1/segment/v1/batch',
      httpRequestTimeout: 120_000,
    });
    let failed = 0;
    const reasons = new Map<string, number>();
    client.on('error', (e) => {
      failed++;
      const reason = String((e as { reason?: unknown }).reason ?? (e as { code?: unknown }).code);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    });
    client.on('http_response', (r) => {
      if (r.status >= 300)
        reasons.set(`status ${r.status}`, (reasons.get(`status ${r.status}`) ?? 0) + 1);
    });
    client.on('http_request', (r) => {
      requests++;
      if (r.headers['X-Retry-Count']) retries++;
    });
    for (let i = 0; i < EVENTS; i++) {
      const { type: _type, ...message } = segmentMessage(run, i);
      client.track({ ...message, timestamp: new Date() });
    }
    await client.closeAndFlush({ timeout: 600_000 });
    if (failed > 0)
      throw new Error(
        `analytics-node: ${failed} deliveries failed: ${JSON.stringify([...reasons])}`,
      );
  });
  return { ...result, label: `${result.label} (${requests} requests, ${retries} retried)` };
}

const stack = await startLocalStack(
  path.resolve(import.meta.dirname, '..', '.data', 'bench-segment'),
);
const h = await createHarness({ ...stack, logLevel: 'warn' });
const created = await h.api('/v1/segment-sources', { body: { name: 'bench' } });
const { writeKey } = created.body as { writeKey: string };

// A first round warms the api, the pool and Postgres's caches; it is not counted.
await segmentBatch(h, writeKey, 'warm-segment', false);
await heraldBatch(h, 'warm-herald');
// Each path's own customers, created by its first events, as in production.
const results = [
  await heraldBatch(h, 'herald'),
  await segmentBatch(h, writeKey, 'segment', false),
  await segmentBatch(h, writeKey, 'segment-gz', true),
  await analyticsNode(h, writeKey, 'segment-node'),
  // Herald's own again, last: the database has grown meanwhile, as it did for the others.
  await heraldBatch(h, 'herald-2'),
];
const stored = await h.db('events').count<{ count: string }[]>('* as count');
// The yardstick: Herald's own batch API, first and last, averaged.
const base = (results[0]!.rate + results.at(-1)!.rate) / 2;
console.log(`
Ingestion: ${EVENTS} product views per path, ${CUSTOMERS} customers each, ${BATCH} per request, 2 at once
${results
  .map(
    (r) =>
      `  ${r.label.padEnd(70)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.rate.toFixed(0).padStart(6)} events/s  (${(r.rate / base).toFixed(2)} × Herald's batch API)`,
  )
  .join('\n')}
  events stored: ${stored[0]!.count} (with the warm-up's ${2 * EVENTS})
`);
await h.close();
await stack.stop();
process.exit(0);

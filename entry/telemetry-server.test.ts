// What Prometheus and Kubernetes read from a Herald process: a journey posted through the api
// and sent by the worker shows in /metrics; the probes say whether Postgres answers.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import { createDb } from '../db/connection.ts';
import { publishWelcome } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { failing, serveTelemetry } from './telemetry-server.ts';

let h: Harness;
const servers: Server[] = [];

async function serve(check: () => Promise<string[]>): Promise<string> {
  const server = serveTelemetry({ port: 0, host: '127.0.0.1', check });
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(async () => {
  for (const s of servers) s.close();
  await h.close();
});

test('/metrics counts the events, journeys, messages and requests of a journey', async () => {
  const url = await serve(() => failing({ postgres: () => h.db.raw('select 1') }));
  const campaignId = await publishWelcome(h);
  const res = await h.api('/v1/events', {
    body: { type: 'signed_up', externalId: 'm-1', customer: { email: 'm1@example.com' } },
  });
  assert.equal(res.status, 202);
  await h.smtp.waitFor((m) => JSON.stringify(m.to).includes('m1@example.com'));
  const metrics = await eventually(async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    return text.includes(`herald_journeys_finished_total{campaign="${campaignId}"`)
      ? text
      : undefined;
  });
  assert.match(metrics, /herald_events_accepted_total\{duplicate="false"\} [1-9]/);
  assert.match(
    metrics,
    new RegExp(`herald_journeys_started_total\\{campaign="${campaignId}"\\} 1`),
  );
  assert.match(metrics, /herald_messages_total\{channel="email",status="sent"\} [1-9]/);
  assert.match(
    metrics,
    /herald_http_request_duration_seconds_count\{method="POST",route="\/v1\/events",status="202"\} [1-9]/,
  );
  assert.match(metrics, /herald_process_resident_memory_bytes/);
});

test('/health/ready answers 503 naming what is down; /health/live only asks the process', async () => {
  const up = await serve(() => failing({ postgres: () => h.db.raw('select 1') }));
  assert.equal((await fetch(`${up}/health/ready`)).status, 200);
  // A Postgres nobody listens on: port 1 refuses connections.
  const nowhere = createDb('postgres://nobody:x@127.0.0.1:1/none', { max: 1 });
  try {
    const down = await serve(() => failing({ postgres: () => nowhere.raw('select 1') }));
    const ready = await fetch(`${down}/health/ready`);
    assert.equal(ready.status, 503);
    assert.equal(await ready.text(), 'down: postgres\n');
    assert.equal((await fetch(`${down}/health/live`)).status, 200);
  } finally {
    await nowhere.destroy();
  }
});

// The webhook channel against a real local receiver: a signed JSON POST carrying the message ID
// as Idempotency-Key; a 503 is retried and the retry delivers; a 4xx fails for good; an address
// the egress policy refuses is never called.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { loadConfig } from '../../core/config.ts';
import { createCustomer } from '../../db/customers.ts';
import { insertTemplate } from '../../scripts/testing/gateway-registry.ts';
import { createHarness, type Harness } from '../../scripts/testing/harness.ts';
import { sendMessageActivities } from '../send-message.ts';
import { createGatewayRegistry, type GatewayRegistry } from './registry.ts';
import { webhookSignature } from './webhook.ts';

const SECRET = 'a-webhook-signing-secret';
const log = pino({ level: 'silent' });
const config = loadConfig();
let h: Harness;
let gateways: GatewayRegistry;
let receiver: Server;
let url: string;
const received: { key: string; signature: string; body: string; status: number }[] = [];
let answers: number[] = [];

before(async () => {
  h = await createHarness();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = answers.shift() ?? 200;
      received.push({
        key: String(req.headers['idempotency-key']),
        signature: String(req.headers['x-herald-signature']),
        body,
        status,
      });
      res.writeHead(status).end(status === 200 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/herald`;
  gateways = createGatewayRegistry({
    db: h.db,
    secret: config.HERALD_SECRET,
    environmentEmail: undefined as never,
    egress: config.EGRESS_ALLOW,
    log,
    onReport: () => Promise.resolve(),
  });
});
after(async () => {
  await gateways.close();
  receiver.close();
  await h.close();
});

const send = () =>
  sendMessageActivities({ db: h.db, log, gateways }, () => Promise.reject(new Error('no email')))
    .sendMessage;

async function gateway(name: string, target: string) {
  const res = await h.api('/v1/gateways', {
    body: {
      name,
      provider: 'webhook',
      isDefault: true,
      settings: { url: target },
      credentials: { signingSecret: SECRET },
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

test('a signed POST; a 503 is retried, the retry delivers with the same Idempotency-Key', async () => {
  await gateway('CRM', url);
  const template = {
    id: await insertTemplate(h, {
      name: 'Hook',
      channel: 'webhook',
      body: 'VIP {{ customer.firstName }}',
    }),
  };
  const c = await createCustomer(h.db, { firstName: 'Vi' });
  const input = {
    idempotencyKey: 'journey:hook:1',
    customerId: c.id,
    templateId: template.id,
    channel: 'webhook' as const,
  };
  answers = [503];
  await assert.rejects(
    send()(input),
    (err: unknown) => err instanceof ApplicationFailure && !err.nonRetryable,
  );
  const result = await send()(input);
  assert.equal(result.status, 'sent');
  assert.equal(received.length, 2);
  assert.deepEqual(
    received.map((r) => [r.key, r.status]),
    [
      [result.messageId, 503],
      [result.messageId, 200],
    ],
  );
  const last = received[1]!;
  const body = JSON.parse(last.body) as Record<string, unknown>;
  assert.equal(body.text, 'VIP Vi');
  assert.equal(body.messageId, result.messageId);
  const time = Number(/t=(\d+)/.exec(last.signature)![1]);
  assert.equal(last.signature, webhookSignature(SECRET, time, last.body));
  assert.ok(Math.abs(Date.now() / 1000 - time) < 60);

  answers = [422];
  const refused = await send()({ ...input, idempotencyKey: 'journey:hook:2' });
  assert.equal(refused.status, 'failed');
  const row = await h.db('messages').where({ id: refused.messageId }).first();
  assert.match(row.error, /422: not now/);
});

test('a webhook to an address the egress policy refuses is never called', async () => {
  await gateway('Metadata', 'http://169.254.169.254/latest/meta-data');
  const template = {
    id: await insertTemplate(h, { name: 'Hook 2', channel: 'webhook', body: 'x' }),
  };
  const c = await createCustomer(h.db, { firstName: 'Mo' });
  const before = received.length;
  const result = await send()({
    idempotencyKey: 'journey:hook:3',
    customerId: c.id,
    templateId: template.id,
    channel: 'webhook',
  });
  assert.equal(result.status, 'failed');
  const row = await h.db('messages').where({ id: result.messageId }).first();
  assert.match(row.error, /Herald does not call 169\.254\.169\.254/);
  assert.equal(received.length, before);
});

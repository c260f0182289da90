// Webhooks: external systems create events at POST /v1/webhooks/{source}, authenticated only by
// that source's token or HMAC-SHA256 signature of the raw body (never by an API key, which a
// third-party system should not hold). Sources are managed at /v1/webhook-sources.
import express from 'express';
import { timingSafeEqual, createHmac } from 'node:crypto';
import { z } from 'zod';
import { ApiError, IdParams } from '../../core/contract/common.ts';
import {
  EventBatchResult,
  WebhookAccepted,
  WebhookBody,
  WebhookParams,
} from '../../core/contract/events.ts';
import {
  CreateWebhookSource,
  WebhookSourceCreated,
  WebhookSources,
} from '../../core/contract/webhooks.ts';
import { EventInput, MAX_BATCH } from '../../core/event.ts';
import { badRequest, conflict, HeraldError, unauthorized } from '../../core/errors.ts';
import { runBatch } from '../../entry/batch.ts';
import { openPipeline, type Pipeline } from '../../entry/pipeline.ts';
import { open } from '../../core/secret-box.ts';
import {
  createWebhookSource,
  listWebhookSources,
  revokeWebhookSource,
  sha256Hex,
  toWebhookSource,
  touchWebhookSource,
  WEBHOOK_SECRET_PURPOSE,
  webhookSourceByName,
  type WebhookSourceRow,
} from '../../db/webhook-sources.ts';
import { claimDelivery } from '../../db/webhook-replays.ts';
import { batchReply, refuseNul, reply, route } from '../route.ts';
import { parseBody } from '../validate.ts';
import { audited, auditedRevoke } from '../audit.ts';

export const SIGNATURE_HEADER = 'x-herald-signature';
export const TIMESTAMP_HEADER = 'x-herald-timestamp';
/** How far a signed delivery's timestamp may be from the api's clock (seconds). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const webhookSourceRoutes = [
  route({
    method: 'post',
    path: '/v1/webhook-sources',
    permission: 'webhooks:manage',
    summary:
      'Register a system that posts events to /v1/webhooks/{name}; the answer holds its token or HMAC secret, shown once',
    body: CreateWebhookSource,
    responses: { 201: WebhookSourceCreated },
    errors: [409],
    handler: async ({ body: input, req, deps }) => {
      const created = await audited(
        deps,
        req,
        (trx) => createWebhookSource(trx, deps.config.HERALD_SECRET, input),
        (made) =>
          made && {
            action: 'setting.webhook_source_created',
            targetType: 'webhook_source',
            targetId: made.row.id,
            details: { name: input.name, authMode: input.authMode },
          },
      );
      if (!created)
        throw conflict(`A webhook source is already named "${input.name}"; pick another.`);
      const how =
        input.authMode === 'token'
          ? 'Send it as "Authorization: Bearer <token>".'
          : `Sign the raw body with HMAC-SHA256 and send "${SIGNATURE_HEADER}: sha256=<hex>".`;
      return {
        source: toWebhookSource(created.row),
        [input.authMode === 'token' ? 'token' : 'secret']: created.credential,
        url: `/v1/webhooks/${input.name}`,
        note: `Store this credential now: Herald cannot show it again. ${how}`,
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/webhook-sources',
    permission: 'webhooks:manage',
    summary: 'List webhook sources',
    responses: { 200: WebhookSources },
    handler: async ({ deps }) => ({
      sources: (await listWebhookSources(deps.db)).map(toWebhookSource),
    }),
  }),
  route({
    method: 'delete',
    path: '/v1/webhook-sources/{id}',
    permission: 'webhooks:manage',
    summary: 'Revoke a webhook source',
    params: IdParams('a webhook source'),
    responses: { 204: null },
    errors: [404],
    handler: ({ params: { id }, req, deps }) =>
      auditedRevoke(
        deps,
        req,
        `Active webhook source ${id}`,
        (trx) => revokeWebhookSource(trx, id),
        () => ({
          action: 'setting.webhook_source_revoked',
          targetType: 'webhook_source',
          targetId: id,
        }),
      ),
  }),
];

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function authenticate(
  source: WebhookSourceRow,
  secret: string,
  raw: Buffer,
  header: (n: string) => string | undefined,
) {
  if (source.auth_mode === 'token') {
    const token = /^Bearer\s+(.+)$/i.exec(header('authorization')?.trim() ?? '')?.[1];
    if (!token) throw unauthorized(`Send this source's token as "Authorization: Bearer <token>".`);
    if (!safeEqual(sha256Hex(token), source.token_hash!))
      throw unauthorized(`This token is not the one of webhook source "${source.name}".`);
    return;
  }
  const sent = header(SIGNATURE_HEADER)
    ?.trim()
    .replace(/^sha256=/i, '');
  const timestamp = header(TIMESTAMP_HEADER)?.trim() ?? '';
  if (!sent || !/^\d{1,12}$/.test(timestamp))
    throw unauthorized(
      `Send "${TIMESTAMP_HEADER}: <unix seconds>" and "${SIGNATURE_HEADER}: sha256=<hex>", the HMAC-SHA256 with this source's secret of "<timestamp>.<raw body>".`,
    );
  // A timestamp bounds how long a captured delivery could be replayed; the replay record
  // (claimDelivery) refuses it within that window.
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS)
    throw unauthorized(
      `${TIMESTAMP_HEADER} is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds from the api's clock: sign each delivery when sending it.`,
    );
  const expected = createHmac(
    'sha256',
    open(secret, WEBHOOK_SECRET_PURPOSE, source.secret_encrypted!),
  )
    .update(`${timestamp}.`)
    .update(raw)
    .digest('hex');
  if (!safeEqual(sent.toLowerCase(), expected))
    throw unauthorized(
      'The signature does not match the body: sign "<timestamp>.<exact bytes sent>", with the secret given at creation.',
    );
  return expected;
}

/** One event, an array, or { events: [...] }: the list of raw items. */
function itemsOf(body: unknown): { items: unknown[]; single: boolean } {
  if (Array.isArray(body)) return { items: body, single: false };
  if (body && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events))
    return { items: (body as { events: unknown[] }).events, single: false };
  return { items: [body], single: true };
}

/**
 * The public receiver. It reads the raw body itself: the signature covers the exact bytes.
 */
export const webhookReceiverRoute = route({
  method: 'post',
  path: '/v1/webhooks/{source}',
  summary:
    'An external system posts one event, an array or { events: [...] } (up to 1000). Authenticated only by the source: "Authorization: Bearer <token>", or "X-Herald-Timestamp: <unix seconds>" with "X-Herald-Signature: sha256=<hex HMAC-SHA256 of `<timestamp>.<raw body>`>" (within 5 minutes of the api clock; each signed delivery is accepted once). Events start campaigns; an idempotencyKey (or Idempotency-Key header) is scoped to the source',
  public: true,
  rateLimit: 'webhooks',
  params: WebhookParams,
  unparsedBody: {
    contentType: 'application/json',
    schema: WebhookBody,
    parser: express.raw({ type: () => true, limit: '5mb' }),
  },
  responses: {
    202: {
      schema: z.union([WebhookAccepted, EventBatchResult]),
      description: 'Accepted: the event, or every event of the batch',
    },
    207: EventBatchResult,
    400: {
      schema: z.union([ApiError, EventBatchResult]),
      description: 'Bad input, or every event of the batch was rejected',
    },
  },
  errors: [401, 404, 409, 503],
  handler: async ({ params, req, deps }) => {
    const source = await webhookSourceByName(deps.db, params.source);
    if (!source || source.revoked_at)
      throw new HeraldError(
        404,
        'not_found',
        `No active webhook source is named "${params.source}"; create it at /v1/webhook-sources.`,
      );
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = authenticate(source, deps.config.HERALD_SECRET, raw, (n) => req.get(n));
    if (
      signature &&
      !(await claimDelivery(deps.db, source.id, signature, SIGNATURE_TOLERANCE_SECONDS))
    )
      throw conflict(
        'This signed delivery was already received: sign each delivery anew with a fresh timestamp.',
      );
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw badRequest(`The body is not valid JSON: ${(err as Error).message}`, [
        { field: '(body)', message: 'send one event, an array of events or { "events": [...] }' },
      ]);
    }
    refuseNul(body);
    const { items, single } = itemsOf(body);
    if (items.length === 0 || items.length > MAX_BATCH)
      throw badRequest(`Send between 1 and ${MAX_BATCH} events per request.`, [
        { field: 'events', message: `split the batch into parts of at most ${MAX_BATCH}` },
      ]);
    await touchWebhookSource(deps.db, source.id);
    const headerKey = req.get('idempotency-key');
    const ingest = (pipeline: Pipeline, event: EventInput, field = '') =>
      pipeline.ingest(scopedKey(source, event), { field, source: `webhook:${source.name}` });
    if (single) {
      const event = parseBody(EventInput, withDefaults(source, items[0], headerKey), 'event');
      return reply(202, {
        status: 'accepted' as const,
        ...(await ingest(openPipeline(deps), event)),
      });
    }
    return batchReply<EventBatchResult>(
      202,
      await runBatch(
        deps,
        items.map((item) => withDefaults(source, item)),
        { name: 'events', schema: EventInput, ingest, okStatus: 202 },
      ),
    );
  },
});

/**
 * The source's default event type, for systems that send one kind of notification without a
 * "type"; and, for a single event, the Idempotency-Key header as its key.
 */
function withDefaults(source: WebhookSourceRow, item: unknown, headerKey?: string): unknown {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
  return {
    ...(source.default_event_type && { type: source.default_event_type }),
    ...(headerKey && { idempotencyKey: headerKey }),
    ...item,
  };
}

/** Keys are scoped to the source: two systems may well both number their deliveries from 1. */
const scopedKey = (source: WebhookSourceRow, event: EventInput): EventInput =>
  event.idempotencyKey
    ? { ...event, idempotencyKey: `webhook:${source.name}:${event.idempotencyKey}` }
    : event;

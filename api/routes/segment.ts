// Segment's tracking API, as the SDKs call it: POST /v1/segment/v1/{batch,identify,track,page,
// screen,group,alias} (and analytics.js's one-letter paths), authenticated by a source's write key
// as HTTP Basic auth (or, as analytics.js sends it, `writeKey` in the body); and Segment's webhook
// destination at /v1/segment/webhook/{source}, authenticated by its X-Signature. Bodies are read
// raw (gzip and deflate inflated by the parser, other encodings refused with 415), so that a
// batch is checked message by message: one bad message is reported by its index and never loses
// the good ones. docs/segment.md says what each message becomes.
import express, { type Request, type RequestHandler } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../../core/contract/common.ts';
import {
  SegmentAccepted,
  SegmentBatchResult,
  SegmentWebhookParams,
} from '../../core/contract/segment.ts';
import { badRequest, HeraldError, unauthorized } from '../../core/errors.ts';
import { SegmentBatch, SegmentMessage, type SegmentType } from '../../core/segment-message.ts';
import { runBatch } from '../../entry/batch.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import { ingestSegment, type SegmentOrigin, segmentOrderKey } from '../../entry/segment.ts';
import {
  segmentSourceByName,
  segmentSourceByWriteKey,
  type SegmentSourceRow,
  touchSegmentSource,
  webhookSecretOf,
} from '../../db/segment-sources.ts';
import type { ApiDeps } from '../deps.ts';
import { type AnyRoute, batchReply, route } from '../route.ts';
import { inputProblems, parseBody } from '../validate.ts';
import { SEGMENT_BASE } from './segment-sources.ts';

export const SIGNATURE_HEADER = 'x-signature';

/** Segment's own limit is 500 KB a batch; this leaves room and still bounds a request's work. */
const raw = express.raw({ type: () => true, limit: '5mb' });

/**
 * A message as a batch item: the hostile-input check (api/validate.ts) runs on each message,
 * not on the whole body, so a NUL in one message refuses that message alone.
 */
const CheckedMessage = z
  .unknown()
  .superRefine((value, ctx) => {
    for (const p of inputProblems(value, 'body'))
      ctx.addIssue({
        code: 'custom',
        path: p.field === '(body)' ? [] : p.field.split('.'),
        message: p.message,
      });
  })
  .pipe(SegmentMessage);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(body: unknown): unknown {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw badRequest(`The body is not valid JSON: ${(err as Error).message}`, [
      { field: '(body)', message: 'send one Segment message, or { "batch": [...] } to /v1/batch' },
    ]);
  }
}

/** The write key: the Basic auth user name the SDKs send, or analytics.js's `writeKey`. */
function writeKeyOf(req: Request, body: unknown): string | undefined {
  const basic = /^Basic\s+(.+)$/i.exec(req.get('authorization')?.trim() ?? '')?.[1];
  if (basic) return Buffer.from(basic, 'base64').toString('utf8').split(':')[0] || undefined;
  const key = isRecord(body) ? body.writeKey : undefined;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

async function authenticate(deps: ApiDeps, req: Request, body: unknown) {
  const key = writeKeyOf(req, body);
  if (!key)
    throw unauthorized(
      "Send a Segment source's write key as HTTP Basic auth (the user name, with an empty password); create a source at /v1/segment-sources.",
    );
  const source = await segmentSourceByWriteKey(deps.db, key);
  if (!source)
    throw unauthorized(
      'This write key names no active Segment source; create one at /v1/segment-sources.',
    );
  await touchSegmentSource(deps.db, source.id);
  return source;
}

const originOf = (source: SegmentSourceRow, req: Request): SegmentOrigin => ({
  source: source.name,
  ip: req.ip,
  receivedAt: new Date(),
});

async function ingestOne(
  deps: ApiDeps,
  message: unknown,
  origin: SegmentOrigin,
  { needsMessageId = false } = {},
) {
  const parsed = parseBody(SegmentMessage, message, 'message');
  if (needsMessageId && !parsed.messageId)
    throw badRequest('A webhook delivery needs its messageId', [
      {
        field: 'messageId',
        message: "send Segment's messageId: it is how a redelivery is told from a new message",
      },
    ]);
  return { success: true as const, ...(await ingestSegment(openPipeline(deps), parsed, origin)) };
}

const ingestBatch = async (deps: ApiDeps, body: unknown, origin: SegmentOrigin) => {
  if (!isRecord(body))
    throw badRequest('Send the batch as { "batch": [...] }', [
      { field: 'batch', message: 'send the messages as "batch": [...]' },
    ]);
  // The envelope alone is checked here; each message is checked on its own below.
  const envelope = parseBody(
    SegmentBatch,
    { ...body, batch: Array.isArray(body.batch) ? body.batch.map(() => null) : body.batch },
    'batch',
  );
  const items = (body.batch as unknown[]).map((item) =>
    // A context at the top of a batch applies to each message; the message's own wins.
    isRecord(item) && envelope.context
      ? {
          ...item,
          context: { ...envelope.context, ...(isRecord(item.context) ? item.context : {}) },
        }
      : item,
  );
  const batch = await runBatch(deps, items, {
    name: 'batch',
    schema: CheckedMessage,
    key: segmentOrderKey,
    ingest: (pipeline, message) =>
      ingestSegment(pipeline, message, { ...origin, batchSentAt: envelope.sentAt }),
  });
  const answer = batch.body as { rejected: number };
  return batchReply<SegmentBatchResult, 200>(200, {
    status: batch.status,
    body: { success: answer.rejected === 0, ...batch.body },
  });
};

/** The SDKs' paths: Segment's names, and analytics.js's one-letter forms of them. */
const PATHS: [path: string, type: SegmentType | undefined][] = [
  ['batch', undefined],
  ['identify', 'identify'],
  ['track', 'track'],
  ['page', 'page'],
  ['screen', 'screen'],
  ['group', 'group'],
  ['alias', 'alias'],
  ['b', undefined],
  ['i', 'identify'],
  ['t', 'track'],
  ['p', 'page'],
  ['s', 'screen'],
  ['g', 'group'],
  ['a', 'alias'],
];

const sdkRoute = ([path, type]: (typeof PATHS)[number]): AnyRoute =>
  route({
    method: 'post',
    path: `${SEGMENT_BASE}/v1/${path}`,
    summary: type
      ? `Segment's ${type} call, as the SDKs send it; authenticated by a Segment source's write key (HTTP Basic user name). See docs/segment.md`
      : `A batch of Segment messages, as analytics-node and RudderStack's SDKs send it ({ batch: [...], context?, sentAt? }, gzip allowed); authenticated by a Segment source's write key (HTTP Basic user name). Bad messages are reported by index (batch.<n>.<field>), good ones kept`,
    public: true,
    rateLimit: 'webhooks',
    unparsedBody: {
      contentType: 'application/json',
      schema: type ? SegmentMessage : SegmentBatch,
      parser: raw,
    },
    responses: type
      ? { 200: SegmentAccepted }
      : {
          200: { schema: SegmentBatchResult, description: 'Every message accepted' },
          207: SegmentBatchResult,
          400: {
            schema: z.union([ApiError, SegmentBatchResult]),
            description: 'Bad input, or every message of the batch was rejected',
          },
        },
    errors: [401, 409, 413, 503],
    handler: async ({ req, res, deps }) => {
      // Browsers post from the business's own pages with the write key in the body and no
      // cookie, as to Segment's API, which answers every origin.
      res.set('Access-Control-Allow-Origin', '*');
      let body: unknown;
      let malformed: HeraldError | undefined;
      try {
        body = parseJson(req.body);
      } catch (err) {
        if (!(err instanceof HeraldError)) throw err;
        malformed = err;
      }
      // Who is calling is settled before what they sent is judged.
      const source = await authenticate(deps, req, body);
      if (malformed) throw malformed;
      const origin = originOf(source, req);
      if (!type) return ingestBatch(deps, body, origin);
      return ingestOne(deps, isRecord(body) ? { ...body, type } : body, origin);
    },
  });

export const segmentRoutes: AnyRoute[] = PATHS.map(sdkRoute);

/**
 * The CORS preflight of the SDK paths: analytics.js sends the write key as an Authorization
 * header too, which makes its posts preflighted. Any origin may send, with no cookie.
 */
export const segmentPreflight: RequestHandler = (_req, res) => {
  res.set('Access-Control-Allow-Origin', '*');
  res.set('Access-Control-Allow-Methods', 'POST');
  res.set('Access-Control-Allow-Headers', 'authorization, content-type, x-retry-count');
  res.set('Access-Control-Max-Age', '86400');
  res.status(204).end();
};

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Segment's webhook destination: one message per POST, signed with X-Signature, the hex
 * HMAC-SHA1 of the body with the source's webhook secret. Segment's signature has no timestamp;
 * a replayed delivery is told by its messageId, which is therefore required here.
 */
export const segmentWebhookRoute = route({
  method: 'post',
  path: `${SEGMENT_BASE}/webhook/{source}`,
  summary:
    "Segment's webhook destination: one Segment message per POST, with X-Signature (hex HMAC-SHA1 of the raw body with the source's webhook secret). A messageId is required: a redelivery or replay counts once",
  public: true,
  rateLimit: 'webhooks',
  params: SegmentWebhookParams,
  unparsedBody: { contentType: 'application/json', schema: SegmentMessage, parser: raw },
  responses: { 200: SegmentAccepted },
  errors: [401, 404, 409, 413, 503],
  handler: async ({ params, req, deps }) => {
    const source = await segmentSourceByName(deps.db, params.source);
    if (!source)
      throw new HeraldError(
        404,
        'not_found',
        `No Segment source is named "${params.source}"; create it at /v1/segment-sources.`,
      );
    if (source.revoked_at)
      throw unauthorized(`Segment source "${source.name}" was revoked; create a new one.`);
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const sent = req.get(SIGNATURE_HEADER)?.trim().toLowerCase();
    if (!sent)
      throw unauthorized(
        "Send X-Signature: the hex HMAC-SHA1 of the body with the source's webhook secret (Segment's Shared Secret setting).",
      );
    const expected = createHmac('sha1', webhookSecretOf(deps.config.HERALD_SECRET, source))
      .update(bytes)
      .digest('hex');
    if (!safeEqual(sent, expected))
      throw unauthorized(
        "X-Signature does not match the body: sign the exact bytes sent with the source's webhook secret.",
      );
    await touchSegmentSource(deps.db, source.id);
    // The request comes from Segment's servers: the visitor's address is the message's own.
    const origin = { source: source.name, receivedAt: new Date() };
    return ingestOne(deps, parseJson(bytes), origin, { needsMessageId: true });
  },
});

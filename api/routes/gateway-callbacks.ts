// Delivery reports that providers post to Herald (Twilio's status callbacks, a generic HTTP
// provider's DLRs). Public, as providers hold no API key: the gateway's secret token in the path
// authenticates the call, and Twilio's X-Twilio-Signature (HMAC-SHA1 of the URL and parameters
// under the account's Auth Token) must also match. The report then finds its message by the
// provider's ID recorded with the send.
import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import { statusCallbackUrl } from '../../core/gateways.ts';
import { notFound, unauthorized } from '../../core/errors.ts';
import { callbackTokenOf, gatewayConfig, getGateway } from '../../db/gateways.ts';
import { type IncomingReport, receiveDeliveryReport } from '../../entry/delivery-reports.ts';
import { receiveViberReports } from '../../entry/viber-reports.ts';
import { receiveHuaweiReceipts } from '../../entry/push-receipts.ts';
import { huaweiCallbackSigned } from '../../core/push-receipts.ts';
import type { ApiDeps } from '../deps.ts';
import { reply, route } from '../route.ts';

const Params = z.object({
  id: z.uuid('use the gateway ID (a UUID) of the callback URL'),
  token: z.string().min(1).max(200),
});
type Fields = Record<string, unknown>;

// Providers post forms (Twilio) or JSON; both are read.
const form = express.urlencoded({ extended: false, limit: '100kb' });
const json = express.json({ limit: '100kb' });
const formOrJson: RequestHandler = (req, res, next) =>
  form(req, res, (err?: unknown) => (err ? next(err) : json(req, res, next)));

const same = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};
const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

// Twilio's final statuses; the others (queued, sending, sent) say nothing new.
const TWILIO_OUTCOMES: Record<string, IncomingReport['outcome']> = {
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
};
// Error codes of a report that say the number itself is bad: unknown handset, landline.
const TWILIO_INVALID_NUMBER = new Set(['30005', '30006']);

/** The report a provider's fields make, or undefined for a status that is not final. */
function reportOf(
  deps: ApiDeps,
  req: Request,
  gateway: ReturnType<typeof gatewayConfig>,
  fields: Fields,
): Omit<IncomingReport, 'gatewayId'> | undefined {
  if (gateway.provider === 'twilio') {
    const signature = req.get('x-twilio-signature') ?? '';
    // Signed over the URL Twilio called: the public one we gave it, or as it reached us.
    const urls = [
      statusCallbackUrl(deps.config.trackingUrl, gateway.id, gateway.callbackToken),
      `${req.protocol}://${req.get('host')}${req.originalUrl}`,
    ];
    const params = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, text(v)]));
    if (
      !urls.some((url) =>
        twilio.validateRequest(gateway.credentials.authToken, signature, url, params),
      )
    )
      throw unauthorized('X-Twilio-Signature does not match this gateway’s Auth Token');
    const outcome = TWILIO_OUTCOMES[text(fields.MessageStatus)];
    if (!outcome) return undefined;
    const code = text(fields.ErrorCode);
    return {
      providerMessageId: text(fields.MessageSid),
      outcome,
      detail: `${text(fields.MessageStatus)}${code ? ` ${code}` : ''}`,
      addressInvalid: TWILIO_INVALID_NUMBER.has(code),
    };
  }
  if (gateway.provider === 'http' && gateway.settings.report) {
    const map = gateway.settings.report;
    const status = text(fields[map.statusField]);
    const outcome = map.delivered.includes(status)
      ? 'delivered'
      : map.failed.includes(status)
        ? 'failed'
        : undefined;
    if (!outcome) return undefined;
    const error = map.errorField ? text(fields[map.errorField]) : '';
    return {
      providerMessageId: text(fields[map.idField]),
      outcome,
      detail: `${status}${error ? ` ${error}` : ''}`,
    };
  }
  return undefined;
}

async function receive(deps: ApiDeps, req: Request, id: string, token: string, fields: Fields) {
  const row = await getGateway(deps.db, id);
  if (!row) throw notFound(`Gateway ${id}`);
  if (!same(token, callbackTokenOf(row, deps.config.HERALD_SECRET)))
    throw unauthorized(
      'This is not the callback URL of this gateway: copy statusCallbackUrl again',
    );
  // Infobip posts a batch of results (delivery and seen reports) as JSON.
  if (row.provider === 'infobip') return receiveViberReports(deps, id, fields);
  if (row.provider === 'huawei') {
    const { credentials } = gatewayConfig(row, deps.config.HERALD_SECRET) as {
      credentials: { receiptUserName?: string; receiptKey?: string };
    };
    // With a callback user name and key in the receipt configuration, Push Kit signs each call.
    if (
      credentials.receiptUserName &&
      credentials.receiptKey &&
      !huaweiCallbackSigned(
        req.get('x-huawei-callback-id'),
        credentials.receiptUserName,
        credentials.receiptKey,
      )
    )
      throw unauthorized(
        'X-HUAWEI-CALLBACK-ID does not match the receipt callback user name and key of this gateway',
      );
    await receiveHuaweiReceipts(deps, id, fields);
    return 'huawei';
  }
  const report = reportOf(deps, req, gatewayConfig(row, deps.config.HERALD_SECRET), fields);
  if (report?.providerMessageId) await receiveDeliveryReport(deps, { gatewayId: id, ...report });
}

const summary =
  "A gateway's delivery reports (Twilio status callbacks, a generic provider's DLRs, Infobip's Viber delivery and seen reports, Huawei Push Kit's receipts): the token of the gateway's statusCallbackUrl authenticates them; Twilio's are checked against X-Twilio-Signature, Huawei's against X-HUAWEI-CALLBACK-ID when the gateway has a receipt user name and key";

/** What Push Kit's receipt API expects back. */
const HuaweiReceiptAnswer = z.object({ errno: z.string(), errmsg: z.string() });

export const gatewayCallbackRoutes = [
  route({
    method: 'post',
    path: '/callbacks/gateways/{id}/{token}',
    summary,
    public: true,
    rateLimit: 'webhooks',
    params: Params,
    unparsedBody: {
      contentType: 'application/x-www-form-urlencoded',
      schema: z.record(z.string(), z.unknown()),
      parser: formOrJson,
    },
    responses: {
      204: null,
      200: {
        schema: HuaweiReceiptAnswer,
        description: 'Huawei Push Kit receipts: as its API expects',
      },
    },
    errors: [401, 404],
    handler: async ({ params: { id, token }, req, deps }) => {
      const body: unknown = req.body;
      const from = await receive(
        deps,
        req,
        id,
        token,
        body && typeof body === 'object' ? (body as Fields) : {},
      );
      return from === 'huawei'
        ? reply(200, { errno: '0', errmsg: 'success' })
        : reply(204, undefined);
    },
  }),
  route({
    method: 'get',
    path: '/callbacks/gateways/{id}/{token}',
    summary: `${summary} (providers that call with a query string)`,
    public: true,
    rateLimit: 'webhooks',
    params: Params,
    query: z.record(z.string(), z.string()),
    responses: { 204: null },
    errors: [401, 404],
    handler: async ({ params: { id, token }, query, req, deps }) => {
      await receive(deps, req, id, token, query);
    },
  }),
];

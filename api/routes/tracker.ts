// The JS tracker: GET /tracker.js?key=<public key> serves the script with its site's settings;
// POST /track/collect receives its events. Both are public (a browser holds no API key): a
// site's public key names the site, and only the origins registered for it may send (CORS).
// Sites are managed at /v1/tracker-sites.
import express, { type Request, type Response, Router } from 'express';
import { readFileSync } from 'node:fs';
import { UAParser } from 'ua-parser-js';
import { z } from 'zod';
import { CustomerAttributes } from '../../core/customer.ts';
import { EventType } from '../../core/event.ts';
import { badRequest, HeraldError, unauthorized } from '../../core/errors.ts';
import {
  createTrackerSite,
  customerOfVisitor,
  identifyVisitor,
  listTrackerSites,
  originIsAllowed,
  toTrackerSite,
  trackerSiteByKey,
} from '../../db/tracker.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

const Origin = z
  .string()
  .url('use an origin such as "https://shop.example.com"')
  .transform((u) => new URL(u).origin);

export const CreateTrackerSite = z.object({
  name: z.string().min(1).max(200),
  allowedOrigins: z
    .array(Origin)
    .min(1, 'list the origins (scheme, host and port) the tracker runs on'),
});
export type CreateTrackerSite = z.infer<typeof CreateTrackerSite>;

const VisitorId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a visitor ID from the tracker');

export const CollectPayload = z.object({
  key: z.string().min(1, 'the site public key'),
  visitorId: VisitorId,
  eventId: z.string().max(100).optional(),
  type: z.union([z.literal('identify'), EventType]),
  properties: z.record(z.string(), z.unknown()).default({}),
  externalId: z.string().min(1).max(200).optional(),
  customer: CustomerAttributes.optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  url: z.string().max(2000).optional(),
  referrer: z.string().max(2000).optional(),
});
export type CollectPayload = z.infer<typeof CollectPayload>;

export function trackerSitesRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const input = parseBody(CreateTrackerSite, req.body, 'tracker site');
    const site = await createTrackerSite(deps.db, input);
    res.status(201).json({
      site: toTrackerSite(site),
      snippet: `<script src="${req.protocol}://${req.get('host')}/tracker.js?key=${site.public_key}" defer></script>`,
    });
  });
  router.get('/', async (_req, res) => {
    res.json({ sites: (await listTrackerSites(deps.db)).map(toTrackerSite) });
  });
  return router;
}

/** The device an event came from, read from its User-Agent. */
export function deviceOf(userAgent: string | undefined) {
  const ua = UAParser(userAgent ?? '');
  const version = (name?: string, v?: string) =>
    name ? [name, v].filter(Boolean).join(' ') : undefined;
  return {
    type: ua.device.type ?? 'desktop',
    os: version(ua.os.name, ua.os.version),
    browser: version(ua.browser.name, ua.browser.major),
  };
}

function allowOrigin(res: Response, origin: string) {
  res.set('Access-Control-Allow-Origin', origin);
  res.set('Vary', 'Origin');
}

const script = readFileSync(new URL('../../tracker/herald.js', import.meta.url), 'utf8');

export function trackerPublicRouter(deps: ApiDeps): Router {
  const router = Router();

  router.get('/tracker.js', async (req, res) => {
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    const site = key ? await trackerSiteByKey(deps.db, key) : undefined;
    if (!site)
      throw unauthorized('Load the tracker as /tracker.js?key=<public key of a tracker site>.');
    const config = {
      key,
      collectUrl: `${req.protocol}://${req.get('host')}/track/collect`,
      origins: site.allowed_origins,
    };
    res
      .type('application/javascript')
      .set('Cache-Control', 'public, max-age=300')
      .send(script.replace(/\/\*CONFIG\*\/[\s\S]*?\/\*END\*\//, JSON.stringify(config)));
  });

  router.options('/track/collect', async (req, res) => {
    const origin = req.get('origin');
    if (origin && (await originIsAllowed(deps.db, origin))) {
      allowOrigin(res, origin);
      res.set('Access-Control-Allow-Methods', 'POST');
      res.set('Access-Control-Allow-Headers', 'content-type');
      res.set('Access-Control-Max-Age', '86400');
    }
    res.status(204).end();
  });

  router.post(
    '/track/collect',
    express.text({ type: () => true, limit: '64kb' }),
    async (req, res) => {
      res.status(202).json(await collect(deps, req, res));
    },
  );
  return router;
}

async function collect(deps: ApiDeps, req: Request, res: Response) {
  let body: unknown = req.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      throw badRequest('The body is not JSON.', [
        { field: '(body)', message: 'send the JSON the tracker sends' },
      ]);
    }
  }
  // The site and origin are settled before the payload is checked, so that the page's script
  // can read why a malformed event was refused (a CORS answer it may see).
  const key = (body as { key?: unknown } | null)?.key;
  const site = typeof key === 'string' ? await trackerSiteByKey(deps.db, key) : undefined;
  if (!site)
    throw unauthorized(
      'This public key names no tracker site; copy the snippet from /v1/tracker-sites.',
    );
  const origin = req.get('origin');
  if (!origin || !site.allowed_origins.includes(origin))
    throw new HeraldError(
      403,
      'origin_not_allowed',
      `The origin ${origin ?? '(none)'} is not allowed for site "${site.name}"; add it to the site's allowedOrigins.`,
    );
  allowOrigin(res, origin);
  const p = parseBody(CollectPayload, body, 'tracker event');
  const pipeline = openPipeline(deps);

  if (p.type === 'identify') {
    if (!p.externalId)
      throw badRequest("identify needs the customer's external ID.", [
        { field: 'externalId', message: 'call herald.identify("<your customer ID>")' },
      ]);
    const customerId = await pipeline.resolve(
      { externalId: p.externalId, customer: p.customer },
      '',
      'tracker',
    );
    const { eventsMerged } = await identifyVisitor(deps.db, p.visitorId, customerId);
    return { customerId, eventsMerged };
  }
  const customerId = await customerOfVisitor(deps.db, p.visitorId);
  const { event, duplicate } = await pipeline.record({
    customerId,
    type: p.type,
    properties: {
      ...p.properties,
      url: p.url,
      referrer: p.referrer,
      siteId: site.id,
      visitorId: p.visitorId,
      device: deviceOf(req.get('user-agent')),
    },
    occurredAt: p.occurredAt,
    // The tracker names each event, so a retried request is stored once.
    idempotencyKey: p.eventId ? `tracker:${p.visitorId}:${p.eventId}` : undefined,
    source: 'tracker',
  });
  return { id: event.id, duplicate };
}

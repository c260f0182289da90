// The JS tracker: GET /tracker.js?key=<public key> serves the script with its site's settings;
// POST /track/collect receives its events. Both are public (a browser holds no API key): a
// site's public key names the site, and only the origins registered for it may send (CORS).
// Neither proves who the visitor is, so identify also needs the user hash that the site's
// server signs with the site's identity secret (core/tracker-identity.ts).
// Sites are managed at /v1/tracker-sites.
import express, { type Request, type RequestHandler, type Response } from 'express';
import { readFileSync } from 'node:fs';
import { IdParams } from '../../core/contract/common.ts';
import {
  Collected,
  CollectPayload,
  CreateTrackerSite,
  IdentitySecret,
  TrackerScriptQuery,
  TrackerSiteCreated,
  TrackerSites,
} from '../../core/contract/tracker.ts';
import { deviceOf } from '../../core/device.ts';
import { badRequest, HeraldError, notFound, unauthorized } from '../../core/errors.ts';
import { userHashMatches } from '../../core/tracker-identity.ts';
import {
  createTrackerSite,
  customerOfVisitor,
  identitySecretOf,
  identifyVisitor,
  listTrackerSites,
  originIsAllowed,
  renewIdentitySecret,
  toTrackerSite,
  trackerSiteByKey,
  type TrackerSiteRow,
} from '../../db/tracker.ts';
import { identifiedCustomerOf, registerDevice } from '../../db/devices.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import type { ApiDeps } from '../deps.ts';
import { refuseNul, route } from '../route.ts';
import { parseBody } from '../validate.ts';
import { audited } from '../audit.ts';

export const trackerSiteRoutes = [
  route({
    method: 'post',
    path: '/v1/tracker-sites',
    permission: 'tracker-sites:manage',
    summary: 'Register a site for the JS tracker: its public key and the origins allowed to send',
    body: CreateTrackerSite,
    responses: {
      201: { schema: TrackerSiteCreated, description: 'Created, with the script tag to paste' },
    },
    handler: async ({ body, req, deps }) => {
      const created = await audited(
        deps,
        req,
        (trx) => createTrackerSite(trx, deps.config.HERALD_SECRET, body),
        ({ row }) => ({
          action: 'setting.tracker_site_created',
          targetType: 'tracker_site',
          targetId: row.id,
          details: { name: row.name },
        }),
      );
      return {
        ...identitySecretAnswer(created),
        snippet: `<script src="${req.protocol}://${req.get('host')}/tracker.js?key=${created.row.public_key}" defer></script>`,
      };
    },
  }),
  route({
    method: 'post',
    path: '/v1/tracker-sites/{id}/identity-secret',
    permission: 'tracker-sites:manage',
    summary:
      'Give a site a new identity secret (shown once): user hashes signed with the old one stop verifying',
    params: IdParams('a tracker site'),
    responses: { 201: IdentitySecret },
    errors: [404],
    handler: async ({ params: { id }, req, deps }) => {
      const renewed = await audited(
        deps,
        req,
        (trx) => renewIdentitySecret(trx, deps.config.HERALD_SECRET, id),
        (found) =>
          found && {
            action: 'setting.tracker_site_secret_renewed',
            targetType: 'tracker_site',
            targetId: id,
          },
      );
      if (!renewed) throw notFound(`Tracker site ${id}`);
      return identitySecretAnswer(renewed);
    },
  }),
  route({
    method: 'get',
    path: '/v1/tracker-sites',
    permission: 'tracker-sites:manage',
    summary: 'List tracker sites',
    responses: { 200: TrackerSites },
    handler: async ({ deps }) => ({ sites: (await listTrackerSites(deps.db)).map(toTrackerSite) }),
  }),
];

function identitySecretAnswer(created: { row: TrackerSiteRow; identitySecret: string }) {
  return {
    site: toTrackerSite(created.row),
    identitySecret: created.identitySecret,
    note:
      'Store this identity secret on your server now: Herald cannot show it again. For a signed-in customer, ' +
      'compute the HMAC-SHA256 (hex) of their external ID with it and call herald.identify(externalId, attributes, { userHash }).',
  };
}

function allowOrigin(res: Response, origin: string) {
  res.set('Access-Control-Allow-Origin', origin);
  res.set('Vary', 'Origin');
}

const script = readFileSync(new URL('../../tracker/herald.js', import.meta.url), 'utf8');

export const trackerPublicRoutes = [
  route({
    method: 'get',
    path: '/tracker.js',
    summary:
      'The browser tracker: herald.page(), productView(id), categoryView(id), cart(items), track(type, props), identify(externalId, attrs)',
    public: true,
    rateLimit: 'tracker',
    query: TrackerScriptQuery,
    responses: { 200: { description: 'The script', contentType: 'application/javascript' } },
    errors: [401],
    handler: async ({ query: { key }, req, res, deps }) => {
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
    },
  }),
  route({
    method: 'post',
    path: '/track/collect',
    summary:
      "The tracker's events (sent by tracker.js), from an allowed origin of the key's site; the device is read from the User-Agent",
    public: true,
    rateLimit: 'tracker',
    // Browsers send it as text (a "simple" request needs no preflight); it is JSON all the same.
    unparsedBody: {
      contentType: 'text/plain',
      schema: CollectPayload,
      parser: express.text({ type: () => true, limit: '64kb' }),
    },
    responses: { 202: Collected },
    errors: [401, 403, 503],
    handler: async ({ req, res, deps }) => collect(deps, req, res),
  }),
];

/** The CORS preflight of /track/collect: allowed for the origins of some tracker site. */
export function collectPreflight(deps: ApiDeps): RequestHandler {
  return async (req, res) => {
    const origin = req.get('origin');
    if (origin && (await originIsAllowed(deps.db, origin))) {
      allowOrigin(res, origin);
      res.set('Access-Control-Allow-Methods', 'POST');
      res.set('Access-Control-Allow-Headers', 'content-type');
      res.set('Access-Control-Max-Age', '86400');
    }
    res.status(204).end();
  };
}

/** Refuses an identify the site's server did not vouch for with a valid user hash. */
function verifyIdentity(
  deps: ApiDeps,
  site: TrackerSiteRow,
  externalId: string,
  hash: string | undefined,
) {
  const secret = identitySecretOf(deps.config.HERALD_SECRET, site);
  if (!secret)
    throw new HeraldError(
      403,
      'identity_not_verified',
      `Site "${site.name}" has no identity secret yet, so it cannot identify visitors: create one at POST /v1/tracker-sites/${site.id}/identity-secret.`,
    );
  if (!hash || !userHashMatches(secret, externalId, hash))
    throw new HeraldError(
      403,
      'identity_not_verified',
      "identify needs the user hash your server signs: the HMAC-SHA256 (hex) of the external ID with the site's identity secret.",
      [
        {
          field: 'userHash',
          message: hash
            ? 'this hash does not match the external ID: sign exactly the external ID sent, with the current identity secret'
            : 'call herald.identify(externalId, attributes, { userHash })',
        },
      ],
    );
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
  if (typeof key === 'string') refuseNul({ key }); // Postgres cannot even look up a NUL
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
  refuseNul(body);
  const p = parseBody(CollectPayload, body, 'tracker event');
  const pipeline = openPipeline(deps);

  if (p.type === 'identify') {
    if (!p.externalId)
      throw badRequest("identify needs the customer's external ID.", [
        { field: 'externalId', message: 'call herald.identify("<your customer ID>")' },
      ]);
    // Checked before anything is looked up or written: an unverified identify changes no
    // profile and routes no later event, whether the external ID exists or not.
    verifyIdentity(deps, site, p.externalId, p.userHash);
    const customerId = await pipeline.resolve(
      { externalId: p.externalId, customer: p.customer },
      '',
      'tracker',
    );
    const { eventsMerged } = await identifyVisitor(deps.db, p.visitorId, customerId);
    return { customerId, eventsMerged };
  }
  if (p.type === 'push_token') return registerWebPush(deps, site, p);
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

/**
 * A browser's web-push token, for the customer this visitor proved to be: only after a verified
 * identify, so that a page cannot attach its token to someone else's profile.
 */
async function registerWebPush(deps: ApiDeps, site: TrackerSiteRow, p: CollectPayload) {
  if (!p.pushToken)
    throw badRequest('push_token needs the token.', [
      { field: 'pushToken', message: "pass the token from Firebase's getToken() in the browser" },
    ]);
  const customerId = await identifiedCustomerOf(deps.db, p.visitorId);
  if (!customerId)
    throw new HeraldError(
      403,
      'identity_not_verified',
      'A web-push token is kept for an identified visitor only: call herald.identify(externalId, attributes, { userHash }) first.',
    );
  const { row, created } = await registerDevice(deps.db, customerId, {
    platform: 'web',
    token: p.pushToken,
    appId: site.public_key,
  });
  return { deviceId: row.id, registered: created };
}

// Segment-compatible sources, managed with an API key or a session: each gets a write key for the
// SDKs and a shared secret for Segment's webhook destination, both shown once (docs/segment.md).
import { IdParams } from '../../core/contract/common.ts';
import {
  CreateSegmentSource,
  SegmentSourceCreated,
  SegmentSources,
} from '../../core/contract/segment.ts';
import { conflict } from '../../core/errors.ts';
import {
  createSegmentSource,
  listSegmentSources,
  revokeSegmentSource,
  toSegmentSource,
} from '../../db/segment-sources.ts';
import { route } from '../route.ts';
import { audited, auditedRevoke } from '../audit.ts';

/** Where the SDKs post: analytics-node takes host and path, RudderStack a data plane URL. */
export const SEGMENT_BASE = '/v1/segment';

export const segmentSourceRoutes = [
  route({
    method: 'post',
    path: '/v1/segment-sources',
    permission: 'webhooks:manage',
    summary:
      "Register a Segment-compatible source: its write key (for analytics-node, analytics.js, RudderStack's SDKs) and its webhook secret (for Segment's webhook destination), shown once",
    body: CreateSegmentSource,
    responses: { 201: SegmentSourceCreated },
    errors: [409],
    handler: async ({ body: { name }, req, deps }) => {
      const created = await audited(
        deps,
        req,
        (trx) => createSegmentSource(trx, deps.config.HERALD_SECRET, name),
        (made) =>
          made && {
            action: 'setting.segment_source_created',
            targetType: 'segment_source',
            targetId: made.row.id,
            details: { name },
          },
      );
      if (!created) throw conflict(`A Segment source is already named "${name}"; pick another.`);
      const host = `${req.protocol}://${req.get('host')}`;
      return {
        source: toSegmentSource(created.row),
        writeKey: created.writeKey,
        webhookSecret: created.webhookSecret,
        endpoints: {
          host,
          batchPath: `${SEGMENT_BASE}/v1/batch`,
          dataPlaneUrl: `${host}${SEGMENT_BASE}`,
          webhookUrl: `${host}${SEGMENT_BASE}/webhook/${name}`,
        },
        note:
          'Store the write key and the webhook secret now: Herald cannot show them again. SDKs send the write key as HTTP Basic auth (the user name, no password); ' +
          "Segment's webhook destination signs each message with the webhook secret (its Shared Secret setting).",
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/segment-sources',
    permission: 'webhooks:manage',
    summary: 'List Segment-compatible sources',
    responses: { 200: SegmentSources },
    handler: async ({ deps }) => ({
      sources: (await listSegmentSources(deps.db)).map(toSegmentSource),
    }),
  }),
  route({
    method: 'delete',
    path: '/v1/segment-sources/{id}',
    permission: 'webhooks:manage',
    summary: 'Revoke a Segment source: its write key and webhook secret answer 401 from now on',
    params: IdParams('a Segment source'),
    responses: { 204: null },
    errors: [404],
    handler: ({ params: { id }, req, deps }) =>
      auditedRevoke(
        deps,
        req,
        `Active Segment source ${id}`,
        (trx) => revokeSegmentSource(trx, id),
        () => ({
          action: 'setting.segment_source_revoked',
          targetType: 'segment_source',
          targetId: id,
        }),
      ),
  }),
];

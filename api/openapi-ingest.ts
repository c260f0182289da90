// The OpenAPI part for ingestion and privacy: webhooks, CSV imports and exports, the tracker,
// and the customer's export, erasure and consents. api/openapi.ts merges it into the document.
import { CollectPayload, CreateTrackerSite } from './routes/tracker.ts';
import { ConsentInput } from './routes/privacy.ts';
import { CreateExportSchedule } from './routes/exports.ts';
import { CreateWebhookSource } from './routes/webhooks.ts';

export const ingestComponents = {
  CreateWebhookSource,
  CreateTrackerSite,
  CollectPayload,
  ConsentInput,
  CreateExportSchedule,
};

/** The helpers api/openapi.ts builds its own paths with. */
interface Helpers {
  ref(this: void, name: string): object;
  json(this: void, schema: object): object;
  ok(this: void, description: string): object;
  idParam(this: void, name: string): object;
  errors: object;
}

export function ingestPaths({ ref, json, ok, idParam, errors }: Helpers) {
  const csv = (description: string) => ({
    description,
    content: { 'text/csv': { schema: { type: 'string' } } },
  });
  const unauthenticated = { security: [] };
  return {
    '/v1/webhook-sources': {
      post: {
        summary:
          'Register a system that posts events to /v1/webhooks/{name}; the answer holds its token or HMAC secret, shown once',
        requestBody: { required: true, ...json(ref('CreateWebhookSource')) },
        responses: { '201': ok('Created'), '409': ok('Name taken'), ...errors },
      },
      get: { summary: 'List webhook sources', responses: { '200': ok('Sources'), ...errors } },
    },
    '/v1/webhook-sources/{id}': {
      delete: {
        summary: 'Revoke a webhook source',
        parameters: [idParam('id')],
        responses: { '204': { description: 'Revoked' }, ...errors },
      },
    },
    '/v1/webhooks/{source}': {
      post: {
        ...unauthenticated,
        summary:
          'An external system posts one event, an array or { events: [...] } (up to 1000). Authenticated only by the source: "Authorization: Bearer <token>", or "X-Herald-Signature: sha256=<hex HMAC-SHA256 of the raw body>". Events start campaigns; an idempotencyKey (or Idempotency-Key header) is scoped to the source',
        parameters: [idParam('source')],
        requestBody: { required: true, ...json(ref('EventInput')) },
        responses: {
          '202': ok('Accepted'),
          '207': ok('Some events were rejected; see results'),
          '404': ok('No active source of that name'),
          ...errors,
        },
      },
    },
    '/v1/imports': {
      post: {
        summary:
          'Import a CSV (the file is the body, Content-Type text/csv) of customers (upserted by externalId), events or receipts (one row per line). Runs in the background; bulk imports store data only and do not start campaigns',
        parameters: [
          {
            name: 'kind',
            in: 'query',
            required: true,
            schema: { enum: ['customers', 'events', 'receipts'] },
          },
          { name: 'fileName', in: 'query', schema: { type: 'string' } },
        ],
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
        responses: { '202': ok('Queued; follow GET /v1/imports/{id}'), ...errors },
      },
      get: { summary: 'Recent imports', responses: { '200': ok('Imports'), ...errors } },
    },
    '/v1/imports/{id}': {
      get: {
        summary:
          'Progress (rows read, imported, failed, skipped) and the error report: row (as a spreadsheet numbers it, header = 1), column and the fix',
        parameters: [
          idParam('id'),
          { name: 'offset', in: 'query', schema: { type: 'integer' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 1000 } },
        ],
        responses: { '200': ok('The import'), '404': ok('No such import'), ...errors },
      },
    },
    '/v1/imports/{id}/errors.csv': {
      get: {
        summary: 'The whole error report as CSV: row, column, message',
        parameters: [idParam('id')],
        responses: { '200': csv('The report'), ...errors },
      },
    },
    '/v1/imports/{id}/resume': {
      post: {
        summary:
          'Start an import again if it is not running (it continues after its last committed chunk)',
        parameters: [idParam('id')],
        responses: { '202': ok('Resumed'), ...errors },
      },
    },
    '/v1/tracker-sites': {
      post: {
        summary:
          'Register a site for the JS tracker: its public key and the origins allowed to send',
        requestBody: { required: true, ...json(ref('CreateTrackerSite')) },
        responses: { '201': ok('Created, with the script tag to paste'), ...errors },
      },
      get: { summary: 'List tracker sites', responses: { '200': ok('Sites'), ...errors } },
    },
    '/tracker.js': {
      get: {
        ...unauthenticated,
        summary:
          'The browser tracker: herald.page(), productView(id), categoryView(id), cart(items), track(type, props), identify(externalId, attrs)',
        parameters: [{ name: 'key', in: 'query', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'JavaScript' }, '401': ok('Unknown key') },
      },
    },
    '/track/collect': {
      post: {
        ...unauthenticated,
        summary:
          "The tracker's events (sent by tracker.js), from an allowed origin of the key's site; the device is read from the User-Agent",
        requestBody: { required: true, ...json(ref('CollectPayload')) },
        responses: {
          '202': ok('Stored'),
          '401': ok('Unknown key'),
          '403': ok('Origin not allowed'),
          ...errors,
        },
      },
    },
    '/v1/customers/{id}/export': {
      get: {
        summary: 'Everything Herald holds about the customer, as JSON, by table',
        parameters: [idParam('id')],
        responses: { '200': ok('The data'), '404': ok('No such customer'), ...errors },
      },
    },
    '/v1/customers/{id}/erase': {
      post: {
        summary:
          'Erase the customer: personal data removed from the profile, contacts, events and messages; history kept anonymous; running journeys cancelled',
        parameters: [idParam('id')],
        responses: { '200': ok('Erased'), '404': ok('No such customer'), ...errors },
      },
    },
    '/v1/customers/{id}/consents': {
      get: {
        summary: 'Subscriptions and the history of every consent given or withdrawn',
        parameters: [idParam('id')],
        responses: { '200': ok('Consents'), ...errors },
      },
      post: {
        summary:
          'Record a consent with its source; a change also stores a subscription_changed event (campaigns may react)',
        parameters: [idParam('id')],
        requestBody: { required: true, ...json(ref('ConsentInput')) },
        responses: { '201': ok('Recorded'), ...errors },
      },
    },
    '/v1/exports/{kind}.csv': {
      get: {
        summary: 'Download customers, receipts (one row per line) or events as CSV, streamed',
        parameters: [
          {
            name: 'kind',
            in: 'path',
            required: true,
            schema: { enum: ['customers', 'receipts', 'events'] },
          },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
        ],
        responses: { '200': csv('The CSV'), ...errors },
      },
    },
    '/v1/exports/schedules': {
      post: {
        summary:
          'Export on a schedule (a Temporal Schedule): files land in EXPORT_DIR/<name>/<kind>-<time>.csv',
        requestBody: { required: true, ...json(ref('CreateExportSchedule')) },
        responses: { '201': ok('Scheduled'), '409': ok('Name taken'), ...errors },
      },
      get: {
        summary: 'Export schedules with their next runs',
        responses: { '200': ok('Schedules'), ...errors },
      },
    },
    '/v1/exports/schedules/{name}/trigger': {
      post: {
        summary: 'Run an export schedule now',
        parameters: [idParam('name')],
        responses: { '202': ok('Started'), '404': ok('No such schedule'), ...errors },
      },
    },
    '/v1/exports/schedules/{name}': {
      delete: {
        summary: 'Delete an export schedule',
        parameters: [idParam('name')],
        responses: { '204': { description: 'Deleted' }, '404': ok('No such schedule'), ...errors },
      },
    },
  };
}

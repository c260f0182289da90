// /v1/openapi.json, generated from the same zod schemas that validate requests, so the
// document cannot drift from what the api accepts.
import { z } from 'zod';
import {
  CreateCampaign,
  CreateTemplate,
  JourneyEventInput,
  ManualEntry,
  PublishCampaign,
  UpdateCampaign,
} from '../core/campaign.ts';
import { CreateCustomer, Customer, CustomerAttributes } from '../core/customer.ts';
import { EventInput, MAX_BATCH } from '../core/event.ts';
import { CampaignGraph } from '../core/graph.ts';
import { ingestComponents, ingestPaths } from './openapi-ingest.ts';
import { SaveDraft } from './routes/campaigns.ts';
import { profileComponents, profilePaths, query } from './openapi-profiles.ts';
import { CustomerSearch } from './routes/customers.ts';
import { SignIn } from './routes/sessions.ts';

const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});

const components = {
  EventInput,
  EventBatch: z.object({ events: z.array(EventInput).min(1).max(MAX_BATCH) }),
  CustomerAttributes,
  CreateCustomer,
  Customer,
  CampaignGraph,
  CreateCampaign,
  UpdateCampaign,
  PublishCampaign,
  SaveDraft,
  CreateTemplate,
  ManualEntry,
  JourneyEventInput,
  SignIn,
  ApiError,
  ...ingestComponents,
  ...profileComponents,
};

const ref = (name: keyof typeof components) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const errors = {
  '400': { description: 'Bad input: every field at fault, with the fix', ...json(ref('ApiError')) },
  '401': { description: 'No valid API key or session', ...json(ref('ApiError')) },
};
const ok = (description: string) => ({ description, ...json({ type: 'object' }) });
const idParam = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string' },
});

function buildDocument() {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Herald API',
      version: '1',
      description:
        'Customer data in, journeys out. Every /v1 route needs "Authorization: Bearer <API key>" or a web session.',
    },
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'herald_session' },
      },
    },
    security: [{ apiKey: [] }, { session: [] }],
    paths: {
      '/v1/events': {
        post: {
          summary:
            'Post one event, or a batch as { events: [...] }; events start and reach journeys',
          requestBody: {
            required: true,
            ...json({ oneOf: [ref('EventInput'), ref('EventBatch')] }),
          },
          responses: {
            '202': ok('Accepted'),
            '207': ok('Some events of the batch were rejected; see results'),
            ...errors,
          },
        },
      },
      '/v1/customers': {
        post: {
          summary: 'Create a customer',
          requestBody: { required: true, ...json(ref('CreateCustomer')) },
          responses: { '201': ok('Created'), '409': ok('externalId taken'), ...errors },
        },
        get: {
          summary: 'Find a customer by ?externalId=, or search and page them (?q=&limit=&offset=)',
          parameters: [
            { name: 'externalId', in: 'query', schema: { type: 'string' } },
            ...query(CustomerSearch),
          ],
          responses: { '200': ok('Found'), '404': ok('Not found'), ...errors },
        },
      },
      '/v1/customers/external/{externalId}': {
        put: {
          summary: 'Create or update a customer by external ID',
          parameters: [idParam('externalId')],
          requestBody: { required: true, ...json(ref('CustomerAttributes')) },
          responses: { '200': ok('Upserted'), ...errors },
        },
      },
      '/v1/customers/{id}': {
        get: {
          summary: 'Get a customer',
          parameters: [idParam('id')],
          responses: { '200': ok('Found'), '404': ok('Not found'), ...errors },
        },
      },
      ...profilePaths({ json, ref, ok, errors, idParam }),
      '/v1/campaigns': {
        post: {
          summary: 'Create a campaign draft',
          requestBody: { required: true, ...json(ref('CreateCampaign')) },
          responses: { '201': ok('Created'), ...errors },
        },
        get: {
          summary: 'List campaigns with their running journeys',
          responses: { '200': ok('Campaigns'), ...errors },
        },
      },
      '/v1/campaigns/{id}': {
        get: {
          summary: 'Get a campaign, its draft, problems and versions',
          parameters: [idParam('id')],
          responses: { '200': ok('Found'), ...errors },
        },
        patch: {
          summary: 'Edit the draft',
          parameters: [idParam('id')],
          requestBody: { required: true, ...json(ref('UpdateCampaign')) },
          responses: { '200': ok('Updated'), ...errors },
        },
      },
      '/v1/campaigns/{id}/draft': {
        put: {
          summary: 'Autosave the draft as drawn; answers with what still stops publishing',
          parameters: [idParam('id')],
          requestBody: { required: true, ...json(ref('SaveDraft')) },
          responses: { '200': ok('Saved'), ...errors },
        },
      },
      '/v1/campaigns/{id}/publish': {
        post: {
          summary: 'Publish the draft as a new immutable version',
          parameters: [idParam('id')],
          requestBody: json(ref('PublishCampaign')),
          responses: { '201': ok('Published'), ...errors },
        },
      },
      ...Object.fromEntries(
        (['pause', 'resume', 'stop', 'archive'] as const).map((action) => [
          `/v1/campaigns/{id}/${action}`,
          {
            post: {
              summary: `${action[0]!.toUpperCase()}${action.slice(1)} the campaign; answers with the journeys affected`,
              parameters: [idParam('id')],
              responses: {
                '200': ok('Done'),
                '409': ok('Not allowed from the current status'),
                ...errors,
              },
            },
          },
        ]),
      ),
      '/v1/campaigns/{id}/versions/{version}': {
        get: {
          summary: 'Get a published version',
          parameters: [idParam('id'), idParam('version')],
          responses: { '200': ok('Found'), ...errors },
        },
      },
      '/v1/campaigns/{id}/entries': {
        get: {
          summary: 'Journeys of a campaign, each with its Temporal UI link',
          parameters: [
            idParam('id'),
            {
              name: 'status',
              in: 'query',
              schema: {
                enum: [
                  'open',
                  'starting',
                  'running',
                  'completed',
                  'converted',
                  'exited',
                  'stopped',
                  'failed',
                ],
              },
            },
            { name: 'limit', in: 'query', schema: { type: 'integer' } },
            { name: 'node', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': ok('Entries'), ...errors },
        },
        post: {
          summary: 'Enter a customer into the campaign by hand (the re-entry rule still applies)',
          parameters: [idParam('id')],
          requestBody: { required: true, ...json(ref('ManualEntry')) },
          responses: { '201': ok('Entered'), '409': ok('Refused: the reason is given'), ...errors },
        },
      },
      '/v1/campaigns/{id}/stats': {
        get: {
          summary:
            'Per node: journeys entered, left by each exit, waiting now, sent; journeys by status',
          parameters: [idParam('id')],
          responses: { '200': ok('The numbers'), ...errors },
        },
      },
      '/v1/journeys/{workflowId}': {
        get: {
          summary: "A journey's entry and live state: current node, path taken, next wake-up",
          parameters: [idParam('workflowId')],
          responses: { '200': ok('The journey'), '404': ok('No such journey'), ...errors },
        },
      },
      '/v1/journeys/{workflowId}/events': {
        post: {
          summary: 'Send an event to one running journey only',
          parameters: [idParam('workflowId')],
          requestBody: { required: true, ...json(ref('JourneyEventInput')) },
          responses: { '202': ok('Delivered'), '409': ok('The journey has finished'), ...errors },
        },
      },
      '/v1/templates': {
        post: {
          summary: 'Create an email template (MJML + Liquid)',
          requestBody: { required: true, ...json(ref('CreateTemplate')) },
          responses: { '201': ok('Created'), ...errors },
        },
        get: { summary: 'List templates', responses: { '200': ok('Templates'), ...errors } },
      },
      '/v1/templates/{id}': {
        get: {
          summary: 'Get a template',
          parameters: [idParam('id')],
          responses: { '200': ok('Found'), ...errors },
        },
      },
      '/v1/reports/data-quality': {
        get: {
          summary:
            'Data quality: customers with an email, a phone (and how many valid), a known time zone, subscriptions; shares are of all customers',
          responses: { '200': ok('The report'), ...errors },
        },
      },
      '/v1/me': {
        get: { summary: 'Who is calling', responses: { '200': ok('The caller'), ...errors } },
      },
      '/auth/session': {
        post: {
          summary: 'Sign in to the web app (sets a session cookie)',
          security: [],
          requestBody: { required: true, ...json(ref('SignIn')) },
          responses: { '200': ok('Signed in'), ...errors },
        },
        delete: {
          summary: 'Sign out',
          security: [],
          responses: { '204': { description: 'Signed out' } },
        },
      },
      ...ingestPaths({ ref, json, ok, idParam, errors }),
      '/health': {
        get: {
          summary: 'Liveness of the api, Postgres and Temporal',
          security: [],
          responses: { '200': ok('Healthy'), '503': ok('A dependency is down') },
        },
      },
    },
  };
}

let cached: ReturnType<typeof buildDocument> | undefined;
export function openApiDocument() {
  cached ??= buildDocument();
  return cached;
}

// The OpenAPI part of receipts, custom fields, points and the 360° profile, registered by
// api/openapi.ts; kept apart so that the shared document stays a list of registrations.
import { z } from 'zod';
import { CustomField, CustomFieldDefinition } from '../core/custom-fields.ts';
import { LedgerEntry, PointsAdjustment, PointsRule, PointsRuleInput } from '../core/points.ts';
import { CustomerSummary, Profile } from '../core/profile.ts';
import { MAX_RECEIPT_BATCH, Receipt, ReceiptInput } from '../core/receipt.ts';
import { CustomerMetrics } from '../core/rfm.ts';
import { PointsRulePatch } from './routes/points.ts';
import { EventsQuery, ReceiptsQuery } from './routes/profile.ts';

export const profileComponents = {
  ReceiptInput,
  ReceiptBatch: z.object({ receipts: z.array(ReceiptInput).min(1).max(MAX_RECEIPT_BATCH) }),
  Receipt,
  CustomFieldDefinition,
  CustomField,
  CustomerMetrics,
  PointsRuleInput,
  PointsRule,
  PointsRulePatch,
  PointsAdjustment,
  LedgerEntry,
  Profile,
  CustomerSummary,
};

/** The document's own helpers, passed in so this file does not import the document. */
interface Helpers {
  json: (schema: object) => object;
  ref: (name: keyof typeof profileComponents) => object;
  ok: (description: string) => object;
  errors: Record<string, object>;
  idParam: (name: string) => object;
}

/** Query parameters from a zod object, so the document lists what the route parses. */
export const query = (schema: z.ZodObject) =>
  Object.entries(z.toJSONSchema(schema, { io: 'input' }).properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    schema: s,
  }));

export function profilePaths({ json, ref, ok, errors, idParam }: Helpers) {
  return {
    '/v1/receipts': {
      post: {
        summary:
          'Post one receipt with its lines; a new one records a purchase event (properties: receiptId, externalId, amount, currency, store, source, products, categories, itemCount, firstPurchase) and earns points',
        requestBody: { required: true, ...json(ref('ReceiptInput')) },
        responses: {
          '201': ok('Created (outcome "created")'),
          '200': ok(
            'Outcome "duplicate" (same idempotencyKey) or "updated" (same receiptExternalId)',
          ),
          '409': ok('The receiptExternalId belongs to another customer'),
          ...errors,
        },
      },
    },
    '/v1/receipts/batch': {
      post: {
        summary: `Post up to ${MAX_RECEIPT_BATCH} receipts; bad ones are reported by index, good ones kept`,
        requestBody: { required: true, ...json(ref('ReceiptBatch')) },
        responses: {
          '200': ok('All accepted'),
          '207': ok('Some rejected; see results'),
          ...errors,
        },
      },
    },
    '/v1/custom-fields': {
      get: {
        summary: 'Custom field definitions',
        parameters: [
          {
            name: 'entity',
            in: 'query',
            schema: { enum: ['customer', 'receipt', 'receipt_line'] },
          },
        ],
        responses: { '200': ok('Fields'), ...errors },
      },
      post: {
        summary: 'Define a custom field (text, number, date, boolean, list) for an entity',
        requestBody: { required: true, ...json(ref('CustomFieldDefinition')) },
        responses: { '201': ok('Defined'), '409': ok('The key is taken'), ...errors },
      },
    },
    '/v1/custom-fields/{id}': {
      delete: {
        summary: 'Delete a definition (stored values stay)',
        parameters: [idParam('id')],
        responses: { '204': { description: 'Deleted' }, ...errors },
      },
    },
    '/v1/points-rules': {
      get: { summary: 'Points rules', responses: { '200': ok('Rules'), ...errors } },
      post: {
        summary: 'A rule that accrues points: a share of each receipt, or a fixed amount per event',
        requestBody: { required: true, ...json(ref('PointsRuleInput')) },
        responses: { '201': ok('Created'), ...errors },
      },
    },
    '/v1/points-rules/{id}': {
      patch: {
        summary: 'Switch a rule on or off',
        parameters: [idParam('id')],
        requestBody: { required: true, ...json(ref('PointsRulePatch')) },
        responses: { '200': ok('Updated'), ...errors },
      },
    },
    '/v1/customers/{id}/points': {
      get: {
        summary: 'Balance and ledger (newest first), each change with its reason',
        parameters: [idParam('id')],
        responses: { '200': ok('Points'), '404': ok('No such customer'), ...errors },
      },
      post: {
        summary: 'Adjust points by hand (positive adds, negative takes; never below zero)',
        parameters: [idParam('id')],
        requestBody: { required: true, ...json(ref('PointsAdjustment')) },
        responses: {
          '201': ok('Posted'),
          '200': ok('Duplicate idempotencyKey: nothing changed'),
          '409': ok('More than the balance'),
          ...errors,
        },
      },
    },
    '/v1/customers/{id}/profile': {
      get: {
        summary:
          '360° profile: attributes, metrics (RFM, CLTV...), interests, receipts with lines, events (paged), web visits, messages with status history, campaigns entered with Temporal UI links, points',
        parameters: [idParam('id'), ...query(EventsQuery)],
        responses: {
          '200': { description: 'The profile', ...json(ref('Profile')) },
          '404': ok('No such customer'),
          ...errors,
        },
      },
    },
    '/v1/customers/{id}/receipts': {
      get: {
        summary:
          'Receipts with their lines, newest first; pass "next" as ?before= for the next page',
        parameters: [idParam('id'), ...query(ReceiptsQuery)],
        responses: { '200': ok('A page of receipts'), ...errors },
      },
    },
    '/v1/customers/{id}/events': {
      get: {
        summary: 'The events timeline, newest first; pass "next" as ?before= for the next page',
        parameters: [idParam('id'), ...query(EventsQuery)],
        responses: { '200': ok('A page of events'), ...errors },
      },
    },
  };
}

// Privacy, under /v1/customers/{id}: /export (everything Herald holds, as JSON), /erase
// (personal data removed, history anonymised, running journeys ended) and /consents (the
// subscriptions with their history; each change is also a "subscription_changed" event, so a
// campaign can react to it).
import { CustomerParams } from '../../core/contract/customers.ts';
import {
  ConsentInput,
  ConsentRecorded,
  Consents,
  CustomerExport,
  Erasure,
} from '../../core/contract/privacy.ts';
import {
  consentsOf,
  eraseCustomerData,
  exportCustomerData,
  recordErasure,
} from '../../db/privacy.ts';
import { route } from '../route.ts';
import { customerRow } from './customers.ts';
import { forEachOpenJourney } from '../../entry/journeys.ts';
import { audit, audited } from '../audit.ts';
import { changeConsent } from '../consent-change.ts';

export const privacyRoutes = [
  route({
    method: 'get',
    path: '/v1/customers/{id}/export',
    permission: 'privacy:manage',
    summary: 'Everything Herald holds about the customer, as JSON, by table',
    params: CustomerParams,
    responses: { 200: CustomerExport },
    errors: [404],
    handler: async ({ params, req, res, deps: { db } }) => {
      const { id } = await customerRow(db, params.id);
      const data = (await exportCustomerData(db, id))!;
      await audit(db, req, { action: 'customer.exported', targetType: 'customer', targetId: id });
      res.set('Content-Disposition', `attachment; filename="customer-${id}.json"`);
      return { exportedAt: new Date().toISOString(), customerId: id, data };
    },
  }),

  route({
    method: 'post',
    path: '/v1/customers/{id}/erase',
    permission: 'privacy:manage',
    summary:
      'Erase the customer: personal data removed from the profile, contacts, events and messages; history kept anonymous; running journeys cancelled',
    params: CustomerParams,
    responses: { 200: Erasure },
    errors: [404],
    handler: async ({ params, req, deps }) => {
      const { id } = await customerRow(deps.db, params.id);
      // Journeys first: a journey must not send to an address in the moment before it is erased.
      const ended = await forEachOpenJourney(deps, { customerId: id }, (h) => h.cancel());
      await audited(
        deps,
        req,
        async (trx) => {
          await eraseCustomerData(trx, id);
          await recordErasure(trx, id, ended);
        },
        () => ({
          action: 'customer.erased',
          targetType: 'customer',
          targetId: id,
          details: { journeysEnded: ended },
        }),
      );
      return {
        customerId: id,
        erased: true as const,
        journeysEnded: ended,
        note: 'Personal data is removed from Herald; Temporal keeps finished journey histories until its retention period ends.',
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/customers/{id}/consents',
    permission: 'customers:read',
    summary: 'Subscriptions and the history of every consent given or withdrawn',
    params: CustomerParams,
    responses: { 200: Consents },
    errors: [404],
    handler: async ({ params, deps: { db } }) =>
      consentsOf(db, (await customerRow(db, params.id)).id),
  }),

  route({
    method: 'post',
    path: '/v1/customers/{id}/consents',
    permission: 'customers:write',
    summary:
      'Record a consent with its source; a change also stores a subscription_changed event (campaigns may react)',
    params: CustomerParams,
    body: ConsentInput,
    responses: { 201: ConsentRecorded },
    errors: [404],
    handler: async ({ params, body: consent, deps }) => {
      const { id } = await customerRow(deps.db, params.id);
      const { changed, eventId } = await changeConsent(deps, id, consent);
      return { changed, eventId, ...(await consentsOf(deps.db, id)) };
    },
  }),
];

// Privacy, under /v1/customers/{id}: /export (everything Herald holds, as JSON), /erase
// (personal data removed, history anonymised, running journeys ended) and /consents (the
// subscriptions with their history; each change is also a "subscription_changed" event, so a
// campaign can react to it).
import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../../core/errors.ts';
import { getCustomer } from '../../db/customers.ts';
import {
  consentsOf,
  eraseCustomerData,
  exportCustomerData,
  recordConsent,
  recordErasure,
} from '../../db/privacy.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';
import { forEachOpenJourney } from '../../entry/journeys.ts';

export const ConsentInput = z.object({
  channel: z.enum(['email', 'sms', 'push', 'viber', 'webhook'], {
    message: 'use a channel: email, sms, push, viber or webhook',
  }),
  messagingType: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,49}$/, 'use a messaging type such as "promo" or "service"'),
  subscribed: z.boolean({ message: 'send subscribed: true or false' }),
  /** Where the consent was given: "signup-form", "unsubscribe-link", "support"... */
  source: z.string().min(1, 'say where the consent was given, e.g. "signup-form"').max(200),
});
export type ConsentInput = z.infer<typeof ConsentInput>;

const CustomerId = z.uuid('use a Herald customer ID (a UUID)');

export function privacyRouter(deps: ApiDeps): Router {
  const router = Router();
  const customerOf = async (raw: unknown) => {
    const id = parseBody(CustomerId, raw, 'customer ID');
    const row = await getCustomer(deps.db, id);
    if (!row) throw notFound(`Customer ${id}`);
    return row;
  };

  router.get('/:id/export', async (req, res) => {
    const { id } = await customerOf(req.params.id);
    const data = await exportCustomerData(deps.db, id);
    res
      .set('Content-Disposition', `attachment; filename="customer-${id}.json"`)
      .json({ exportedAt: new Date().toISOString(), customerId: id, data });
  });

  router.post('/:id/erase', async (req, res) => {
    const { id } = await customerOf(req.params.id);
    // Journeys first: a journey must not send to an address in the moment before it is erased.
    const ended = await forEachOpenJourney(deps, { customerId: id }, (h) => h.cancel());
    await eraseCustomerData(deps.db, id);
    await recordErasure(deps.db, id, ended);
    res.json({
      customerId: id,
      erased: true,
      journeysEnded: ended,
      note: 'Personal data is removed from Herald; Temporal keeps finished journey histories until its retention period ends.',
    });
  });

  router.get('/:id/consents', async (req, res) => {
    const { id } = await customerOf(req.params.id);
    res.json(await consentsOf(deps.db, id));
  });

  router.post('/:id/consents', async (req, res) => {
    const { id } = await customerOf(req.params.id);
    const consent = parseBody(ConsentInput, req.body, 'consent');
    const { changed } = await recordConsent(deps.db, id, consent);
    const recorded = changed
      ? await openPipeline(deps).record({
          customerId: id,
          type: 'subscription_changed',
          properties: { ...consent },
          source: 'consent',
        })
      : undefined;
    res
      .status(201)
      .json({ changed, eventId: recorded?.event.id, ...(await consentsOf(deps.db, id)) });
  });
  return router;
}

// The open pixel and the click redirect that tracked emails point to. Public (mail clients have
// no API key); the signed token is what authenticates them. Each first open and each click
// becomes an email_opened / email_clicked event: it triggers campaigns, reaches waiting journeys
// and answers "was the message opened?" conditions.
import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import { verifyTrackingToken } from '../../core/tracking.ts';
import { machineOpenReason } from '../../core/machine-opens.ts';
import { deliveredAtOf, recordMachineOpen } from '../../db/machine-opens.ts';
import { isMessageLink } from '../../db/message-links.ts';
import { recordEngagement } from '../../db/messages.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import type { ApiDeps } from '../deps.ts';
import { route } from '../route.ts';

// A transparent 1×1 GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

async function engage(
  deps: ApiDeps,
  messageId: string,
  status: 'opened' | 'clicked',
  url?: string,
) {
  const engaged = await recordEngagement(deps.db, messageId, status, url);
  if (!engaged?.message.customer_id) return;
  const { message } = engaged;
  await openPipeline(deps).record({
    customerId: message.customer_id!,
    type: status === 'opened' ? 'email_opened' : 'email_clicked',
    properties: {
      messageId,
      campaignId: message.campaign_id,
      nodeId: message.node_id,
      ...(url && { url }),
    },
    // One open per message; one click per message and link.
    idempotencyKey: `email_${status}:${messageId}${url ? `:${url}` : ''}`,
    source: 'tracking',
  });
}

const TokenParams = z.object({ token: z.string() });

export const trackingRoutes = [
  route({
    method: 'get',
    path: '/t/o/{token}',
    summary: "An email's open pixel: the first open is an email_opened event",
    public: true,
    rateLimit: 'trackingLinks',
    params: TokenParams,
    responses: { 200: { description: 'A transparent 1×1 GIF', contentType: 'image/gif' } },
    handler: async ({ params: { token }, req, res, deps }) => {
      const messageId = verifyTrackingToken(deps.config.HERALD_SECRET, 'open', token);
      if (messageId) {
        // A privacy proxy's or a scanner's open is kept apart and triggers nothing (issue 16).
        const seen = { userAgent: req.get('user-agent'), ip: req.ip };
        const reason = machineOpenReason({
          ...seen,
          deliveredAt: await deliveredAtOf(deps.db, messageId),
          at: new Date(),
        });
        if (reason) await recordMachineOpen(deps.db, messageId, { reason, ...seen });
        else await engage(deps, messageId, 'opened');
      }
      res.set({ 'content-type': 'image/gif', 'cache-control': 'no-store' }).send(PIXEL);
    },
  }),
  route({
    method: 'get',
    path: '/t/c/{token}',
    summary: "An email's tracked link: an email_clicked event, then a redirect to the link",
    public: true,
    rateLimit: 'trackingLinks',
    params: TokenParams,
    query: z.object({ u: z.string().default('') }),
    responses: { 302: { description: 'To the link the email carried' } },
    errors: [404],
    handler: async ({ params: { token }, query: { u: url }, res, deps }) => {
      const messageId = verifyTrackingToken(deps.config.HERALD_SECRET, 'click', token, url);
      // Signed is not enough: the link must be one this message carried when it was sent.
      if (!messageId || !(await isMessageLink(deps.db, messageId, url)))
        throw new HeraldError(
          404,
          'not_found',
          'This link is not one Herald sent, or it was altered.',
        );
      await engage(deps, messageId, 'clicked', url);
      res.redirect(302, url);
    },
  }),
];

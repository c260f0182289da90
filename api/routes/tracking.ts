// The open pixel and the click redirect that tracked emails point to. Public (mail clients have
// no API key); the signed token is what authenticates them. Each first open and each click
// becomes an email_opened / email_clicked event: it triggers campaigns, reaches waiting journeys
// and answers "was the message opened?" conditions.
import { Router } from 'express';
import { verifyTrackingToken } from '../../core/tracking.ts';
import { recordEngagement } from '../../db/messages.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import type { ApiDeps } from '../deps.ts';

// A transparent 1×1 GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function trackingRouter(deps: ApiDeps): Router {
  const router = Router();
  const secret = deps.config.HERALD_SECRET;

  const engage = async (messageId: string, status: 'opened' | 'clicked', url?: string) => {
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
  };

  router.get('/o/:token', async (req, res) => {
    const messageId = verifyTrackingToken(secret, req.params.token);
    if (messageId) await engage(messageId, 'opened');
    res.set({ 'content-type': 'image/gif', 'cache-control': 'no-store' }).send(PIXEL);
  });

  router.get('/c/:token', async (req, res) => {
    const url = typeof req.query.u === 'string' ? req.query.u : '';
    const messageId = verifyTrackingToken(secret, req.params.token, url);
    if (!messageId) {
      res.status(404).json({
        error: {
          code: 'not_found',
          message: 'This link is not one Herald sent, or it was altered.',
        },
      });
      return;
    }
    await engage(messageId, 'clicked', url);
    res.redirect(302, url);
  });
  return router;
}

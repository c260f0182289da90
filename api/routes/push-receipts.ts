// The app's side of push delivery reports. FCM and APNs say nothing to the sender after they
// accept a push, so the app reports it, as push platforms' SDKs do: each push carries
// `heraldReceipt` in its data, a token Herald signed for that message, and the app posts it here
// when the notification is shown ("delivered") and when it is tapped ("opened"). Public (an app
// holds no API key): the signed receipt is what authenticates the call, and it names one message.
import { notFound } from '../../core/errors.ts';
import { PushReceipt, verifyPushReceipt } from '../../core/push-receipts.ts';
import { receiveAppReceipt } from '../../entry/push-receipts.ts';
import { route } from '../route.ts';

export const pushReceiptRoutes = [
  route({
    method: 'post',
    path: '/callbacks/push',
    summary:
      'A push the app received: "delivered" when its notification is shown, "opened" when it is tapped, with the heraldReceipt of its data; moves the message and records push_delivered / push_opened',
    public: true,
    rateLimit: 'trackingLinks',
    body: PushReceipt,
    responses: { 204: null },
    errors: [404],
    handler: async ({ body, deps }) => {
      const messageId = verifyPushReceipt(deps.config.HERALD_SECRET, body.receipt);
      if (!messageId || !(await receiveAppReceipt(deps, messageId, body.event)))
        throw notFound('The push this receipt names (heraldReceipt, as the push carried it)');
    },
  }),
];

// Push delivery reports. Huawei Push Kit posts receipts to the gateway's callback URL (its
// "message receipt" API: { statuses: [{ token, status, requestId, biTag, appid, timestamp }] },
// optionally signed in X-HUAWEI-CALLBACK-ID); they find their message by the requestId the send
// recorded. FCM and APNs tell the sender nothing after accepting a push, so, as push platforms
// do, the app reports it: every push carries `heraldReceipt` in its data, a token signed for that
// message, which the app posts back with "delivered" (shown) or "opened" (tapped).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { trackingToken, verifyTrackingToken } from './tracking.ts';

export const pushReceiptToken = (secret: string, messageId: string) =>
  trackingToken(secret, 'push', messageId);

/** The message a push receipt was issued for, or undefined when it is not one of ours. */
export const verifyPushReceipt = (secret: string, token: string) =>
  verifyTrackingToken(secret, 'push', token);

/** What the app reports: the notification reached the device (shown), or the user tapped it. */
export const PushReceipt = z.strictObject({
  receipt: z
    .string()
    .min(10)
    .max(200)
    .describe('heraldReceipt, from the data of the push the app received'),
  event: z.enum(['delivered', 'opened'], {
    error: 'event is "delivered" (the notification was shown) or "opened" (tapped)',
  }),
});
export type PushReceipt = z.infer<typeof PushReceipt>;

export const HuaweiReceipts = z.object({
  statuses: z
    .array(
      z.object({
        token: z.string().max(500).optional(),
        requestId: z.string().min(1).max(200),
        biTag: z.string().max(200).optional(),
        // Android receipts (V1) carry status; HarmonyOS ones (V2) deliveryStatus.result.
        status: z.number().int().optional(),
        deliveryStatus: z.object({ result: z.number().int() }).optional(),
      }),
    )
    .max(1000),
});
export type HuaweiReceipts = z.infer<typeof HuaweiReceipts>;

interface ReceiptMeaning {
  /** Undefined: not final (the message waits on the device or at Push Kit). */
  outcome?: 'delivered' | 'failed';
  words: string;
  /** The token reaches no install of the app: the device is deactivated. */
  tokenGone?: boolean;
}

// Push Kit's receipt status codes, as its "message receipt" guide lists them.
const HUAWEI_STATUS: Record<number, ReceiptMeaning> = {
  0: { outcome: 'delivered', words: 'delivered' },
  2: { outcome: 'failed', words: 'the app is not installed', tokenGone: true },
  5: {
    outcome: 'failed',
    words: 'the token does not belong to the device’s current user',
    tokenGone: true,
  },
  6: { outcome: 'failed', words: 'notifications are turned off in the app or on the device' },
  10: { outcome: 'failed', words: 'inactive device (no contact with Push Kit for 30 days)' },
  15: { outcome: 'failed', words: 'a later message with the same collapse key replaced it' },
  27: { words: 'the app is not running: the data message waits on the device' },
  102: { outcome: 'failed', words: 'dropped by frequency control' },
  201: { words: 'held by Push Kit until the device lifts its control' },
};

/** One receipt status in Herald's terms: its outcome (if final) and Huawei's words for it. */
export function huaweiReceiptMeaning(code: number): ReceiptMeaning & { detail: string } {
  const meaning = HUAWEI_STATUS[code] ?? {
    outcome: 'failed' as const,
    words: 'not delivered',
  };
  return { ...meaning, detail: `Huawei receipt ${code}: ${meaning.words}` };
}

/**
 * Checks X-HUAWEI-CALLBACK-ID ("timestamp=…;nonce=…;value=…"): value is the Base64 HMAC-SHA256,
 * under the callback key, of timestamp, nonce and the callback user name joined without separators.
 */
export function huaweiCallbackSigned(
  header: string | undefined,
  userName: string,
  key: string,
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(
    header.split(';').map((p) => {
      const at = p.indexOf('=');
      return [p.slice(0, at).trim(), p.slice(at + 1).trim()];
    }),
  );
  const { timestamp, nonce, value } = parts;
  if (!timestamp || !nonce || !value) return false;
  const expected = Buffer.from(huaweiCallbackValue(timestamp, nonce, userName, key));
  const given = Buffer.from(value);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const huaweiCallbackValue = (
  timestamp: string,
  nonce: string,
  userName: string,
  key: string,
) => createHmac('sha256', key).update(`${timestamp}${nonce}${userName}`).digest('base64');

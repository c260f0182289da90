// Push delivery reports, from the provider (Huawei Push Kit's receipts, matched by the requestId
// the send recorded) or from the app (FCM and APNs report nothing after accepting a push: the
// app posts the push's signed receipt when the notification is shown, and again when it is
// tapped). Both move the message like any delivery report and become push_delivered,
// push_failed and push_opened events.
import { badRequest } from '../core/errors.ts';
import { HuaweiReceipts, huaweiReceiptMeaning } from '../core/push-receipts.ts';
import { applyAppDelivery } from '../db/delivery.ts';
import { deactivateDevice } from '../db/devices.ts';
import { recordEngagement } from '../db/messages.ts';
import { receiveDeliveryReport } from './delivery-reports.ts';
import type { EntryDeps } from './deps.ts';
import { openPipeline } from './pipeline.ts';

export async function receiveHuaweiReceipts(
  deps: EntryDeps,
  gatewayId: string,
  body: unknown,
): Promise<void> {
  const parsed = HuaweiReceipts.safeParse(body);
  if (!parsed.success)
    throw badRequest(
      'statuses: Push Kit posts {"statuses": [{"requestId": …, "token": …, "status": 0}]}',
      [{ field: 'statuses', message: 'a list of receipts, each with a requestId and a status' }],
    );
  for (const s of parsed.data.statuses) {
    const code = s.status ?? s.deliveryStatus?.result;
    if (code === undefined) continue;
    const meaning = huaweiReceiptMeaning(code);
    // Not final (waiting on the device, held by Push Kit): a later receipt says how it ended.
    if (!meaning.outcome) continue;
    const applied = await receiveDeliveryReport(deps, {
      gatewayId,
      providerMessageId: s.requestId,
      outcome: meaning.outcome,
      detail: meaning.detail,
    });
    // The token reaches no install: no push goes to it again until the app registers anew.
    // The device is the one the matched message went to, whatever token the receipt names.
    if (applied && meaning.tokenGone) {
      const devices = await deps
        .db('message_parts as p')
        .join('messages as m', 'm.id', 'p.message_id')
        .join('devices as d', function () {
          this.on('d.customer_id', 'm.customer_id').andOn('d.token', 'm.to_address');
        })
        .where({ 'p.gateway_id': gatewayId, 'p.provider_message_id': s.requestId })
        .select<{ id: string }[]>('d.id');
      for (const d of devices) await deactivateDevice(deps.db, d.id, meaning.detail);
    }
  }
}

/** What the app reported of a push it received; false when the message is not a push of ours. */
export async function receiveAppReceipt(
  deps: EntryDeps,
  messageId: string,
  event: 'delivered' | 'opened',
): Promise<boolean> {
  // A tap proves the notification arrived: an open is a delivery first.
  const delivered = await applyAppDelivery(deps.db, messageId, `${event}, reported by the app`);
  if (!delivered) return false;
  const record = (type: string, customerId: string) =>
    openPipeline(deps).record({
      customerId,
      type,
      properties: { messageId, detail: 'reported by the app' },
      idempotencyKey: `${type}:${messageId}`,
      source: 'delivery_report',
    });
  if (delivered.changed && delivered.customerId)
    await record('push_delivered', delivered.customerId);
  if (event === 'opened') {
    const engaged = await recordEngagement(deps.db, messageId, 'opened', 'reported by the app');
    if (engaged?.first && engaged.message.customer_id)
      await record('push_opened', engaged.message.customer_id);
  }
  return true;
}

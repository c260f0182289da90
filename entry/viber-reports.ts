// Infobip's Viber reports, as its callback posts them: a batch of results, each a delivery
// report (delivered, undeliverable, expired) that moves the message's status like an SMS
// report, or a seen report that records the message opened (once, however often it is posted).
import { badRequest } from '../core/errors.ts';
import { infobipReports } from '../core/viber-reports.ts';
import { recordEngagement } from '../db/messages.ts';
import { receiveDeliveryReport } from './delivery-reports.ts';
import type { EntryDeps } from './deps.ts';
import { openPipeline } from './pipeline.ts';

export async function receiveViberReports(
  deps: EntryDeps,
  gatewayId: string,
  body: unknown,
): Promise<void> {
  const outcomes = infobipReports(body);
  if (!outcomes)
    throw badRequest(
      'results: Infobip posts {"results": [{"messageId": …, "status": {"groupName": …}}]}',
      [{ field: 'results', message: 'a list of reports, each with a messageId' }],
    );
  for (const o of outcomes) {
    if (o.kind !== 'seen') {
      await receiveDeliveryReport(deps, {
        gatewayId,
        providerMessageId: o.providerMessageId,
        outcome: o.kind,
        detail: o.detail,
        addressInvalid: o.addressInvalid,
      });
      continue;
    }
    const part = await deps
      .db('message_parts')
      .where({ gateway_id: gatewayId, provider_message_id: o.providerMessageId })
      .first<{ message_id: string } | undefined>('message_id');
    if (!part) continue;
    const engaged = await recordEngagement(deps.db, part.message_id, 'opened', o.detail);
    if (!engaged?.first || !engaged.message.customer_id) continue;
    await openPipeline(deps).record({
      customerId: engaged.message.customer_id,
      type: 'viber_opened',
      properties: { messageId: part.message_id, detail: o.detail },
      idempotencyKey: `viber_opened:${part.message_id}`,
      source: 'delivery_report',
    });
  }
}

// A provider's delivery report, wherever it arrives (an SMPP session in the worker, a status
// callback at the api): the message's status moves, an address the provider calls invalid is
// flagged, and the outcome becomes an event (sms_delivered, sms_failed...) that can trigger
// campaigns and answer conditions.
import { applyDeliveryReport, type DeliveryReport, flagContactInvalid } from '../db/delivery.ts';
import { applyTestDeliveryReport } from '../db/template-test-sends.ts';
import type { EntryDeps } from './deps.ts';
import { openPipeline } from './pipeline.ts';

export interface IncomingReport extends DeliveryReport {
  /** The provider said the address itself is bad (unknown subscriber, not a mobile number). */
  addressInvalid?: boolean;
}

/** Applies the report; false when no message of this gateway has that provider ID. */
export async function receiveDeliveryReport(
  deps: EntryDeps,
  report: IncomingReport,
): Promise<boolean> {
  let message = await applyDeliveryReport(deps.db, report);
  // A report can overtake the commit that records the send's provider IDs: wait for it briefly.
  // A template's test send is no message: its report is kept with the test and goes no further.
  for (let i = 0; !message && i < 5; i++) {
    if (await applyTestDeliveryReport(deps.db, report)) return true;
    await new Promise((r) => setTimeout(r, 200));
    message = await applyDeliveryReport(deps.db, report);
  }
  if (!message) return applyTestDeliveryReport(deps.db, report);
  if (!message.changed || !message.customerId) return true;
  if (report.outcome === 'failed' && report.addressInvalid && message.toAddress)
    await flagContactInvalid(deps.db, message.customerId, message.channel, message.toAddress);
  await openPipeline(deps).record({
    customerId: message.customerId,
    type: `${message.channel}_${report.outcome}`,
    properties: { messageId: message.messageId, detail: report.detail },
    idempotencyKey: `${message.channel}_${report.outcome}:${message.messageId}`,
    source: 'delivery_report',
  });
  return true;
}

// Test sends of a template (issue 14): who sent which revision, rendered for whom, to which
// addresses, phones or devices; kept apart from `messages` so that no report, statistic or
// condition counts them. An SMS, push or Viber test's provider IDs are kept with it, so that a
// delivery report for a test finds it (and shows the tester it arrived) instead of being refused.
import type { Db } from './connection.ts';
import type { DeliveryReport } from './delivery.ts';

export interface NewTestSend {
  templateId: string;
  revision: number;
  channel: string;
  customerId?: string;
  to: string[];
  sentBy: string | null;
}

export async function recordTestSend(db: Db, t: NewTestSend): Promise<string> {
  const [row] = await db('template_test_sends')
    .insert({
      template_id: t.templateId,
      revision: t.revision,
      channel: t.channel,
      customer_id: t.customerId ?? null,
      to_addresses: t.to,
      sent_by: t.sentBy,
    })
    .returning<{ id: string }[]>('id');
  return String(row!.id);
}

/** What went wrong, when something did (a gateway's refusal, no gateway, no worker). */
export async function noteTestSendError(db: Db, id: string, error: string): Promise<void> {
  await db('template_test_sends').where({ id }).update({ error });
}

export async function recordTestSendParts(
  db: Db,
  testSendId: string,
  gatewayId: string,
  to: string,
  providerIds: string[],
): Promise<void> {
  if (providerIds.length === 0) return;
  await db('template_test_send_parts')
    .insert(
      providerIds.map((id) => ({
        test_send_id: testSendId,
        gateway_id: gatewayId,
        provider_message_id: id,
        to_address: to,
      })),
    )
    .onConflict(['gateway_id', 'provider_message_id'])
    .ignore();
}

/** Applies a delivery report to a test's part; false when no test sent that provider ID. */
export async function applyTestDeliveryReport(db: Db, r: DeliveryReport): Promise<boolean> {
  const updated = await db('template_test_send_parts')
    .where({ gateway_id: r.gatewayId, provider_message_id: r.providerMessageId })
    .update({ status: r.outcome, detail: r.detail, reported_at: db.fn.now() });
  return updated > 0;
}

export interface TestSendPartRow {
  to_address: string;
  provider_message_id: string;
  status: string;
  detail: string | null;
}

export async function testSendParts(db: Db, testSendId: string): Promise<TestSendPartRow[]> {
  return db('template_test_send_parts')
    .where({ test_send_id: testSendId })
    .orderBy('sent_at')
    .select<TestSendPartRow[]>('to_address', 'provider_message_id', 'status', 'detail');
}

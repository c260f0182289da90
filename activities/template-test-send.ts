// A template's test send (issue 14) through the channel's real gateway: the default SMS or
// Viber gateway, or for push the one that reaches each device's platform, each behind its rate
// limit as a real send is. Nothing goes into `messages`: the provider's IDs are kept with the
// test send (db/template-test-sends.ts), so its delivery reports land there and nowhere else.
import { randomUUID } from 'node:crypto';
import { providersReaching } from '../core/push-gateways.ts';
import { recordTestSendParts } from '../db/template-test-sends.ts';
import type {
  TemplateTestSend,
  TestSendOutcome,
  TestSendRecipient,
} from '../workflows/template-test-send-api.ts';
import { pushOf, viberOf } from './channel-message.ts';
import type { SmsGateway, ViberGateway } from './channels/gateway.ts';
import type { ActivityDeps } from './deps.ts';

type Sent = { gatewayId: string; providerIds: string[]; response: string };

export function templateTestSendActivities({
  db,
  gateways,
}: Pick<ActivityDeps, 'db' | 'gateways'>) {
  async function sendOne(input: TemplateTestSend, r: TestSendRecipient): Promise<Sent | string> {
    const messageId = randomUUID();
    if (input.channel === 'push') {
      const platform = r.platform ?? 'fcm';
      const resolved = await gateways?.resolve('push', undefined, providersReaching(platform));
      if (!resolved) return `no push gateway for ${platform} devices is configured`;
      await resolved.throttle();
      const sent = await resolved.gateway.send({
        ...pushOf(input.message),
        token: r.to,
        platform,
        ...(r.appId && { appId: r.appId }),
        messageId,
      });
      const ids = sent.providerMessageId ? [sent.providerMessageId] : [];
      return { gatewayId: resolved.row.id, providerIds: ids, response: sent.response };
    }
    const resolved = await gateways?.resolve(input.channel);
    if (!resolved) return `no ${input.channel} gateway is configured`;
    const from = resolved.row.senders[0];
    await resolved.throttle();
    if (input.channel === 'viber') {
      const sent = await (resolved.gateway as ViberGateway).send({
        to: r.to,
        from,
        ...viberOf(input.message),
        messageId,
      });
      return {
        gatewayId: resolved.row.id,
        providerIds: [sent.providerMessageId],
        response: sent.response,
      };
    }
    const sent = await (resolved.gateway as SmsGateway).send({
      to: r.to,
      from,
      text: input.message.text,
      messageId,
    });
    return {
      gatewayId: resolved.row.id,
      providerIds: sent.providerMessageIds,
      response: sent.response,
    };
  }

  return {
    /** Sends to each recipient in turn; a refusal is that recipient's outcome, not a fault. */
    sendTemplateTest: async (input: TemplateTestSend): Promise<TestSendOutcome[]> => {
      const outcomes: TestSendOutcome[] = [];
      for (const r of input.recipients) {
        try {
          const sent = await sendOne(input, r);
          if (typeof sent === 'string') {
            outcomes.push({ to: r.to, ok: false, detail: sent });
            continue;
          }
          await recordTestSendParts(db, input.testSendId, sent.gatewayId, r.to, sent.providerIds);
          outcomes.push({ to: r.to, ok: true, detail: sent.response });
        } catch (err) {
          outcomes.push({ to: r.to, ok: false, detail: (err as Error).message });
        }
      }
      return outcomes;
    },
  };
}

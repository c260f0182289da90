// Push to iOS through the Apple Push Notification service with @parse/node-apn, token auth: a
// JWT signed with the team's .p8 key over one HTTP/2 session per gateway. node-apn's own
// retries are off (connectionRetryLimit 0): Temporal retries what is safe to retry, and APNs
// keeps no idempotency, so a resend after a timeout could notify the phone twice.
import apn from '@parse/node-apn';
import type { EgressAllow } from '../../core/egress.ts';
import type { ProviderCredentials, ProviderSettings } from '../../core/gateways.ts';
import { providerPlatforms } from '../../core/push-gateways.ts';
import { checkedAddress, EgressRefused } from '../egress.ts';
import { type OutgoingPush, type PushGateway, SendFailure } from './gateway.ts';
import { pushTimeout } from './push-common.ts';

// APNs' reasons that say the token reaches no install of this app: the device is deactivated.
const TOKEN_GONE = new Set(['Unregistered', 'BadDeviceToken', 'DeviceTokenNotForTopic']);
/** A token APNs cannot know, for "test connection": APNs checks our JWT before the token. */
const PROBE_TOKEN = '0'.repeat(64);

type Failure = apn.ResponseFailure;

/** What APNs' answer means for the send, in its words. */
export function apnsRefusal(failure: Failure): SendFailure {
  const reason = failure.response?.reason;
  // node-apn reports a timeout or a reset stream as the status "(timeout)", "(aborted)".
  if (typeof failure.status === 'number') {
    const words = `APNs ${failure.status} ${reason ?? ''}`.trim();
    if (failure.status === 410 || (reason && TOKEN_GONE.has(reason)))
      return new SendFailure('permanent', words, true);
    if (failure.status === 429 || failure.status === 503 || reason === 'ExpiredProviderToken')
      return new SendFailure('transient', words);
    if (failure.status >= 500) return new SendFailure('unknown', words);
    return new SendFailure('permanent', words);
  }
  const message = failure.error?.message ?? 'no answer';
  // The session never opened: nothing reached Apple. Anything later (a timeout, a reset stream)
  // may have delivered the notification.
  const notSent = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|connect/i.test(
    message,
  );
  return new SendFailure(notSent ? 'transient' : 'unknown', `APNs: ${message}`);
}

export function createApnsGateway(opts: {
  settings: ProviderSettings['apns'];
  credentials: ProviderCredentials['apns'];
  egress: EgressAllow;
}): PushGateway {
  const { settings, credentials } = opts;
  const provider = new apn.Provider({
    token: { key: credentials.key, keyId: credentials.keyId, teamId: credentials.teamId },
    production: settings.production,
    ...(settings.address && { address: settings.address }),
    port: settings.port,
    ...(settings.caCertificate && { ca: [settings.caCertificate] }),
    connectionRetryLimit: 0,
    requestTimeout: settings.timeoutSeconds * 1000,
  });
  // Another host than Apple's is an address an admin typed: it passes the egress policy first.
  let allowed: Promise<string> | undefined;
  const checkAddress = async () => {
    if (!settings.address) return;
    try {
      await (allowed ??= checkedAddress(opts.egress, settings.address));
    } catch (err) {
      allowed = undefined;
      if (err instanceof EgressRefused) throw new SendFailure('permanent', err.message);
      throw new SendFailure('transient', `APNs: ${(err as Error).message}`);
    }
  };

  async function deliver(
    push: Pick<OutgoingPush, 'title' | 'body' | 'messageId'> & Partial<OutgoingPush>,
    token: string,
  ) {
    await checkAddress();
    const note = new apn.Notification();
    note.id = push.messageId; // apns-id: a UUID Apple reports back in its logs
    note.topic = push.appId || settings.topic;
    note.pushType = 'alert';
    note.alert = { title: push.title, body: push.body };
    note.sound = 'default';
    note.payload = {
      heraldMessageId: push.messageId,
      ...(push.receipt && { heraldReceipt: push.receipt }),
      ...(push.deepLink && { link: push.deepLink }),
      ...(push.imageUrl && { imageUrl: push.imageUrl }),
    };
    // An image needs the app's notification service extension to fetch it.
    if (push.imageUrl) note.mutableContent = true;
    const result = await pushTimeout('APNs', settings.timeoutSeconds, provider.send(note, token));
    const failure = result.failed[0];
    if (failure) throw apnsRefusal(failure);
    return { providerMessageId: push.messageId, response: `APNs 200 apns-id ${push.messageId}` };
  }

  return {
    platforms: providerPlatforms.apns,
    send: (push) => deliver(push, push.token),
    async test() {
      try {
        await deliver({ title: 'test', body: 'test', messageId: crypto.randomUUID() }, PROBE_TOKEN);
      } catch (err) {
        if (!(err instanceof SendFailure && err.addressInvalid)) throw err;
        // Refusing the token, not the JWT, is APNs' way of saying the key is good.
        return `APNs ${settings.address ?? (settings.production ? 'production' : 'sandbox')}: key ${credentials.keyId} of team ${credentials.teamId} accepted for ${settings.topic} (${err.message} to a probe token)`;
      }
      return `APNs accepted a probe for ${settings.topic}`;
    },
    async close() {
      await provider.shutdown();
    },
  };
}

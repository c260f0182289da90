// Push through Firebase Cloud Messaging's HTTP v1 API with firebase-admin. Both connections it
// needs (the OAuth token from oauth2.googleapis.com, the send to fcm.googleapis.com) go through
// one agent: with `connectTo` it connects to another address (an egress proxy, the tests' peer)
// while TLS still names and verifies Google's host, trusting the gateway's extra CA. The send
// takes it as the app's httpAgent; the token does not, because firebase-admin's cert() drops
// the agent for a service account given as an object (google-auth-library's fromJSON gets no
// client options), so the credential is google-auth-library's JWT client built on the agent. firebase-admin's own retries are turned off: Temporal retries what is safe
// to retry, and a resend after a timeout could notify the phone twice.
import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import { type App, type Credential, deleteApp, initializeApp } from 'firebase-admin/app';
import { JWT } from 'google-auth-library';
import { getMessaging, type Message } from 'firebase-admin/messaging';
import type { EgressAllow } from '../../core/egress.ts';
import type { ProviderCredentials, ProviderSettings } from '../../core/gateways.ts';
import { providerPlatforms } from '../../core/push-gateways.ts';
import { checkedAddress } from '../egress.ts';
import { type PushGateway, SendFailure } from './gateway.ts';
import { pushTimeout } from './push-common.ts';

// FCM's errors (firebase-admin's codes) that say the token reaches no install: UNREGISTERED,
// and INVALID_ARGUMENT when it is the token FCM could not read.
const TOKEN_GONE = new Set([
  'messaging/registration-token-not-registered',
  'messaging/invalid-registration-token',
]);
const TRANSIENT = new Set([
  'messaging/server-unavailable',
  'messaging/message-rate-exceeded',
  'messaging/device-message-rate-exceeded',
  'messaging/topics-message-rate-exceeded',
]);
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

/** What firebase-admin's error means for the send, in FCM's words. */
export function fcmRefusal(err: unknown): SendFailure {
  if (err instanceof SendFailure) return err;
  const { code = '', message = String(err) } = err as { code?: string; message?: string };
  const words = `FCM ${code.replace(/^messaging\//, '')}: ${message}`.slice(0, 1000);
  if (TOKEN_GONE.has(code)) return new SendFailure('permanent', words, true);
  if (code === 'messaging/invalid-argument' && /registration token/i.test(message))
    return new SendFailure('permanent', words, true);
  if (TRANSIENT.has(code)) return new SendFailure('transient', words);
  if (code === 'messaging/internal-error' || code === 'app/network-timeout')
    return new SendFailure('unknown', words);
  if (code === 'app/network-error')
    return new SendFailure(NOT_SENT.test(message) ? 'transient' : 'unknown', words);
  // The access token could not be had: a refused key is for good, an unreachable server is not.
  if (code === 'app/invalid-credential')
    return new SendFailure(
      /invalid_grant|invalid_client|unauthorized|40[013]/i.test(message)
        ? 'permanent'
        : 'transient',
      words,
    );
  return new SendFailure('permanent', words);
}

/** Google's token endpoint refused the key (for good), or could not be reached (try again). */
function tokenRefusal(err: unknown): SendFailure {
  if (err instanceof SendFailure) return err;
  const e = err as { status?: number; response?: { status?: number }; message?: string };
  const status = e.status ?? e.response?.status;
  const words = `FCM token: ${e.message ?? String(err)}`.slice(0, 1000);
  return new SendFailure(
    status !== undefined && status >= 400 && status < 500 ? 'permanent' : 'transient',
    words,
  );
}

/** An agent that connects to `connectTo` (checked by the egress policy) for every host. */
function agentFor(settings: ProviderSettings['fcm'], egress: EgressAllow): Agent {
  const options: AgentOptions = {
    keepAlive: true,
    ...(settings.caCertificate && { ca: settings.caCertificate }),
  };
  if (!settings.connectTo) return new Agent(options);
  const [host, port] = settings.connectTo.split(':') as [string, string];
  class PinnedAgent extends Agent {
    override createConnection(
      opts: RequestOptions,
      done?: (err: Error | null, socket: Duplex) => void,
    ): undefined {
      const name = (opts as { servername?: string }).servername ?? opts.host ?? undefined;
      checkedAddress(egress, host).then(
        (address) =>
          done?.(
            null,
            tlsConnect({
              ...(opts as ConnectionOptions),
              host: address,
              port: Number(port),
              servername: name,
            }),
          ),
        (err: Error) => done?.(err, undefined as never),
      );
      return undefined;
    }
  }
  return new PinnedAgent(options);
}

let apps = 0;

/** A service account's access token for FCM, fetched through `agent`. */
function serviceAccountCredential(
  account: ProviderCredentials['fcm']['serviceAccount'],
  agent: Agent,
): Credential {
  const jwt = new JWT({
    email: account.client_email,
    key: account.private_key,
    scopes: ['https://www.googleapis.com/auth/firebase.messaging'],
    transporterOptions: { agent },
  });
  return {
    async getAccessToken() {
      const { token } = await jwt.getAccessToken();
      const expiry = jwt.credentials.expiry_date ?? Date.now();
      if (!token) throw new SendFailure('permanent', 'FCM: the token endpoint gave no token');
      return { access_token: token, expires_in: Math.floor((expiry - Date.now()) / 1000) };
    },
  };
}

export function createFcmGateway(opts: {
  settings: ProviderSettings['fcm'];
  credentials: ProviderCredentials['fcm'];
  egress: EgressAllow;
}): PushGateway {
  const { settings, credentials } = opts;
  const account = credentials.serviceAccount;
  const httpAgent = agentFor(settings, opts.egress);
  const credential = serviceAccountCredential(account, httpAgent);
  const app: App = initializeApp(
    {
      credential,
      projectId: account.project_id,
      httpAgent,
    },
    `herald-fcm-${++apps}`,
  );
  const messaging = getMessaging(app);
  // firebase-admin retries 503s and dropped connections itself, before Herald could record the
  // attempt: its client's `retry` is the only switch (no option reaches it).
  (
    messaging as unknown as { messagingRequestHandler: { httpClient: { retry: null } } }
  ).messagingRequestHandler.httpClient.retry = null;

  return {
    platforms: providerPlatforms.fcm,
    async send(push) {
      const link = push.deepLink;
      const message: Message = {
        token: push.token,
        notification: {
          title: push.title,
          body: push.body,
          ...(push.imageUrl && { imageUrl: push.imageUrl }),
        },
        data: {
          heraldMessageId: push.messageId,
          ...(push.receipt && { heraldReceipt: push.receipt }),
          ...(link && { link }),
        },
        ...(push.platform === 'web' &&
          link?.startsWith('https://') && { webpush: { fcmOptions: { link } } }),
      };
      // The access token first, outside the deadline: fetching it sends nothing to the phone.
      await credential.getAccessToken().catch((err: unknown) => {
        throw tokenRefusal(err);
      });
      try {
        const name = await pushTimeout('FCM', settings.timeoutSeconds, messaging.send(message));
        return { providerMessageId: name, response: `FCM accepted ${name}` };
      } catch (err) {
        throw fcmRefusal(err);
      }
    },
    async test() {
      try {
        const token = await pushTimeout(
          'FCM',
          settings.timeoutSeconds,
          credential.getAccessToken().catch((err: unknown) => {
            throw tokenRefusal(err);
          }),
        );
        const minutes = Math.round(token.expires_in / 60);
        return `FCM project ${account.project_id}: ${account.client_email} signed in (token for ${minutes} min)`;
      } catch (err) {
        throw fcmRefusal(err);
      }
    },
    async close() {
      await deleteApp(app);
      httpAgent.destroy();
    },
  };
}

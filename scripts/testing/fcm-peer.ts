// A local FCM HTTP v1 server for tests, over HTTPS with a test CA: Google's OAuth token endpoint
// (POST /token: a service account's RS256 JWT assertion checked against its public key, an
// access token back) and messages:send (the bearer token checked, FCM's answers and error
// shapes). firebase-admin reaches it through the gateway's `connectTo`, with TLS naming
// oauth2.googleapis.com and fcm.googleapis.com as it would in production.
import { createVerify, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  pemKeys,
  type PushPeer,
  type PushPeerMessage,
  scriptedToken,
  testTls,
} from './push-peer-common.ts';

export const FCM_PROJECT = 'herald-test';

export interface FcmPeer extends PushPeer {
  /** The service-account JSON a gateway is given. */
  serviceAccount: Record<string, string>;
  /** Access tokens issued (one per gateway until it expires). */
  tokensIssued: number;
}

const fcmError = (status: number, code: string, message: string, errorCode?: string) => ({
  status,
  body: {
    error: {
      code: status,
      message,
      status: code,
      ...(errorCode && {
        details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }],
      }),
    },
  },
});

function jwtSignedBy(jwt: string, key: KeyObject): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return false;
  const verify = createVerify('RSA-SHA256');
  verify.update(`${header}.${payload}`);
  return verify.verify(key, Buffer.from(signature, 'base64url'));
}

export async function startFcmPeer(): Promise<FcmPeer> {
  const tls = await testTls(['fcm.googleapis.com', 'oauth2.googleapis.com', '127.0.0.1']);
  const keys = pemKeys('rsa');
  const issued = new Set<string>();
  const busy = new Set<string>();
  const messages: PushPeerMessage[] = [];
  const peer = { messages, sends: 0, tokensIssued: 0 } as FcmPeer;

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const answer = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'POST' && req.url === '/token') {
        const assertion = new URLSearchParams(text).get('assertion') ?? '';
        if (!jwtSignedBy(assertion, keys.publicKey))
          return answer(400, {
            error: 'invalid_grant',
            error_description: 'Invalid JWT Signature.',
          });
        const token = `ya29.${randomUUID()}`;
        issued.add(token);
        peer.tokensIssued++;
        return answer(200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
      }
      const send = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !send) return answer(404, { error: 'not found' });
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!issued.has(bearer)) {
        const e = fcmError(
          401,
          'UNAUTHENTICATED',
          'Request had invalid authentication credentials.',
        );
        return answer(e.status, e.body);
      }
      peer.sends++;
      const { message } = JSON.parse(text) as {
        message: {
          token: string;
          notification: { title: string; body: string };
          data: Record<string, unknown>;
        };
      };
      const scripted = scriptedToken(message.token, busy);
      if (scripted === 'silent') return; // the request stays unanswered
      if (scripted === 'gone') {
        const e = fcmError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED');
        return answer(e.status, e.body);
      }
      if (scripted === 'busy') {
        const e = fcmError(
          503,
          'UNAVAILABLE',
          'The service is currently unavailable.',
          'UNAVAILABLE',
        );
        return answer(e.status, e.body);
      }
      messages.push({ token: message.token, ...message.notification, data: message.data });
      return answer(200, { name: `projects/${send[1]}/messages/${randomUUID()}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(peer, {
    address: `127.0.0.1:${port}`,
    port,
    ca: tls.ca,
    serviceAccount: {
      type: 'service_account',
      project_id: FCM_PROJECT,
      private_key_id: randomUUID().replace(/-/g, ''),
      private_key: keys.privateKey,
      client_email: `herald@${FCM_PROJECT}.iam.gserviceaccount.com`,
      // google-auth-library always asks oauth2.googleapis.com; connectTo brings that here.
      token_uri: `https://127.0.0.1:${port}/token`,
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

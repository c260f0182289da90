// A local APNs server for tests: HTTP/2 over TLS (a test CA), POST /3/device/{token} with the
// provider token (an ES256 JWT signed with the team's .p8 key) checked against the key's public
// half, its key ID and team ID, and Apple's answers: 200 with apns-id, 410 Unregistered, 503,
// 403 InvalidProviderToken.
import { randomUUID, verify } from 'node:crypto';
import { createSecureServer, type Http2SecureServer, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import {
  pemKeys,
  type PushPeer,
  type PushPeerMessage,
  scriptedToken,
  testTls,
} from './push-peer-common.ts';

export const APNS_KEY_ID = 'KEY1234567';
export const APNS_TEAM_ID = 'TEAM123456';
export const APNS_TOPIC = 'com.herald.shop';

export interface ApnsPeer extends PushPeer {
  /** The .p8 key a gateway signs its JWTs with. */
  key: string;
}

function providerTokenValid(
  authorization: string | undefined,
  publicKey: ReturnType<typeof pemKeys>['publicKey'],
) {
  const jwt = /^bearer (.+)$/i.exec(authorization ?? '')?.[1];
  const [header, payload, signature] = (jwt ?? '').split('.');
  if (!header || !payload || !signature) return false;
  const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as {
    alg?: string;
    kid?: string;
  };
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: string };
  if (head.alg !== 'ES256' || head.kid !== APNS_KEY_ID || claims.iss !== APNS_TEAM_ID) return false;
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
}

export async function startApnsPeer(): Promise<ApnsPeer> {
  const tls = await testTls(['127.0.0.1', 'localhost']);
  const keys = pemKeys('p256');
  const busy = new Set<string>();
  const messages: PushPeerMessage[] = [];
  const peer = { messages, sends: 0 } as ApnsPeer;
  const sessions = new Set<ServerHttp2Session>();

  const server: Http2SecureServer = createSecureServer({ key: tls.key, cert: tls.cert });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString()));
    stream.on('end', () => {
      const answer = (status: number, body?: object, extra: Record<string, string> = {}) => {
        stream.respond({ ':status': status, ...extra });
        stream.end(body ? JSON.stringify(body) : undefined);
      };
      const token = /^\/3\/device\/([0-9a-f]+)$/i.exec(String(headers[':path']))?.[1];
      if (!token) return answer(404, { reason: 'BadPath' });
      if (!providerTokenValid(headers.authorization, keys.publicKey))
        return answer(403, { reason: 'InvalidProviderToken' });
      if (headers['apns-topic'] !== APNS_TOPIC)
        return answer(400, { reason: 'DeviceTokenNotForTopic' });
      peer.sends++;
      const scripted = scriptedToken(token, busy);
      if (scripted === 'silent') return; // the stream stays unanswered
      if (scripted === 'gone')
        return answer(410, { reason: 'Unregistered', timestamp: Date.now() });
      if (scripted === 'busy') return answer(503, { reason: 'ServiceUnavailable' });
      if (/^0+$/.test(token)) return answer(400, { reason: 'BadDeviceToken' });
      const payload = JSON.parse(text) as {
        aps: { alert: { title: string; body: string } };
      } & Record<string, unknown>;
      const { aps, ...data } = payload;
      messages.push({ token, ...aps.alert, data });
      answer(200, undefined, { 'apns-id': String(headers['apns-id'] ?? randomUUID()) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(peer, {
    address: '127.0.0.1',
    port,
    ca: tls.ca,
    key: keys.privateKey,
    stop: () =>
      new Promise<void>((resolve) => {
        // node-apn keeps its session open: the server closes only once the sessions are gone.
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  });
}

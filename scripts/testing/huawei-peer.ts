// A local Huawei Push Kit server for tests (plain HTTP; the gateway's apiBaseUrl and tokenUrl
// point here): the OAuth 2.0 client-credentials token endpoint, and /v1/{appId}/messages:send
// with the bearer token checked and Push Kit's answers: 80000000 success, 80300007 all tokens
// invalid, 503 flow control, 80200003 an expired token. `postHuaweiReceipt` posts a receipt as
// Push Kit's receipt API does, signed in X-HUAWEI-CALLBACK-ID when given a user name and key.
import { randomUUID } from 'node:crypto';
import { huaweiCallbackValue } from '../../core/push-receipts.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PushPeer, type PushPeerMessage, scriptedToken } from './push-peer-common.ts';

export const HUAWEI_APP_ID = '104567890';
export const HUAWEI_SECRET = 'huawei-app-secret';

export interface HuaweiPeer extends PushPeer {
  /** Base URL: the gateway's apiBaseUrl; `${url}/oauth2/v3/token` its tokenUrl. */
  url: string;
}

export async function startHuaweiPeer(): Promise<HuaweiPeer> {
  const issued = new Set<string>();
  const busy = new Set<string>();
  const messages: PushPeerMessage[] = [];
  const peer = { messages, sends: 0 } as HuaweiPeer;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const answer = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'POST' && req.url === '/oauth2/v3/token') {
        const form = new URLSearchParams(text);
        if (form.get('client_id') !== HUAWEI_APP_ID || form.get('client_secret') !== HUAWEI_SECRET)
          return answer(400, { error: 1101, error_description: 'invalid client secret' });
        const token = `CF${randomUUID()}`;
        issued.add(token);
        return answer(200, { access_token: token, expires_in: 3600, token_type: 'Bearer' });
      }
      if (req.method !== 'POST' || req.url !== `/v1/${HUAWEI_APP_ID}/messages:send`)
        return answer(404, { code: '80100001', msg: 'no such path' });
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!issued.has(bearer))
        return answer(401, { code: '80200003', msg: 'OAuth token expired.' });
      peer.sends++;
      const { message } = JSON.parse(text) as {
        message: {
          token: string[];
          notification: { title: string; body: string };
          data: string;
          android?: { bi_tag?: string };
        };
      };
      const token = message.token[0]!;
      const requestId = `${Date.now()}${peer.sends}`;
      const scripted = scriptedToken(token, busy);
      if (scripted === 'silent') return; // the request stays unanswered
      if (scripted === 'gone')
        return answer(400, { code: '80300007', msg: 'All the tokens are invalid', requestId });
      if (scripted === 'busy')
        return answer(503, { code: '80300009', msg: 'Flow control: too many messages', requestId });
      messages.push({
        token,
        ...message.notification,
        data: JSON.parse(message.data) as Record<string, unknown>,
        requestId,
        ...(message.android?.bi_tag && { biTag: message.android.bi_tag }),
      });
      return answer(200, { code: '80000000', msg: 'Success', requestId });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(peer, {
    url: `http://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    port,
    ca: '',
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

export interface HuaweiReceiptStatus {
  token: string;
  requestId: string;
  biTag?: string;
  status: number;
}

/** Posts receipts to a callback URL as Push Kit does; `sign` as the receipt configuration holds it. */
export async function postHuaweiReceipt(
  url: string,
  statuses: HuaweiReceiptStatus[],
  sign?: { userName: string; key: string },
): Promise<{ status: number; body: unknown }> {
  const timestamp = String(Date.now());
  const nonce = randomUUID();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(sign && {
        'x-huawei-callback-id': `timestamp=${timestamp};nonce=${nonce};value=${huaweiCallbackValue(timestamp, nonce, sign.userName, sign.key)}`,
      }),
    },
    body: JSON.stringify({
      statuses: statuses.map((s) => ({
        ...s,
        appid: HUAWEI_APP_ID,
        timestamp: Date.now(),
      })),
    }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

// Local HTTP servers that speak SMS providers' APIs, for tests: Twilio's Messages API (Basic
// auth with the Account SID and Auth Token, form bodies, its JSON answers and error codes, and
// status callbacks signed with X-Twilio-Signature) and a generic provider of the Smstraffic kind
// (JSON in, an ID out, delivery reports by GET). Destination numbers choose the answer, as in
// scripts/testing/smsc.ts: ...0000 refused for good, ...1111 busy once, ...2222 never answered.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { BUSY_ONCE_SUFFIX, INVALID_SUFFIX, SILENT_SUFFIX } from './smsc.ts';

export interface PeerMessage {
  id: string;
  to: string;
  from: string;
  text: string;
  /** Where the provider posts this message's status. */
  callback?: string;
}

export interface SmsHttpPeer {
  url: string;
  messages: PeerMessage[];
  /** Requests that asked to send (answered or not). */
  sends: number;
  /** Reports a message's final status to its callback, as the provider would. */
  report(id: string, status: string, errorCode?: string): Promise<number>;
  stop(): Promise<void>;
}

export const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => resolve(body));
  });

export function answer(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The answer a destination number asks for; undefined means accept. */
export function scripted(to: string, busy: Set<string>): 'invalid' | 'busy' | 'silent' | undefined {
  if (to.endsWith(INVALID_SUFFIX)) return 'invalid';
  if (to.endsWith(SILENT_SUFFIX)) return 'silent';
  if (to.endsWith(BUSY_ONCE_SUFFIX) && !busy.has(to)) {
    busy.add(to);
    return 'busy';
  }
  return undefined;
}

export async function listen(
  handle: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handle(req, res, new URL(req.url ?? '/', 'http://peer')).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function stopper(server: Server) {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

export async function startTwilioPeer(accountSid: string, authToken: string): Promise<SmsHttpPeer> {
  const busy = new Set<string>();
  const basic = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const peer: SmsHttpPeer = {
    url: '',
    messages: [],
    sends: 0,
    async report(id, status, errorCode) {
      const message = peer.messages.find((m) => m.id === id);
      if (!message?.callback) throw new Error(`no callback for ${id}`);
      const params: Record<string, string> = {
        AccountSid: accountSid,
        MessageSid: id,
        MessageStatus: status,
        ...(errorCode && { ErrorCode: errorCode }),
      };
      const signature = twilio.getExpectedTwilioSignature(authToken, message.callback, params);
      const res = await fetch(message.callback, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
        body: new URLSearchParams(params).toString(),
      });
      return res.status;
    },
    stop: () => Promise.resolve(),
  };
  const { server, url } = await listen(async (req, res, u) => {
    if (req.headers.authorization !== basic)
      return answer(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
    const account = `/2010-04-01/Accounts/${accountSid}`;
    if (req.method === 'GET' && u.pathname === `${account}.json`)
      return answer(res, 200, { sid: accountSid, friendly_name: 'Herald tests', status: 'active' });
    if (req.method !== 'POST' || u.pathname !== `${account}/Messages.json`)
      return answer(res, 404, { code: 20404, message: 'Not found', status: 404 });
    const form = new URLSearchParams(await read(req));
    const to = form.get('To') ?? '';
    peer.sends++;
    const script = scripted(to, busy);
    if (script === 'silent') return; // held open: the client times out
    if (script === 'invalid')
      return answer(res, 400, {
        code: 21211,
        message: `The 'To' number ${to} is not a valid phone number.`,
        status: 400,
      });
    if (script === 'busy')
      return answer(res, 429, { code: 20429, message: 'Too Many Requests', status: 429 });
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const message = {
      id: sid,
      to,
      from: form.get('From') ?? form.get('MessagingServiceSid') ?? '',
      text: form.get('Body') ?? '',
      callback: form.get('StatusCallback') ?? undefined,
    };
    peer.messages.push(message);
    answer(res, 201, {
      sid,
      account_sid: accountSid,
      to,
      from: message.from,
      body: message.text,
      status: 'queued',
      num_segments: '1',
    });
  });
  peer.url = url;
  peer.stop = stopper(server);
  return peer;
}

/** A generic provider: POST /send {phone, msg, sender} → {result: {id}}; DLRs by GET. */
export async function startGenericSmsPeer(apiKey: string): Promise<SmsHttpPeer> {
  const busy = new Set<string>();
  const peer: SmsHttpPeer = {
    url: '',
    messages: [],
    sends: 0,
    async report(id, status, errorCode) {
      const message = peer.messages.find((m) => m.id === id);
      if (!message?.callback) throw new Error(`no callback for ${id}`);
      const query = new URLSearchParams({
        msgid: id,
        state: status,
        ...(errorCode && { err: errorCode }),
      });
      return (await fetch(`${message.callback}?${query.toString()}`)).status;
    },
    stop: () => Promise.resolve(),
  };
  const { server, url } = await listen(async (req, res, u) => {
    if (req.headers['x-api-key'] !== apiKey) return answer(res, 403, { error: 'bad api key' });
    if (req.method === 'GET') return answer(res, 405, { error: 'POST /send' });
    if (u.pathname !== '/send') return answer(res, 404, { error: 'no such path' });
    const body = JSON.parse(await read(req)) as Record<string, string>;
    peer.sends++;
    const to = body.phone ?? '';
    const script = scripted(to, busy);
    if (script === 'silent') return;
    if (script === 'invalid') return answer(res, 400, { error: `invalid number ${to}` });
    if (script === 'busy') return answer(res, 503, { error: 'try later' });
    const id = `h-${peer.messages.length + 1}`;
    peer.messages.push({
      id,
      to,
      from: body.sender ?? '',
      text: body.msg ?? '',
      callback: body.dlr,
    });
    answer(res, 200, { result: { id } });
  });
  peer.url = url;
  peer.stop = stopper(server);
  return peer;
}

// A local HTTP server that speaks Infobip's Viber API for tests: POST /viber/2/messages with
// "Authorization: App <key>" (its answers: a status per destination, requestError on a bad key),
// GET /account/1/balance for "test connection", and the delivery and seen reports Infobip posts
// to the message's webhooks. Destination numbers choose the answer, as in scripts/testing/smsc.ts:
// ...0000 rejected as a bad destination, ...1111 busy (429) once, ...2222 never answered.
import { answer, listen, read, scripted, stopper } from './sms-http-peers.ts';

export interface ViberPeerMessage {
  id: string;
  to: string;
  sender: string;
  content: {
    type: string;
    text?: string;
    mediaUrl?: string;
    button?: { text: string; url: string };
  };
  /** Where Infobip posts this message's delivery and seen reports. */
  deliveryUrl?: string;
  seenUrl?: string;
}

export interface InfobipPeer {
  url: string;
  messages: ViberPeerMessage[];
  /** Requests that asked to send (answered or not). */
  sends: number;
  /** Posts a delivery report, as Infobip does: groupName DELIVERED, UNDELIVERABLE... */
  report(id: string, groupName: string, errorName?: string): Promise<number>;
  /** Posts a seen report. */
  seen(id: string): Promise<number>;
  stop(): Promise<void>;
}

const post = async (url: string | undefined, results: unknown[]) => {
  if (!url) throw new Error('the message had no webhook URL');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ results }),
  });
  return res.status;
};

export async function startInfobipPeer(apiKey: string): Promise<InfobipPeer> {
  const busy = new Set<string>();
  const find = (id: string) => {
    const m = peer.messages.find((x) => x.id === id);
    if (!m) throw new Error(`no message ${id}`);
    return m;
  };
  const peer: InfobipPeer = {
    url: '',
    messages: [],
    sends: 0,
    async report(id, groupName, errorName) {
      const m = find(id);
      return post(m.deliveryUrl, [
        {
          messageId: id,
          to: m.to,
          sentAt: new Date().toISOString(),
          doneAt: new Date().toISOString(),
          status: {
            groupName,
            name: groupName === 'DELIVERED' ? 'DELIVERED_TO_HANDSET' : `${groupName}_NOT_DELIVERED`,
          },
          error: errorName ? { name: errorName, permanent: true } : { name: 'NO_ERROR' },
          channel: 'VIBER',
        },
      ]);
    },
    async seen(id) {
      const m = find(id);
      return post(m.seenUrl, [{ messageId: id, to: m.to, seenAt: new Date().toISOString() }]);
    },
    stop: () => Promise.resolve(),
  };
  const { server, url } = await listen(async (req, res, u) => {
    if (req.headers.authorization !== `App ${apiKey}`)
      return answer(res, 401, {
        requestError: {
          serviceException: { messageId: 'UNAUTHORIZED', text: 'Invalid login details' },
        },
      });
    if (req.method === 'GET' && u.pathname === '/account/1/balance')
      return answer(res, 200, { balance: 42.5, currency: 'EUR' });
    if (req.method !== 'POST' || u.pathname !== '/viber/2/messages')
      return answer(res, 404, {
        requestError: { serviceException: { messageId: 'NOT_FOUND', text: 'Not found' } },
      });
    const body = JSON.parse(await read(req)) as {
      messages: {
        sender: string;
        destinations: { to: string; messageId?: string }[];
        content: ViberPeerMessage['content'];
        webhooks?: { delivery?: { url: string }; seen?: { url: string } };
      }[];
    };
    const [m] = body.messages;
    const [destination] = m!.destinations;
    const to = destination!.to;
    peer.sends++;
    const script = scripted(to, busy);
    if (script === 'silent') return; // held open: the client times out
    if (script === 'busy')
      return answer(res, 429, {
        requestError: {
          serviceException: { messageId: 'TOO_MANY_REQUESTS', text: 'Too many requests' },
        },
      });
    const id = destination!.messageId ?? `ib-${peer.sends}`;
    if (script === 'invalid')
      return answer(res, 200, {
        messages: [
          {
            messageId: id,
            destination: to,
            status: {
              groupId: 5,
              groupName: 'REJECTED',
              id: 52,
              name: 'REJECTED_DESTINATION',
              description: 'Invalid destination address',
            },
          },
        ],
      });
    peer.messages.push({
      id,
      to,
      sender: m!.sender,
      content: m!.content,
      deliveryUrl: m!.webhooks?.delivery?.url,
      seenUrl: m!.webhooks?.seen?.url,
    });
    answer(res, 200, {
      bulkId: `bulk-${peer.sends}`,
      messages: [
        {
          messageId: id,
          destination: to,
          status: {
            groupId: 1,
            groupName: 'PENDING',
            id: 26,
            name: 'PENDING_ACCEPTED',
            description: 'Message sent to next instance',
          },
        },
      ],
    });
  });
  peer.url = url;
  peer.stop = stopper(server);
  return peer;
}

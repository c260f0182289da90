// Issue 10, finding 3 (SSRF half), as the hostile steps that showed it: an HTTP-call step that
// calls the worker's own loopback, by address, by name, behind an IPv6 spelling, or through a
// redirect, is refused without an allow-list; a name is resolved once and the checked address
// is the one connected to. The peer listens on 127.0.0.1, so "allowed" tests list loopback.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { EgressAllowList, PUBLIC_ONLY, type EgressAllow } from '../core/egress.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { egressFetch, egressRefusalOf } from './egress.ts';
import { httpCallActivities } from './http-call.ts';

let h: Harness;
let port: number;
const hits: string[] = [];
const peer = createServer((req, res) => {
  hits.push(req.url!);
  if (req.url === '/redirect') res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` });
  res.end('{}');
});
before(async () => {
  h = await createHarness();
  await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
  port = (peer.address() as AddressInfo).port;
});
after(async () => {
  peer.close();
  await h?.close();
});

const call = (allow: EgressAllow, url: string) =>
  httpCallActivities({ db: h.db, log: pino({ level: 'silent' }) }, allow).callHttp({
    key: `egress-${url}`,
    customerId: '00000000-0000-0000-0000-000000000000',
    event: { type: 'signed_up', properties: {}, occurredAt: new Date().toISOString() },
    request: { method: 'GET', url },
  });

test('without an allow-list the step refuses loopback by address, name and IPv6 spelling', async () => {
  for (const host of ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]']) {
    await assert.rejects(
      call(PUBLIC_ONLY, `http://${host}:${port}/internal`),
      (err: Error & { type?: string; nonRetryable?: boolean }) => {
        assert.equal(err.type, 'EgressRefused', `${host}: ${err.message}`);
        assert.equal(err.nonRetryable, true, 'a refusal is never retried');
        assert.match(err.message, /loopback address/);
        return true;
      },
    );
  }
  assert.deepEqual(hits, [], 'the peer heard nothing');
});

test('an allow-listed network is called', async () => {
  const result = await call(EgressAllowList.parse('127.0.0.0/8'), `http://127.0.0.1:${port}/ok`);
  assert.deepEqual(result, { ok: true, status: 200 });
  assert.equal(hits.at(-1), '/ok');
});

test('a redirect to an address the policy refuses is refused', async () => {
  hits.length = 0;
  // The name is allow-listed, the address it redirects to is not.
  await assert.rejects(
    call(EgressAllowList.parse('localhost'), `http://localhost:${port}/redirect`),
    /EgressRefused|127\.0\.0\.1 is a loopback address/,
  );
  assert.deepEqual(hits, ['/redirect'], 'the redirect target was never reached');
});

test('a name resolving to a public and a private address is refused; the checked address is connected to', async () => {
  const answers: Record<string, string[]> = {
    'rebind.test': ['93.184.216.34', '127.0.0.1'],
    'pinned.test': ['127.0.0.1'],
  };
  let lookups = 0;
  const resolve = (host: string) => {
    lookups++;
    return Promise.resolve(answers[host] ?? []);
  };
  const refused = await egressFetch(PUBLIC_ONLY, resolve)(`http://rebind.test:${port}/x`, {}).catch(
    (err: unknown) => err,
  );
  assert.match(egressRefusalOf(refused)?.message ?? String(refused), /127\.0\.0\.1 is a loopback/);
  // No system resolver knows pinned.test: reaching the peer shows the socket used the address
  // this check returned, not a second lookup that a rebinding DNS server could answer.
  lookups = 0;
  const allow = EgressAllowList.parse('127.0.0.0/8');
  const answer = await egressFetch(allow, resolve)(`http://pinned.test:${port}/pinned`, {});
  assert.equal(answer.status, 200);
  assert.equal(hits.at(-1), '/pinned');
  assert.equal(lookups, 1);
});

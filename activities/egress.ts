// The one door for requests Herald sends on its own (HTTP-call steps, and webhooks as they come):
// fetch through a connector that resolves the host name itself, checks every address against
// the egress policy (core/egress.ts), and connects to the address it checked. Checking a name
// and letting the socket resolve it again would let a DNS server answer "public" to the check
// and "127.0.0.1" to the connection (DNS rebinding). Every connection passes here, redirects
// included, so a 302 to http://169.254.169.254/ is refused like the first request would be.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, buildConnector, fetch } from 'undici';
import { egressRefusal, type EgressAllow } from '../core/egress.ts';

/** Herald refused to connect: a definite failure, never worth a retry. */
export class EgressRefused extends Error {
  override name = 'EgressRefused';
}

/** Resolves a host name to every address it has (a test may answer for DNS). */
export type Resolve = (host: string) => Promise<string[]>;
const resolveAll: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The address to connect to for `host`, once every address it resolves to is allowed. */
export async function checkedAddress(
  allow: EgressAllow,
  host: string,
  resolve: Resolve = resolveAll,
): Promise<string> {
  // Every answer must pass, not just one: a name that resolves to a public and a private
  // address would otherwise reach the private one whenever the resolver orders it first.
  const addresses = isIP(host) ? [host] : await resolve(host);
  if (addresses.length === 0) throw new EgressRefused(`${host} resolves to no address`);
  for (const address of addresses) {
    const refusal = egressRefusal(allow, host, address);
    if (refusal) throw new EgressRefused(`Herald does not call ${host}: ${refusal}`);
  }
  return addresses[0]!;
}

export type EgressFetch = (
  url: string,
  init: Parameters<typeof fetch>[1],
) => ReturnType<typeof fetch>;

/** A fetch that reaches only the addresses the policy allows. */
export function egressFetch(allow: EgressAllow, resolve?: Resolve): EgressFetch {
  const connect = buildConnector({});
  const dispatcher = new Agent({
    connect: (options, callback) => {
      // undici keeps IPv6 literals in brackets; the socket wants the bare address.
      const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
      checkedAddress(allow, host, resolve).then(
        // `host` (name and port) is kept, so TLS still names and verifies the host name.
        (address) => connect({ ...options, hostname: address }, callback),
        (err: Error) => callback(err, null),
      );
    },
  });
  return (url, init) => fetch(url, { ...init, dispatcher });
}

/** The EgressRefused behind a failed fetch, if that is why it failed. */
export function egressRefusalOf(err: unknown): EgressRefused | undefined {
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof EgressRefused) return e;
  return undefined;
}

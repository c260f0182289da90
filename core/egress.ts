// Where Herald may send its own requests (issue 10, finding 3): an HTTP-call step's URL is
// written by a marketer and filled in from customer data, so without a policy the worker would
// call its own loopback, the private network it runs in, or the cloud's metadata service
// (169.254.169.254) for anyone who can draw a campaign. Only public unicast addresses are
// reached, unless ops allow-list a network or a host name in EGRESS_ALLOW.
// This module decides; activities/egress.ts resolves names and connects only to what it allowed.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** Networks and host names ops allow-listed (EGRESS_ALLOW). */
export interface EgressAllow {
  networks: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  /** Lower-case host names allowed whatever they resolve to. */
  hosts: string[];
}

// Public unicast addresses that are nonetheless cloud metadata or host-agent services.
const METADATA = ['168.63.129.16/32', 'fd00:ec2::254/128'].map((c) => ipaddr.parseCIDR(c));

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;

/** One EGRESS_ALLOW entry: a CIDR, one address, or a host name. */
function parseEntry(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | string | undefined {
  if (ipaddr.isValidCIDR(entry)) return ipaddr.parseCIDR(entry);
  if (ipaddr.isValid(entry)) {
    const address = ipaddr.process(entry);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  }
  return HOST_NAME.test(entry) ? entry.toLowerCase() : undefined;
}

/** EGRESS_ALLOW: entries separated by commas or spaces, e.g. "10.0.0.0/8, crm.internal". */
export const EgressAllowList = z
  .string()
  .default('')
  .transform((value, ctx): EgressAllow => {
    const allow: EgressAllow = { networks: [], hosts: [] };
    for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
      const parsed = parseEntry(entry);
      if (parsed === undefined)
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is no CIDR, address or host name: write e.g. 10.0.0.0/8, 127.0.0.1 or crm.internal`,
        });
      else if (typeof parsed === 'string') allow.hosts.push(parsed);
      else allow.networks.push(parsed);
    }
    return allow;
  });

/** The empty policy: public unicast addresses only. */
export const PUBLIC_ONLY: EgressAllow = { networks: [], hosts: [] };

/**
 * Why Herald must not connect to `address` (which `host` resolved to), or undefined when it
 * may. An allow-listed host name or network wins; otherwise only public unicast passes.
 */
export function egressRefusal(
  allow: EgressAllow,
  host: string,
  address: string,
): string | undefined {
  if (allow.hosts.includes(host.toLowerCase())) return undefined;
  if (!ipaddr.isValid(address)) return `"${address}" is no IP address`;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it reaches.
  const ip = ipaddr.process(address);
  const inNetwork = (network: [ipaddr.IPv4 | ipaddr.IPv6, number]) =>
    ip.kind() === network[0].kind() && ip.match(network);
  if (allow.networks.some(inNetwork)) return undefined;
  if (METADATA.some(inNetwork)) return `${address} is a cloud metadata address`;
  const range = ip.range();
  if (range !== 'unicast')
    return `${address} is a ${range} address: add it to EGRESS_ALLOW to let Herald call it`;
  return undefined;
}

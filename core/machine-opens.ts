// Opens that machines make, so that open rates mean people. Apple Mail Privacy Protection
// fetches every image of a message through Apple's proxies as soon as it reaches the device,
// read or not; corporate security scanners (Proofpoint, Mimecast, Barracuda, Microsoft's
// Safe Links) fetch them to check the message. They give themselves away by their user agent,
// their network, or their speed: nobody reads a message within seconds of its delivery.
import ipaddr from 'ipaddr.js';

/** User agents of proxies, scanners and scripts; matched case-insensitively. */
const MACHINE_AGENTS: readonly [RegExp, string][] = [
  [
    /proofpoint|mimecast|barracuda|symantec|forcepoint|trendmicro|sophos|fireeye|messagelabs/i,
    'security scanner',
  ],
  [/safelinks|protectionservice|microsoft office protection/i, 'security scanner'],
  [
    /bot\b|crawler|spider|scanner|headless|python-requests|curl\/|wget\/|go-http-client|java\//i,
    'automated client',
  ],
];

/**
 * Apple's own network (17.0.0.0/8), from which Mail Privacy Protection's prefetch arrives. The
 * prefetch also sends the bare user agent "Mozilla/5.0", which no mail client a person reads
 * with sends.
 */
const MACHINE_NETWORKS: readonly [string, string][] = [
  ['17.0.0.0/8', 'Apple Mail Privacy Protection'],
];
const networks = MACHINE_NETWORKS.map(([cidr, why]) => [ipaddr.parseCIDR(cidr), why] as const);

/** An open this soon after the message reached the server was not made by a reader. */
export const MACHINE_SECONDS = 5;

export interface OpenSeen {
  userAgent?: string;
  ip?: string;
  /** When the provider reported the message delivered, if it did. */
  deliveredAt?: Date;
  at: Date;
}

/** Why the open is a machine's, or undefined for a person's. */
export function machineOpenReason(open: OpenSeen): string | undefined {
  const agent = open.userAgent?.trim() ?? '';
  if (agent === 'Mozilla/5.0') return 'Apple Mail Privacy Protection';
  for (const [pattern, why] of MACHINE_AGENTS) if (pattern.test(agent)) return why;
  if (open.ip && ipaddr.isValid(open.ip)) {
    let address = ipaddr.parse(open.ip);
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress())
      address = (address as ipaddr.IPv6).toIPv4Address();
    for (const [[range, bits], why] of networks)
      if (address.kind() === range.kind() && address.match(range, bits)) return why;
  }
  if (open.deliveredAt && open.at.getTime() - open.deliveredAt.getTime() < MACHINE_SECONDS * 1000)
    return 'opened within seconds of delivery';
  return undefined;
}

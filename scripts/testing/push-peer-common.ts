// What the push providers' test peers share: a test CA and a server certificate it signs for
// the providers' host names (so TLS verifies as it would against Google or Apple), and the
// scripted answers by the token's last digits, as in scripts/testing/smsc.ts: ...0000 the token
// is gone, ...1111 busy once, ...2222 never answered.
import { generateKeyPairSync } from 'node:crypto';
import selfsigned from 'selfsigned';
import { BUSY_ONCE_SUFFIX, INVALID_SUFFIX, SILENT_SUFFIX } from './smsc.ts';

export interface TestTls {
  /** The CA a gateway is told to trust (settings.caCertificate). */
  ca: string;
  key: string;
  cert: string;
}

export async function testTls(hosts: string[]): Promise<TestTls> {
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'Herald test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await selfsigned.generate([{ name: 'commonName', value: hosts[0]! }], {
    keySize: 2048,
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map((h) =>
          /^[\d.]+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h },
        ),
      },
    ],
  });
  return { ca: ca.cert, key: server.private, cert: server.cert };
}

/** A fresh key pair in PEM: a service account's RSA key, an APNs .p8 (P-256) key. */
export function pemKeys(kind: 'rsa' | 'p256') {
  const { privateKey, publicKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey,
  };
}

export type Scripted = 'gone' | 'busy' | 'silent' | undefined;

/** The answer a token asks for; undefined means accept. */
export function scriptedToken(token: string, busy: Set<string>): Scripted {
  if (token.endsWith(INVALID_SUFFIX)) return 'gone';
  if (token.endsWith(SILENT_SUFFIX)) return 'silent';
  if (token.endsWith(BUSY_ONCE_SUFFIX) && !busy.has(token)) {
    busy.add(token);
    return 'busy';
  }
  return undefined;
}

export interface PushPeerMessage {
  token: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** Huawei: the requestId answered, and the android.bi_tag sent; both come back in receipts. */
  requestId?: string;
  biTag?: string;
}

/** What every peer offers a test: what it received and how many sends it was asked for. */
export interface PushPeer {
  /** Where a gateway connects: "127.0.0.1:port", or a base URL for Huawei. */
  address: string;
  port: number;
  ca: string;
  messages: PushPeerMessage[];
  sends: number;
  stop(): Promise<void>;
}

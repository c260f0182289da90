// Secrets Herald must read back (HMAC signing secrets, provider credentials) are encrypted at
// rest with AES-256-GCM under a key derived from HERALD_SECRET (DESIGN decision 10). GCM also
// authenticates: a tampered ciphertext fails to open instead of yielding a wrong secret.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function keyFor(masterSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterSecret, 'herald', purpose, 32));
}

export function seal(masterSecret: string, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(masterSecret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((p) => p.toString('base64url'));
  return [VERSION, ...parts].join('.');
}

export function open(masterSecret: string, purpose: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined)
    throw new Error('not a sealed secret');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyFor(masterSecret, purpose),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

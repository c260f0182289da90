// Identity verification for the JS tracker's identify (issue 10, finding 1). The public key in a
// page names a site, not a person, and any script can send any Origin header, so "identify as
// customer-42" proves nothing by itself. The site's server vouches instead: it signs the
// external ID of the signed-in customer with the site's identity secret (as Intercom's and
// Segment's identity verification do) and the page passes that user hash to identify.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The user hash a site's server computes: HMAC-SHA256 of the external ID, in hex. */
export function userHash(identitySecret: string, externalId: string): string {
  return createHmac('sha256', identitySecret).update(externalId, 'utf8').digest('hex');
}

/** Whether `hash` vouches for `externalId`; compared in constant time. */
export function userHashMatches(identitySecret: string, externalId: string, hash: string): boolean {
  const expected = Buffer.from(userHash(identitySecret, externalId), 'hex');
  const given = Buffer.from(hash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

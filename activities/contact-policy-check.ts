// The contact policy on the send path (issue 15): one query (db/contact-policy.ts policyContext)
// and a pure verdict (core/contact-policy.ts). Called by the send activities after the claim, so
// a message it holds back is recorded as skipped with the rule, and the journey goes on by its
// "not delivered" exit as for any skipped send.
import { type PolicyVerdict, policyVerdict, usableZone } from '../core/contact-policy.ts';
import type { Db } from '../db/connection.ts';
import { type PolicyContext, policyContext } from '../db/contact-policy.ts';

export async function contactPolicyCheck(
  db: Db,
  send: { customerId: string; idempotencyKey: string; channel: string; messagingType?: string },
  /** The profile the send reads anyway: its time zone counts the local days. */
  profile: Promise<{ time_zone: string } | undefined>,
): Promise<PolicyVerdict> {
  const messagingType = send.messagingType ?? 'promo';
  const [ctx, customer] = await Promise.all([
    policyContext(db, send.customerId, send.idempotencyKey, messagingType),
    profile,
  ]);
  return verdictFor(ctx, { ...send, messagingType }, customer?.time_zone);
}

/** The verdict from a policy context read already (an email reads it with all else it needs). */
export const verdictFor = (
  ctx: PolicyContext,
  send: { channel: string; messagingType: string },
  timeZone: string | null | undefined,
): PolicyVerdict =>
  policyVerdict(ctx.policy, {
    channel: send.channel,
    messagingType: send.messagingType,
    transactional: ctx.transactional,
    inControlGroup: ctx.inControlGroup,
    timeZone: usableZone(timeZone ?? undefined, ctx.accountZone),
    now: new Date(),
    recent: ctx.recent,
  });

// A Segment message through Herald's one pipeline (core/segment-mapping.ts says what each becomes):
// the person is found as the JS tracker finds a visitor (a userId is the customer's external ID;
// an anonymousId alone is an anonymous profile, joined to the known customer by identify or
// alias), then the message is recorded as the event or receipt it maps to. The messageId is the
// idempotency key, so a redelivered message counts once.
import { badRequest, HeraldError, zodProblems } from '../core/errors.ts';
import { ReceiptInput } from '../core/receipt.ts';
import { mapSegmentMessage, receiptField } from '../core/segment-mapping.ts';
import { occurredAt, type SegmentMessage, type SegmentType } from '../core/segment-message.ts';
import { attributesFromTraits, traitField } from '../core/segment-traits.ts';
import { rememberSegmentMessage, segmentMessageSeen } from '../db/segment-sources.ts';
import { customerOfVisitor, identifyVisitor } from '../db/tracker.ts';
import type { Pipeline } from './pipeline.ts';
import { ingestReceipt } from './receipts.ts';

/** Where a message came from: the source's name, the caller's address, when it arrived. */
export interface SegmentOrigin {
  source: string;
  ip?: string;
  receivedAt: Date;
  /** The batch's sentAt, which corrects the device's clock (core/segment-message.ts). */
  batchSentAt?: string;
}

export interface SegmentResult {
  type: SegmentType;
  customerId: string;
  /** True when this messageId was seen before: nothing was stored again. */
  duplicate: boolean;
  eventId?: string;
  receiptId?: string;
  /** identify and alias: the anonymous visitor's events moved to the known customer. */
  eventsMerged?: number;
}

/** Segment's anonymous IDs live beside the JS tracker's visitor IDs, apart from them. */
const visitorOf = (anonymousId: string) => `segment:${anonymousId}`;
/** messageIds are unique across Segment's sources (UUIDs), so one key space serves them all. */
const keyOf = (messageId: string | undefined) => messageId && `segment:${messageId}`;

/**
 * Messages of one person run in the order sent: keyed by the anonymous ID when there is one, so
 * that an identify never joins a visitor while that visitor's earlier event is being stored.
 */
export const segmentOrderKey = (m: SegmentMessage) =>
  m.type === 'alias' ? `a:${m.previousId}` : m.anonymousId ? `a:${m.anonymousId}` : `u:${m.userId}`;

/** A refusal whose fields are renamed to the message's own names. */
async function named<T>(rename: (field: string) => string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof HeraldError)) throw err;
    const problems = err.problems.map((p) => ({ ...p, field: rename(p.field) }));
    throw new HeraldError(err.status, err.code, err.message, problems);
  }
}

export async function ingestSegment(
  pipeline: Pipeline,
  m: SegmentMessage,
  origin: SegmentOrigin,
): Promise<SegmentResult> {
  const source = `segment:${origin.source}`;
  const { db } = pipeline.deps;
  const known = (externalId: string, attributes?: Parameters<Pipeline['resolve']>[0]['customer']) =>
    pipeline.resolve({ externalId, customer: attributes }, '', source);

  if (m.type === 'identify' || m.type === 'alias') {
    // These store no event whose key could tell a redelivery: the messageId is remembered instead,
    // so a replayed identify cannot put back traits the customer has changed since.
    const duplicate = m.messageId !== undefined && (await segmentMessageSeen(db, m.messageId));
    let result: SegmentResult;
    if (m.type === 'alias') {
      const customerId = await known(m.userId!);
      const { eventsMerged } = duplicate
        ? { eventsMerged: 0 }
        : await identifyVisitor(db, visitorOf(m.previousId!), customerId);
      result = { type: m.type, customerId, duplicate, eventsMerged };
    } else if (!m.userId) {
      // Herald keeps attributes on known customers: an anonymous identify only makes the visitor.
      result = {
        type: m.type,
        customerId: await customerOfVisitor(db, visitorOf(m.anonymousId!)),
        duplicate,
      };
    } else {
      const attributes = duplicate ? undefined : attributesFromTraits(m.traits ?? {}, m.context);
      const customerId = await named(traitField, () => known(m.userId!, attributes));
      const { eventsMerged } =
        m.anonymousId && !duplicate
          ? await identifyVisitor(db, visitorOf(m.anonymousId), customerId)
          : { eventsMerged: 0 };
      result = { type: m.type, customerId, duplicate, eventsMerged };
    }
    if (m.messageId && !duplicate) await rememberSegmentMessage(db, m.messageId);
    return result;
  }

  const customerId = m.userId
    ? await known(m.userId)
    : await customerOfVisitor(db, visitorOf(m.anonymousId!));
  const when = occurredAt(m, origin.receivedAt, origin.batchSentAt);
  const action = mapSegmentMessage(m, origin.ip);
  if (action.kind === 'receipt') {
    const parsed = ReceiptInput.safeParse({
      ...action.receipt,
      customerId,
      occurredAt: when ?? origin.receivedAt.toISOString(),
      idempotencyKey: keyOf(m.messageId),
      source,
    });
    if (!parsed.success)
      throw badRequest(
        'This Order Completed does not describe a receipt Herald can store',
        zodProblems(parsed.error).map((p) => ({ ...p, field: receiptField(p.field) })),
      );
    const receipt = await named(receiptField, () => ingestReceipt(pipeline, parsed.data));
    return {
      type: m.type,
      customerId,
      duplicate: receipt.outcome === 'duplicate',
      receiptId: receipt.receipt.id,
      ...(receipt.purchaseEventId && { eventId: receipt.purchaseEventId }),
    };
  }
  if (action.kind !== 'event') throw new Error(`unexpected ${action.kind} for ${m.type}`);
  const recorded = await pipeline.record({
    customerId,
    type: action.type,
    properties: action.properties,
    occurredAt: when,
    idempotencyKey: keyOf(m.messageId),
    source,
  });
  return { type: m.type, customerId, duplicate: recorded.duplicate, eventId: recorded.event.id };
}

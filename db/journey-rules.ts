// The condition rules that need Postgres: events within a period, segment membership, the
// status of a message the journey sent, subscription and reachability.
import { eventMatches } from '../core/conditions.ts';
import { durationMs, type MessageStatus } from '../core/graph.ts';
import type { z } from 'zod';
import type {
  EventWithinRule,
  MessageStatusRule,
  ReachableRule,
  SegmentRule,
  SubscriptionRule,
} from '../core/graph.ts';
import type { Db } from './connection.ts';
import { reachability } from './reachability.ts';
import { inSegmentOrAudience } from './trigger-audiences.ts';
import { MESSAGE_PROGRESS } from '../core/message-status.ts';

export type DbRule =
  | z.infer<typeof EventWithinRule>
  | z.infer<typeof SegmentRule>
  | z.infer<typeof MessageStatusRule>
  | z.infer<typeof SubscriptionRule>
  | z.infer<typeof ReachableRule>;

/** How far a message got (sent, delivered, opened, clicked). */
const progress: Partial<Record<MessageStatus, number>> = MESSAGE_PROGRESS;

export async function checkDbRule(
  db: Db,
  customerId: string,
  rule: DbRule,
  messageKey?: string,
): Promise<boolean> {
  switch (rule.kind) {
    case 'eventWithin': {
      const since = new Date(Date.now() - durationMs(rule.within));
      const events = await db('events')
        .where({ customer_id: customerId, type: rule.eventType })
        .where('occurred_at', '>=', since)
        .orderBy('occurred_at', 'desc')
        .limit(1000)
        .select<{ type: string; properties: Record<string, unknown> }[]>('type', 'properties');
      return events.some((e) => eventMatches(rule, e));
    }
    case 'segment': {
      // A static audience is selectable wherever a segment is (db/trigger-audiences.ts).
      const row = await db('customers as c')
        .where('c.id', customerId)
        .where((w) => inSegmentOrAudience(db, w, rule.segmentId))
        .first<{ id: string } | undefined>('c.id');
      return (row !== undefined) === rule.member;
    }
    case 'messageStatus': {
      if (!messageKey) return false;
      // A cascade keys each channel it tried as "<key>:<channel>".
      const statuses = await db('messages as m')
        .leftJoin('message_status_history as h', 'h.message_id', 'm.id')
        .where((q) =>
          q
            .where('m.idempotency_key', messageKey)
            .orWhereLike('m.idempotency_key', `${messageKey}:%`),
        )
        .select<{ current: string; seen: string | null }[]>(
          'm.status as current',
          'h.status as seen',
        );
      const reached = new Set(statuses.flatMap((s) => [s.current, s.seen ?? s.current]));
      const wanted = progress[rule.status];
      if (wanted === undefined) return reached.has(rule.status);
      return [...reached].some((s) => (progress[s as MessageStatus] ?? 0) >= wanted);
    }
    case 'subscription': {
      const row = await db('subscriptions')
        .where({ customer_id: customerId, channel: rule.channel })
        .whereIn('messaging_type', [rule.messagingType, 'all'])
        .orderBy('updated_at', 'desc')
        .first<{ subscribed: boolean } | undefined>('subscribed');
      // No record is no objection: customers are subscribed until they say otherwise.
      return row?.subscribed ?? true;
    }
    case 'reachable':
      return (await reachability(db, customerId, rule.channel)).ok;
  }
}

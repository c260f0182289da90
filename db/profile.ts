// What the 360° profile reads besides the customer, metrics, receipts and points: the events
// timeline (paged), messages with their status history, and the campaigns entered.
import type { CampaignEntered, EventsPage, MessageHistory } from '../core/profile.ts';
import type { Db } from './connection.ts';
import { cursorTime, decodeCursor, pageOf } from './cursor.ts';
import type { EntryRow } from './entries.ts';
import type { MessageRow } from './messages.ts';
import { latestStatus } from '../core/message-status.ts';

/**
 * A page of the customer's events, newest first. The cursor is the last event's time and ID,
 * so events that arrive while someone pages never shift or repeat a page.
 */
export async function eventsPage(
  db: Db,
  customerId: string,
  page: { limit: number; before?: string; types?: string[] },
): Promise<EventsPage> {
  const q = db('events')
    .where({ customer_id: customerId })
    .orderBy([
      { column: 'occurred_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.limit + 1);
  if (page.types) void q.whereIn('type', page.types);
  if (page.before) {
    const [at, id] = decodeCursor(page.before);
    void q.whereRaw('(occurred_at, id) < (?, ?)', [at, id]);
  }
  const found = await q.select<
    {
      id: string;
      type: string;
      properties: Record<string, unknown>;
      occurred_at: Date;
      source: string | null;
      cursor_at: string;
    }[]
  >('id', 'type', 'properties', 'occurred_at', 'source', db.raw(cursorTime('occurred_at')));
  const { rows, next } = pageOf(found, page.limit, (r) => r.cursor_at);
  const events = rows.map((r) => ({
    id: r.id,
    type: r.type,
    properties: r.properties,
    occurredAt: r.occurred_at.toISOString(),
    source: r.source,
  }));
  return { events, next };
}

/** The customer's messages, newest first, each with every status it went through. */
export async function messagesWithHistory(
  db: Db,
  customerId: string,
  limit: number,
): Promise<MessageHistory[]> {
  const rows = await db('messages as m')
    .leftJoin('campaigns as c', 'c.id', 'm.campaign_id')
    .where('m.customer_id', customerId)
    .orderBy('m.created_at', 'desc')
    .limit(limit)
    .select<(MessageRow & { campaign_name: string | null })[]>('m.*', 'c.name as campaign_name');
  const history = await db('message_status_history')
    .whereIn(
      'message_id',
      rows.map((r) => r.id),
    )
    .orderBy(['message_id', 'at', 'id'])
    .select<{ message_id: string; status: string; detail: string | null; at: Date }[]>('*');
  return rows.map((r) => {
    const steps = history.filter((h) => h.message_id === r.id);
    return {
      id: r.id,
      channel: r.channel,
      subject: r.subject,
      toAddress: r.to_address,
      // Opened or clicked, when its history says so: the row keeps only the sending outcome.
      status: latestStatus(r.status, steps),
      error: r.error,
      campaignId: r.campaign_id,
      campaignName: r.campaign_name,
      createdAt: r.created_at.toISOString(),
      history: steps.map((h) => ({ status: h.status, detail: h.detail, at: h.at.toISOString() })),
    };
  });
}

export async function campaignsEntered(
  db: Db,
  customerId: string,
  limit: number,
): Promise<CampaignEntered[]> {
  const rows = await db('campaign_entries as e')
    .join('campaigns as c', 'c.id', 'e.campaign_id')
    .where('e.customer_id', customerId)
    .orderBy('e.entered_at', 'desc')
    .limit(limit)
    .select<(EntryRow & { campaign_name: string })[]>('e.*', 'c.name as campaign_name');
  return rows.map((e) => ({
    id: e.id,
    campaignId: e.campaign_id,
    campaignName: e.campaign_name,
    version: e.version,
    entryNumber: e.entry_number,
    status: e.status,
    currentNode: e.current_node,
    workflowId: e.workflow_id,
    enteredAt: e.entered_at.toISOString(),
    finishedAt: e.finished_at?.toISOString() ?? null,
  }));
}

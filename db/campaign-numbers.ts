// The campaign list's numbers per campaign: journeys entered, messages sent, and conversions.
// A conversion here is simply a receipt of the customer within ATTRIBUTION_DAYS after one of
// the campaign's sends, counted once per campaign; the analytics reports attribute properly
// (one receipt to one send, by model). Test runs of drafts are left out.
import type { Db } from './connection.ts';

export const ATTRIBUTION_DAYS = 7;
/** Statuses of a message that went out: not failed, skipped, still sending or bounced. */
const WENT_OUT = ['sent', 'delivered', 'unknown'];

export interface CampaignNumbers {
  entries: number;
  sends: number;
  conversions: number;
}

export async function campaignNumbers(db: Db): Promise<Map<string, CampaignNumbers>> {
  const [entries, sends, conversions] = await Promise.all([
    db('campaign_entries')
      .where({ test: false })
      .groupBy('campaign_id')
      .select<{ campaign_id: string; n: number }[]>('campaign_id', db.raw('count(*)::int as n')),
    db('messages')
      .whereNotNull('campaign_id')
      .where({ test: false })
      .whereIn('status', WENT_OUT)
      .groupBy('campaign_id')
      .select<{ campaign_id: string; n: number }[]>('campaign_id', db.raw('count(*)::int as n')),
    db('messages as m')
      .join('receipts as r', function () {
        this.on('r.customer_id', 'm.customer_id')
          .andOn('r.occurred_at', '>=', 'm.created_at')
          .andOn(
            'r.occurred_at',
            '<',
            db.raw(`m.created_at + make_interval(days => ${ATTRIBUTION_DAYS})`),
          );
      })
      .whereNotNull('m.campaign_id')
      .where('m.test', false)
      .whereIn('m.status', WENT_OUT)
      .groupBy('m.campaign_id')
      .select<{ campaign_id: string; n: number }[]>(
        'm.campaign_id',
        db.raw('count(distinct r.id)::int as n'),
      ),
  ]);
  const numbers = new Map<string, CampaignNumbers>();
  const of = (id: string) => {
    let n = numbers.get(id);
    if (!n) numbers.set(id, (n = { entries: 0, sends: 0, conversions: 0 }));
    return n;
  };
  for (const r of entries) of(r.campaign_id).entries = r.n;
  for (const r of sends) of(r.campaign_id).sends = r.n;
  for (const r of conversions) of(r.campaign_id).conversions = r.n;
  return numbers;
}

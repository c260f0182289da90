// The email mailing the fault run sends while it kills things: N eligible recipients in one city,
// beside some the mailing must not reach (no email address, unsubscribed from promotions), a
// segment of that city, and a mailing to it. Then what the mailing did, by recipient, against
// what the SMTP sink received.
import type { MailingAnswer } from '../core/contract/mailings.ts';
import type { SegmentAnswer } from '../core/contract/segments.ts';
import type { Harness } from '../scripts/testing/harness.ts';

const CITY = 'Faultville';
export const mailingAddress = (i: number) => `m-${i}@mailing.local`;
const isMailingAddress = (a: string) => a.endsWith('@mailing.local');

/** Creates the audience and the mailing (not started); the mailing's id. */
export async function prepareMailing(h: Harness, recipients: number, ineligible: number) {
  await h.db.raw(
    `insert into customers (external_id, email, first_name, city)
     select 'm-' || i, 'm-' || i || '@mailing.local', 'Reader ' || i, ?
     from generate_series(0, ? - 1) as i`,
    [CITY, recipients + ineligible],
  );
  // The first `ineligible` without an address, the next as many unsubscribed from promotions.
  await h.db.raw(
    `update customers set email = null where city = ? and external_id = any(?::text[])`,
    [CITY, Array.from({ length: ineligible }, (_, i) => `m-${i}`)],
  );
  await h.db.raw(
    `insert into subscriptions (customer_id, channel, messaging_type, subscribed, source)
     select id, 'email', 'promo', false, 'bench' from customers
     where city = ? and external_id = any(?::text[])`,
    [CITY, Array.from({ length: ineligible }, (_, i) => `m-${ineligible + i}`)],
  );
  const segment = await h.api('/v1/segments', {
    body: {
      name: 'Faultville',
      rules: {
        kind: 'group',
        match: 'all',
        children: [{ kind: 'attribute', field: 'city', test: { op: 'equals', value: CITY } }],
      },
    },
  });
  const template = await h.api('/v1/templates', {
    body: {
      name: 'Fault news',
      subject: 'News for {{ customer.firstName }}',
      mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{ customer.firstName }}, the news.</mj-text></mj-column></mj-section></mj-body></mjml>',
    },
  });
  const mailing = await h.api('/v1/mailings', {
    body: {
      name: 'Fault news',
      channel: 'email',
      templateId: (template.body as { template: { id: string } }).template.id,
      audience: { include: { segments: [(segment.body as SegmentAnswer).segment.id] } },
    },
  });
  if (mailing.status !== 201) throw new Error(`mailing: ${JSON.stringify(mailing.body)}`);
  return (mailing.body as MailingAnswer).mailing.id;
}

/** Messages of the mailing the worker recorded as sent (the progress a fault lands in). */
export async function mailingSent(h: Harness, id: string): Promise<number> {
  const [row] = await h
    .db('messages')
    .where({ mailing_id: id, status: 'sent' })
    .count<{ n: string }[]>('* as n');
  return Number(row!.n);
}

/** Who the mailing had to reach, against what arrived at the sink. */
export async function mailingOutcome(h: Harness, id: string, received: Map<string, number>) {
  const recipients = await h
    .db('mailing_recipients')
    .where({ mailing_id: id })
    .select<{ address: string | null; state: string; reason: string | null }[]>(
      'address',
      'state',
      'reason',
    );
  const eligible = new Set(
    recipients.filter((r) => r.state !== 'excluded').map((r) => r.address!.toLowerCase()),
  );
  const excluded = recipients.filter((r) => r.state === 'excluded');
  let messages = 0;
  let duplicates = 0;
  let unexpected = 0;
  for (const [address, n] of received) {
    if (!isMailingAddress(address)) continue;
    messages += n;
    duplicates += n - 1;
    if (!eligible.has(address)) unexpected += n;
  }
  const lost = [...eligible].filter((a) => !received.has(a));
  const statuses = await h
    .db('messages')
    .where({ mailing_id: id })
    .groupBy('status')
    .select<{ status: string; n: string }[]>('status', h.db.raw('count(*) as n'));
  return {
    eligible: eligible.size,
    excluded: excluded.length,
    excludedWhy: [...new Set(excluded.map((r) => r.reason))].join(', '),
    messages,
    duplicates,
    unexpected,
    lost,
    statuses: statuses.map((s) => `${s.status} ${s.n}`).join(', '),
  };
}

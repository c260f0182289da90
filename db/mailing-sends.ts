// A mailing's email outcomes written many at once (activities/mailing-email.ts groups them):
// the attempts counted as emails are handed to the gateway, and the emails sent with their
// history rows, each one statement for the whole group.
import type { Db } from './connection.ts';

/** Emails handed to the gateway: one attempt more each, after which a crash leaves them unknown. */
export async function noteHandedOverMany(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.raw('update messages set attempts = attempts + 1 where id = any(?::uuid[])', [ids]);
}

export interface SentEmail {
  id: string;
  subject: string;
  providerMessageId: string;
}

/** Emails the gateway took: "sent", with their subject and provider ID, and a history row each. */
export async function recordEmailsSent(db: Db, sent: SentEmail[]): Promise<void> {
  if (sent.length === 0) return;
  await db.raw(
    `with s as (
       select * from unnest(?::uuid[], ?::text[], ?::text[]) as s(id, subject, provider_message_id)
     ), updated as (
       update messages m set status = 'sent', subject = s.subject,
         provider_message_id = s.provider_message_id, updated_at = now()
       from s where m.id = s.id
       returning m.id, s.provider_message_id
     )
     insert into message_status_history (message_id, status, detail)
     select id, 'sent', provider_message_id from updated`,
    [sent.map((s) => s.id), sent.map((s) => s.subject), sent.map((s) => s.providerMessageId)],
  );
}

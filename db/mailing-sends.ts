// A mailing's email outcomes written many at once (activities/mailing-email.ts groups them): the
// emails sent with their history rows, one statement for the whole group. (Their attempts are
// counted at their commit points, activities/send-commit.ts.)
import type { Db } from './connection.ts';

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

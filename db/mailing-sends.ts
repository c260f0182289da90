// A mailing's email outcomes written many at once: the emails sent, with their history rows, in
// one statement for the whole group. activities/send-commit.ts writes them inside the transaction
// of the next commit point's marks (so a busy mailing pays no statement or commit of its own for
// them), or on their own when no mark is on the way. (Their attempts are counted at their commit
// points.)
import pg from 'pg';
import type { Db } from './connection.ts';

export interface SentEmail {
  id: string;
  subject: string;
  providerMessageId: string;
}

/** The statement, for the rows given as an SQL jsonb expression. */
const sentSql = (rows: string) =>
  `with s as (
     select * from jsonb_to_recordset(${rows}::jsonb) as s(id uuid, subject text, provider_message_id text)
   ), updated as (
     update messages m set status = 'sent', subject = s.subject,
       provider_message_id = s.provider_message_id, updated_at = now()
     from s where m.id = s.id
     returning m.id, s.provider_message_id
   )
   insert into message_status_history (message_id, status, detail)
   select id, 'sent', provider_message_id from updated`;

const rowsJson = (sent: SentEmail[]) =>
  JSON.stringify(
    sent.map((s) => ({ id: s.id, subject: s.subject, provider_message_id: s.providerMessageId })),
  );

/** Emails the gateway took: "sent", with their subject and provider ID, and a history row each. */
export async function recordEmailsSent(db: Db, sent: SentEmail[]): Promise<void> {
  if (sent.length === 0) return;
  await db.raw(sentSql('?'), [rowsJson(sent)]);
}

/**
 * The same as one literal statement, for the simple protocol, where it shares a round trip with
 * others (activities/send-commit.ts). Its one value is a JSON document quoted by pg's own
 * escapeLiteral: the subjects are the recipients' rendered text.
 */
export const emailsSentStatement = (sent: SentEmail[]): string =>
  sentSql(pg.escapeLiteral(rowsJson(sent)));

// Machine opens (core/machine-opens.ts), kept apart from a person's: a row each with why it was
// judged a machine's, and the first one's time on the message, so reports can show them beside
// the person opens without counting them as such.
import type { Db } from './connection.ts';

export async function recordMachineOpen(
  db: Db,
  messageId: string,
  seen: { reason: string; userAgent?: string; ip?: string },
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('machine_opens').insert({
      message_id: messageId,
      reason: seen.reason,
      user_agent: seen.userAgent?.slice(0, 500) ?? null,
      ip: seen.ip ?? null,
    });
    await trx('messages')
      .where({ id: messageId })
      .update({ machine_opened_at: trx.raw('coalesce(machine_opened_at, now())') });
  });
}

/**
 * When the provider reported the message delivered. Not the send: an SMTP relay's acceptance is
 * not the recipient's mailbox, and a reader can be quick after a send that sat in a queue.
 */
export async function deliveredAtOf(db: Db, messageId: string): Promise<Date | undefined> {
  const row = await db('messages')
    .where({ id: messageId })
    .first<{ at: Date | null } | undefined>('delivered_at as at');
  return row?.at ?? undefined;
}

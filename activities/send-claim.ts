// The first step of every send, whatever its channel: claim the message by its key, or learn
// what an earlier attempt did. An attempt that vanished mid-send (a worker crash) may have
// reached the provider, so it is recorded as "unknown" rather than sent again; an email's
// attempt that vanished before its commit point (activities/send-commit.ts: just before SMTP's
// final dot) certainly did not, and is sent again.
import {
  claimMessage,
  type MessageRow,
  type MessageStatus,
  type NewMessage,
  setMessageStatus,
  type StepsBefore,
} from '../db/messages.ts';
import type { ActivityDeps } from './deps.ts';

/** A send's outcome for the journey: a report that came in since (delivered, bounced) means "sent". */
export type SendOutcome = Exclude<MessageStatus, 'delivered' | 'bounced'>;
export const outcomeOf = (status: MessageStatus): SendOutcome =>
  status === 'delivered' || status === 'bounced' ? 'sent' : status;

export interface SendResult {
  messageId: string;
  status: SendOutcome;
}

export type Claim =
  | { message: MessageRow; fresh: boolean; settled?: never }
  | { settled: SendResult; message?: never; fresh?: never };

export async function claimSend(
  { db, log }: Pick<ActivityDeps, 'db' | 'log'>,
  m: NewMessage,
  stepsBefore?: StepsBefore,
  first?: Parameters<typeof claimMessage>[3],
): Promise<Claim> {
  const { row: message, fresh } = await claimMessage(db, m, stepsBefore, first);
  const settled = (status: MessageStatus) => ({
    settled: { messageId: message.id, status: outcomeOf(status) },
  });
  if (!fresh && message.status !== 'sending') return settled(message.status);
  // Emails record their commit point; other channels' providers have none to record.
  const mayHaveSent =
    m.channel === 'email' ? message.committed_at !== null : message.error === null;
  if (!fresh && mayHaveSent) {
    await setMessageStatus(db, message.id, 'unknown', {
      error: 'an earlier attempt stopped mid-send',
    });
    log.warn(
      { messageId: message.id, channel: m.channel },
      'send outcome unknown after a crashed attempt; not resending',
    );
    return settled('unknown');
  }
  return { message, fresh };
}

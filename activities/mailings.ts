// The mailing workflow's activities: when to start, freezing the audience, and sending one batch
// of due recipients. A batch claims all its messages in one statement, keyed by mailing and
// customer, so a retried or replayed batch sends nobody twice: a message an earlier attempt
// sent is done; one it noted as certainly unsent is sent now; one it left mid-send (a crash) is
// recorded "unknown" rather than risk a second copy.
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import pMap from 'p-map';
import type { MailingExclusions } from '../core/contract/mailings.ts';
import { quietUntil } from '../core/contact-policy.ts';
import { deliveryStart } from '../core/mailing-rules.ts';
import { type CompiledEmailTemplate, compileEmailTemplate } from '../core/templates.ts';
import { variableUses } from '../core/template-variables.ts';
import { insideWindow, nextWindowStart } from '../core/time-window.ts';
import type { Db } from '../db/connection.ts';
import type { CustomerRow } from '../db/customers.ts';
import {
  claimMailingMessages,
  dueRecipients,
  freezeRecipients,
  markRecipientsDone,
  nextDue,
  postponeRecipients,
} from '../db/mailing-recipients.ts';
import { getContactPolicy } from '../db/contact-policy.ts';
import { abCopies, heldCount, pickWinner } from '../db/mailing-ab.ts';
import { getMailing, type MailingRow, moveMailing } from '../db/mailings.ts';
import { type MessageStatus, noteSendAttempt, setMessageStatus } from '../db/messages.ts';
import { isTransactional } from '../db/messaging-types.ts';
import { accountTimeZone } from '../db/segments.ts';
import { mailingMessageKey } from '../workflows/mailing-api.ts';
import type { ActivityDeps } from './deps.ts';
import { sendMailingEmail } from './mailing-email.ts';
import type { SendMessageInput } from './send-message.ts';
import type { SendEmailResult } from './send-email.ts';

/** Emails in flight at once per batch: the SMTP gateway's pool keeps its connections busy. */
const CONCURRENCY = 16;

export interface MailingBatchInput {
  mailingId: string;
  /** The workflow's clock: recipients due by then are sent (time-skipping tests move it). */
  dueBy: number;
  limit: number;
}

export interface MailingBatchResult {
  /** Recipients handled in this batch (sent, skipped, failed or left out of the window). */
  handled: number;
  /** When the next pending recipient is due (epoch ms), or null when nobody is left. */
  nextDueAt: number | null;
  throttlePerMinute: number | null;
  status: MailingRow['status'];
}

/**
 * The revision a mailing sends: the one it pinned when saved, else (a mailing saved before
 * pinning, or a pin no longer stored) the template's published one. Never the draft.
 */
const pinnedRevision = (db: Db, m: MailingRow) =>
  db('template_revisions as r')
    .join('templates as t', 't.id', 'r.template_id')
    .where('r.template_id', m.template_id)
    .where((q) => {
      if (m.template_revision !== null) q.where('r.revision', m.template_revision);
      q.orWhere('r.revision', db.ref('t.published_revision'));
    })
    .orderByRaw('r.revision = ? desc', [m.template_revision ?? 0])
    .limit(1);

export function mailingActivities(
  deps: Pick<ActivityDeps, 'db' | 'email' | 'tracking'>,
  sendMessage: (input: SendMessageInput) => Promise<SendEmailResult>,
) {
  const { db } = deps;
  // Compiled once per mailing: its template is a frozen copy, never edited.
  // With it, what the template reads beyond the profile (db/template-context.ts), so that a
  // mailing renders every variable the picker offers, as a journey's email does.
  const compiled = new Map<string, Promise<CompiledEmailTemplate>>();
  const uses = new Map<string, Set<string>>();
  const templateOf = (m: MailingRow, variant: number | null) => {
    const key = `${m.id}:${variant}`;
    let entry = compiled.get(key);
    if (!entry) {
      const copy = variant === null ? undefined : m.ab_copies?.[variant];
      const source = {
        subject: copy?.subject ?? m.template_subject ?? '',
        mjml: copy?.body ?? m.template_body ?? '',
      };
      entry = compileEmailTemplate(source);
      entry.catch(() => compiled.delete(key));
      compiled.set(key, entry);
      uses.set(key, variableUses(source.subject, source.mjml));
    }
    return entry;
  };
  const load = async (id: string) => {
    const m = await getMailing(db, id);
    if (!m) throw ApplicationFailure.nonRetryable(`mailing ${id} not found`, 'MailingNotFound');
    return m;
  };

  /** Emails through the mailing's compiled template; other channels through sendMessage. */
  async function sendOne(
    m: MailingRow,
    claim: { id: string; customer_id: string },
    customer: CustomerRow | undefined,
    address: string,
    transactional: boolean,
    variant: number | null,
  ): Promise<MessageStatus> {
    if (!customer) {
      await setMessageStatus(db, claim.id, 'skipped', { error: 'the customer was deleted' });
      return 'skipped';
    }
    if (m.channel === 'email')
      return sendMailingEmail(deps, {
        messageId: claim.id,
        customer,
        address,
        template: await templateOf(m, variant),
        uses: uses.get(`${m.id}:${variant}`) ?? new Set(),
        transactional,
      });
    // The batch claimed this message already; sendMessage claims it again by its key, and would
    // take a claim with no error for an attempt that stopped mid-send (never resent). The note
    // says it certainly has not gone out; sendMessage clears it just before the gateway has it.
    await noteSendAttempt(db, claim.id, 'claimed by the mailing, not yet handed to the gateway');
    const result = await sendMessage({
      idempotencyKey: mailingMessageKey(m.id, customer.id, variant),
      customerId: customer.id,
      channel: m.channel,
      ...(variant === null
        ? { templateId: m.template_id!, templateRevision: m.template_revision ?? undefined }
        : {
            templateId: m.ab_test?.variants[variant]?.templateId ?? m.template_id!,
            templateRevision: m.ab_test?.variants[variant]?.templateRevision ?? undefined,
          }),
      messagingType: m.messaging_type,
      ...(m.sender && { sender: m.sender }),
    });
    return result.status;
  }

  return {
    /** When the mailing should start (epoch ms; null for now), whether it still should, its pace. */
    mailingStartAt: async (id: string) => {
      const m = await load(id);
      return {
        startAt: deliveryStart(m.delivery)?.getTime() ?? null,
        status: m.status,
        throttlePerMinute: m.throttle_per_minute,
      };
    },

    /** Copies the template, freezes the audience, and moves the mailing to "sending". */
    freezeMailingAudience: async (id: string): Promise<MailingExclusions | null> => {
      const started = performance.now();
      const m = await moveMailing(db, id, ['scheduled'], 'collecting');
      const row = m ?? (await load(id));
      if (row.status !== 'collecting' && row.status !== 'paused') return null; // cancelled meanwhile
      if (!row.frozen_at) {
        await db('mailings')
          .where({ id })
          .whereNull('template_body')
          .update({
            started_at: db.fn.now(),
            template_subject: pinnedRevision(db, row).select('r.subject'),
            template_body: pinnedRevision(db, row).select('r.body'),
          });
        if (row.ab_test)
          await db('mailings')
            .where({ id })
            .update({ ab_copies: JSON.stringify(await abCopies(db, row.ab_test)) });
      }
      const excluded = await freezeRecipients(
        db,
        row,
        await accountTimeZone(db),
        new Date(),
        await getContactPolicy(db),
      );
      const recipients = await db('mailing_recipients')
        .where({ mailing_id: id })
        .whereNot('state', 'excluded')
        .count<{ n: string }>('* as n')
        .first();
      await db('mailings')
        .where({ id })
        .update({
          excluded: JSON.stringify(excluded),
          recipients: Number(recipients?.n ?? 0),
          frozen_at: db.raw('coalesce(frozen_at, now())'),
          freeze_ms: db.raw('coalesce(freeze_ms, ?)', [Math.round(performance.now() - started)]),
        });
      await moveMailing(db, id, ['collecting'], 'sending');
      return excluded;
    },

    sendMailingBatch: async (input: MailingBatchInput): Promise<MailingBatchResult> => {
      const m = await load(input.mailingId);
      const result = async (handled: number): Promise<MailingBatchResult> => ({
        handled,
        nextDueAt: (await nextDue(db, m.id))?.getTime() ?? null,
        throttlePerMinute: m.throttle_per_minute,
        status: m.status,
      });
      if (m.status !== 'sending') return result(0);
      const dueBy = new Date(input.dueBy);
      let due = await dueRecipients(db, m.id, dueBy, input.limit);
      const transactional = await isTransactional(db, m.messaging_type);
      const policy = transactional ? null : await getContactPolicy(db);
      if (m.sending_window || policy?.quietHours.length) {
        // Outside the window (the recipient's zone for local time, else the account's), or in
        // the contact policy's quiet hours (always the recipient's zone): later.
        const window = m.sending_window;
        const zone = m.delivery.mode === 'localTime' ? undefined : await accountTimeZone(db);
        const later = due.flatMap((r) => {
          const opens =
            window && !insideWindow(window, zone ?? r.time_zone, dueBy)
              ? nextWindowStart(window, zone ?? r.time_zone, dueBy)
              : null;
          const quietEnds = policy && quietUntil(policy, m.channel, r.time_zone, opens ?? dueBy);
          const at = quietEnds ?? opens;
          return at ? [{ customerId: r.customer_id, at }] : [];
        });
        await postponeRecipients(db, m.id, later);
        const postponed = new Set(later.map((l) => l.customerId));
        due = due.filter((r) => !postponed.has(r.customer_id));
        if (due.length === 0) return result(later.length);
      }
      const claims = await claimMailingMessages(db, m, due, (r) =>
        mailingMessageKey(m.id, r.customer_id, r.variant),
      );
      const recipient = new Map(due.map((r) => [r.customer_id, r]));
      const customers = new Map(
        (
          await db('customers')
            .whereIn(
              'id',
              due.map((r) => r.customer_id),
            )
            .select<CustomerRow[]>('*')
        ).map((c) => [c.id, c]),
      );
      let retry = 0;
      const done: string[] = [];
      await pMap(
        claims,
        async (claim) => {
          let status: MessageStatus = claim.status as MessageStatus;
          // Sent again: what certainly did not go out, a refusal noted or an email claimed but
          // never handed to the gateway (its worker died first; a batch claims 1,000 at once).
          const unsent =
            claim.status === 'sending' &&
            (claim.error !== null || (m.channel === 'email' && claim.attempts === 0));
          if (claim.fresh || unsent)
            status = await sendOne(
              m,
              claim,
              customers.get(claim.customer_id),
              recipient.get(claim.customer_id)!.address,
              transactional,
              recipient.get(claim.customer_id)!.variant,
            );
          else if (claim.status === 'sending') {
            // An earlier attempt stopped mid-send: the server may have it. Not resent.
            await setMessageStatus(db, claim.id, 'unknown', {
              error: 'an earlier attempt stopped mid-send',
            });
            status = 'unknown';
          }
          if (status === 'sending') retry++;
          else done.push(claim.customer_id);
          heartbeat();
        },
        { concurrency: CONCURRENCY },
      );
      await markRecipientsDone(db, m.id, done);
      if (retry > 0)
        throw ApplicationFailure.retryable(
          `${retry} messages of the batch were refused for now; retrying them`,
          'TransientSendFailure',
        );
      return result(done.length);
    },

    /** Recipients held for an A/B winner, and how long after the test the winner is picked. */
    mailingHeld: async (id: string) => {
      const m = await load(id);
      return {
        held: m.ab_test ? await heldCount(db, id) : 0,
        winnerAfterMs: (m.ab_test?.winnerAfterMinutes ?? 0) * 60_000,
      };
    },

    /** Picks the A/B winner by its rate and releases the held recipients to it. */
    pickMailingWinner: async (id: string, now: number) =>
      pickWinner(db, await load(id), new Date(now)),

    /** The mailing's last status: sent when everyone was handled, unless it was cancelled. */
    finishMailing: async (id: string, status: 'sent' | 'failed', error?: string) => {
      await moveMailing(db, id, ['collecting', 'sending', 'paused'], status, {
        finished: true,
        ...(error && { error }),
      });
    },
  };
}

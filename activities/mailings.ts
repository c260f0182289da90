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
import type { CustomerRow } from '../db/customers.ts';
import {
  claimMailingMessages,
  dueRecipients,
  freezeRecipients,
  type MailingLane,
  markRecipientsDone,
  nextDue,
  postponeRecipients,
} from '../db/mailing-recipients.ts';
import { getContactPolicy } from '../db/contact-policy.ts';
import { abCopies, heldCount, pickWinner } from '../db/mailing-ab.ts';
import { getMailing, type MailingRow, moveMailing, pinnedTemplate } from '../db/mailings.ts';
import { type MessageStatus, noteHandedOver, setMessageStatus } from '../db/messages.ts';
import { isTransactional } from '../db/messaging-types.ts';
import { accountTimeZone } from '../db/segments.ts';
import { mailingMessageKey } from '../workflows/mailing-api.ts';
import type { ActivityDeps } from './deps.ts';
import { mailingEmailSender, mailingRoute, type MailingRoute } from './mailing-email.ts';
import type { SendMessageInput } from './send-message.ts';
import type { SendResult } from './send-claim.ts';

/**
 * Emails in flight at once per batch: enough beyond the SMTP gateway's connections that each one,
 * once free, finds the next email rendered and waiting, while others wait for their outcome to
 * be written.
 */
export const MAILING_EMAILS_IN_FLIGHT = 32;

export interface MailingBatchInput {
  mailingId: string;
  /** The workflow's clock: recipients due by then are sent (time-skipping tests move it). */
  dueBy: number;
  limit: number;
  /** The part of the recipients this batch takes, when the mailing sends parts side by side. */
  lane?: MailingLane;
}

export interface MailingBatchResult {
  /** Recipients handled in this batch (sent, skipped, failed or left out of the window). */
  handled: number;
  /** When the next pending recipient (of the lane) is due (epoch ms), or null when nobody is left. */
  nextDueAt: number | null;
  throttlePerMinute: number | null;
  status: MailingRow['status'];
}

export function mailingActivities(
  deps: Pick<ActivityDeps, 'db' | 'email' | 'tracking' | 'gateways'>,
  /** SMS, Viber and push: the journey's send, for a message the batch has claimed already. */
  sendClaimed: (
    message: { id: string },
    fresh: boolean,
    input: SendMessageInput,
  ) => Promise<SendResult>,
) {
  const { db } = deps;
  const sendMailingEmail = mailingEmailSender(deps);
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

  /** Emails through the mailing's compiled template; other channels through sendClaimed. */
  async function sendOne(
    m: MailingRow,
    claim: { id: string; customer_id: string; fresh: boolean },
    route: MailingRoute | undefined,
    customer: CustomerRow | undefined,
    address: string,
    transactional: boolean,
    variant: number | null,
  ): Promise<MessageStatus> {
    if (!customer) {
      await setMessageStatus(db, claim.id, 'skipped', { error: 'the customer was deleted' });
      return 'skipped';
    }
    if (route)
      return sendMailingEmail({
        messageId: claim.id,
        customer,
        address,
        route,
        template: await templateOf(m, variant),
        uses: uses.get(`${m.id}:${variant}`) ?? new Set(),
        transactional,
      });
    const v = variant === null ? undefined : m.ab_test?.variants[variant];
    const templateRevision = v ? v.templateRevision : m.template_revision;
    // As an email's, the attempt is counted before the provider may get it: a worker that dies
    // after this leaves the message "unknown" on the retry, never sent twice; one that dies
    // before leaves it unsent, and the retry sends it.
    await noteHandedOver(db, claim.id);
    try {
      const result = await sendClaimed({ id: claim.id }, claim.fresh, {
        idempotencyKey: mailingMessageKey(m.id, customer.id, variant),
        customerId: customer.id,
        channel: m.channel,
        templateId: v?.templateId ?? m.template_id!,
        ...(templateRevision && { templateRevision }),
        messagingType: m.messaging_type,
        ...(m.sender && { sender: m.sender }),
      });
      return result.status;
    } catch (err) {
      // Refused for now (the claim keeps the error: certainly not sent): the batch retries it.
      if (err instanceof ApplicationFailure && err.type === 'TransientSendFailure')
        return 'sending';
      throw err;
    }
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
        // The revision pinned when the mailing was saved, not the template's draft as it is now.
        const t = await pinnedTemplate(db, row);
        await db('mailings')
          .where({ id })
          .whereNull('template_body')
          .update({
            started_at: db.fn.now(),
            template_subject: t?.subject ?? '',
            template_body: t?.body ?? '',
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
        nextDueAt: (await nextDue(db, m.id, input.lane))?.getTime() ?? null,
        throttlePerMinute: m.throttle_per_minute,
        status: m.status,
      });
      if (m.status !== 'sending') return result(0);
      const dueBy = new Date(input.dueBy);
      let due = await dueRecipients(db, m.id, dueBy, input.limit, input.lane);
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
      // Emails: their gateway and From, recorded with each claim (SMS, Viber and push record
      // theirs when sent, as a journey's do).
      const route = m.channel === 'email' ? await mailingRoute(deps, m.sender) : undefined;
      const claims = await claimMailingMessages(
        db,
        m,
        due,
        (r) => mailingMessageKey(m.id, r.customer_id, r.variant),
        route && { gatewayId: route.gatewayId ?? null, sender: route.from },
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
      // Once a second at most: each beat crosses into the SDK's core, and a batch sends hundreds
      // of emails a second (the heartbeat timeout is 30 seconds).
      let beat = 0;
      await pMap(
        claims,
        async (claim) => {
          let status: MessageStatus = claim.status as MessageStatus;
          // Sent again: what certainly did not go out, a refusal noted or an email claimed but
          // never handed to the gateway (its worker died first; a batch claims 1,000 at once).
          const unsent =
            claim.status === 'sending' && (claim.error !== null || claim.attempts === 0);
          if (claim.fresh || unsent)
            status = await sendOne(
              m,
              claim,
              route,
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
          if (Date.now() - beat >= 1000) {
            beat = Date.now();
            heartbeat();
          }
        },
        { concurrency: MAILING_EMAILS_IN_FLIGHT },
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

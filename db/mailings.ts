// Mailings and their live counts. The recipients frozen at start are db/mailing-recipients.ts.
import type { FieldProblem } from '../core/errors.ts';
import type {
  Mailing,
  MailingAbResult,
  MailingAbTest,
  MailingCounts,
  MailingExclusions,
  MailingInput,
  MailingStatus,
} from '../core/contract/mailings.ts';
import type { Db } from './connection.ts';
import { templateForSend } from './template-revisions.ts';
import type { TemplateRow } from './templates.ts';

export interface MailingRow {
  id: string;
  name: string;
  status: MailingStatus;
  channel: MailingInput['channel'];
  sender: string | null;
  template_id: string | null;
  template_revision: number | null;
  template_subject: string | null;
  template_body: string | null;
  messaging_type: string;
  audience: MailingInput['audience'];
  delivery: MailingInput['delivery'];
  sending_window: MailingInput['sendingWindow'] | null;
  throttle_per_minute: number | null;
  attribution: MailingInput['attribution'];
  problems: FieldProblem[];
  excluded: MailingExclusions | null;
  recipients: number | null;
  error: string | null;
  started_at: Date | null;
  frozen_at: Date | null;
  freeze_ms: number | null;
  ab_test: MailingAbTest | null;
  ab_copies: { subject: string; body: string }[] | null;
  ab_winner: number | null;
  ab_results: MailingAbResult[] | null;
  finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toMailing(r: MailingRow): Omit<Mailing, 'counts'> {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    channel: r.channel,
    sender: r.sender,
    templateId: r.template_id,
    templateRevision: r.template_revision,
    messagingType: r.messaging_type,
    audience: r.audience,
    delivery: r.delivery,
    sendingWindow: r.sending_window,
    throttlePerMinute: r.throttle_per_minute,
    attribution: r.attribution,
    problems: r.problems,
    // Frozen before A/B tests came: no A/B control.
    excluded: r.excluded && { ...r.excluded, ab_control: r.excluded.ab_control ?? 0 },
    freezeMs: r.freeze_ms,
    abTest: r.ab_test,
    abWinner: r.ab_winner,
    abResults: r.ab_results,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

const columns = (m: MailingInput, templateRevision: number | null, problems: FieldProblem[]) => ({
  name: m.name,
  channel: m.channel,
  sender: m.sender ?? null,
  template_id: m.templateId ?? null,
  template_revision: templateRevision,
  messaging_type: m.messagingType,
  audience: JSON.stringify(m.audience),
  delivery: JSON.stringify(m.delivery),
  sending_window: m.sendingWindow ? JSON.stringify(m.sendingWindow) : null,
  throttle_per_minute: m.throttlePerMinute ?? null,
  attribution: JSON.stringify(m.attribution),
  problems: JSON.stringify(problems),
  ab_test: m.abTest ? JSON.stringify(m.abTest) : null,
});

export async function insertMailing(
  db: Db,
  m: MailingInput,
  templateRevision: number | null,
  problems: FieldProblem[],
): Promise<MailingRow> {
  const [row] = await db('mailings')
    .insert(columns(m, templateRevision, problems))
    .returning<MailingRow[]>('*');
  return row!;
}

/** Saves an edit only while the mailing is still in one of `statuses` (no lost race with a start). */
export async function updateMailing(
  db: Db,
  id: string,
  statuses: MailingStatus[],
  m: MailingInput,
  templateRevision: number | null,
  problems: FieldProblem[],
): Promise<MailingRow | undefined> {
  const [row] = await db('mailings')
    .where({ id })
    .whereIn('status', statuses)
    .update({ ...columns(m, templateRevision, problems), updated_at: db.fn.now() })
    .returning<MailingRow[]>('*');
  return row;
}

export const getMailing = (db: Db, id: string) =>
  db('mailings').where({ id }).first<MailingRow | undefined>();

/**
 * The template revision the mailing sends: the one pinned when it was saved (a mailing saved
 * before revisions were pinned may name a draft's revision, never published: then the published one).
 */
export async function pinnedTemplate(
  db: Db,
  m: Pick<MailingRow, 'template_id' | 'template_revision'>,
): Promise<TemplateRow | undefined> {
  if (!m.template_id) return undefined;
  return (
    (m.template_revision !== null
      ? await templateForSend(db, m.template_id, m.template_revision)
      : undefined) ?? templateForSend(db, m.template_id)
  );
}

export const listMailings = (db: Db) =>
  db('mailings').orderBy('created_at', 'desc').select<MailingRow[]>('*');

/** Moves the mailing from one of `from` to `to`; the row if it moved, undefined if it was elsewhere. */
export async function moveMailing(
  db: Db,
  id: string,
  from: MailingStatus[],
  to: MailingStatus,
  more: Partial<Pick<MailingRow, 'error' | 'throttle_per_minute'>> & { finished?: boolean } = {},
): Promise<MailingRow | undefined> {
  const { finished, ...rest } = more;
  const [row] = await db('mailings')
    .where({ id })
    .whereIn('status', from)
    .update({
      status: to,
      ...rest,
      ...(finished && { finished_at: db.fn.now() }),
      updated_at: db.fn.now(),
    })
    .returning<MailingRow[]>('*');
  return row;
}

export async function setMailingColumns(
  db: Db,
  id: string,
  values: Partial<Pick<MailingRow, 'throttle_per_minute'>> & {
    attribution?: MailingInput['attribution'];
  },
): Promise<MailingRow | undefined> {
  const [row] = await db('mailings')
    .where({ id })
    .update({
      ...values,
      ...(values.attribution && { attribution: JSON.stringify(values.attribution) }),
      updated_at: db.fn.now(),
    })
    .returning<MailingRow[]>('*');
  return row;
}

export async function deleteDraftMailing(db: Db, id: string): Promise<boolean> {
  return (await db('mailings').where({ id, status: 'draft' }).delete()) > 0;
}

/** Live counts: recipients still queued, and each outcome and engagement of its messages. */
export async function mailingCounts(db: Db, id: string): Promise<MailingCounts> {
  const [recipients, statuses, engagement, converted] = await Promise.all([
    db('mailing_recipients')
      .where({ mailing_id: id })
      .first<{ recipients: string; queued: string }>(
        db.raw(`count(*) filter (where state <> 'excluded') as recipients`),
        db.raw(`count(*) filter (where state = 'pending') as queued`),
      ),
    db('messages')
      .where({ mailing_id: id })
      .groupBy('status')
      .select<{ status: string; n: string }[]>('status', db.raw('count(*) as n')),
    db('message_status_history as h')
      .join('messages as m', 'm.id', 'h.message_id')
      .where('m.mailing_id', id)
      .whereIn('h.status', ['delivered', 'opened', 'clicked', 'unsubscribed'])
      .groupBy('h.status')
      .select<{ status: string; n: string }[]>(
        'h.status',
        db.raw('count(distinct h.message_id) as n'),
      ),
    // A purchase within the attribution window after the message.
    db('messages as m')
      .join('mailings as g', 'g.id', 'm.mailing_id')
      .where('m.mailing_id', id)
      .whereIn('m.status', ['sent', 'delivered'])
      .whereExists((q) =>
        q
          .select(db.raw('1'))
          .from('receipts as r')
          .whereRaw('r.customer_id = m.customer_id and r.occurred_at >= m.created_at')
          .whereRaw(
            // The mailing's window, else its channel's default (core/attribution.ts).
            `r.occurred_at < m.created_at + coalesce((g.attribution->>'windowHours')::int,
               (g.attribution->>'windowDays')::int * 24,
               case g.channel when 'email' then 120 else 24 end) * interval '1 hour'`,
          ),
      )
      .first<{ n: string }>(db.raw('count(distinct m.customer_id) as n')),
  ]);
  const of = (rows: { status: string; n: string }[], ...names: string[]) =>
    rows.filter((r) => names.includes(r.status)).reduce((sum, r) => sum + Number(r.n), 0);
  return {
    recipients: Number(recipients?.recipients ?? 0),
    queued: Number(recipients?.queued ?? 0) + of(statuses, 'sending'),
    sent: of(statuses, 'sent', 'delivered'),
    delivered: of(engagement, 'delivered'),
    failed: of(statuses, 'failed', 'unknown'),
    skipped: of(statuses, 'skipped'),
    opened: of(engagement, 'opened'),
    clicked: of(engagement, 'clicked'),
    unsubscribed: of(engagement, 'unsubscribed'),
    converted: Number(converted?.n ?? 0),
  };
}

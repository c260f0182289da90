// What may be done to a mailing in each status (the reference's edit rules), what blocks a draft
// from being scheduled, and when each recipient is due. Pure, so the api and the workflow agree.
import { DateTime } from 'luxon';
import type { FieldProblem } from './errors.ts';
import type { MailingDelivery, MailingInput, MailingStatus } from './contract/mailings.ts';

/** Until the mailing starts everything can change; a scheduled mailing is not started yet. */
export const editable = (s: MailingStatus) => s === 'draft' || s === 'scheduled';
/** While it collects or sends: only pause, resume, cancel and the throttle. */
export const running = (s: MailingStatus) =>
  s === 'collecting' || s === 'sending' || s === 'paused';
/** Once it has finished: only its attribution rules. */
export const finished = (s: MailingStatus) => s === 'sent' || s === 'cancelled' || s === 'failed';

/** What a draft still lacks before it can be scheduled; it saves with these listed. */
export function draftProblems(m: MailingInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!m.templateId) problems.push({ field: 'templateId', message: 'choose a template to send' });
  const { segments, audiences } = m.audience.include;
  if (segments.length + audiences.length === 0)
    problems.push({
      field: 'audience.include',
      message: 'include at least one segment or audience',
    });
  return problems;
}

/** The last zone on Earth (UTC-12) reaches a wall-clock time latest. */
const LAST_ZONE = 'Etc/GMT+12';

/** The first instant the mailing sends at, or undefined for "now". */
export function deliveryStart(d: MailingDelivery): Date | undefined {
  if (d.mode === 'now') return undefined;
  if (d.mode === 'at') return new Date(d.at);
  // The earliest zone (UTC+14) reaches the local time first.
  return DateTime.fromISO(d.localTime, { zone: 'Etc/GMT-14' }).toJSDate();
}

/** A time nobody can still be sent at, named with the fix; undefined when it is fine. */
export function pastDelivery(d: MailingDelivery, now: Date): FieldProblem | undefined {
  if (d.mode === 'at' && new Date(d.at) <= now)
    return { field: 'delivery.at', message: 'the time has passed: choose a time in the future' };
  if (
    d.mode === 'localTime' &&
    DateTime.fromISO(d.localTime, { zone: LAST_ZONE }).toJSDate() <= now
  )
    return {
      field: 'delivery.localTime',
      message: 'that local time has passed in every time zone: choose a later one',
    };
  return undefined;
}

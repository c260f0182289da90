// What Infobip's Viber reports mean, as its callback posts them: a batch of results, each a
// delivery report (a status group: DELIVERED, UNDELIVERABLE, EXPIRED, REJECTED) or a seen report
// (seenAt). Read by the api's callback route (entry/viber-reports.ts); the send side is
// activities/channels/infobip-viber.ts.
import { z } from 'zod';

/** Infobip's status object, in send answers and delivery reports. */
export const InfobipStatus = z.object({
  groupName: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
});

/** One report Infobip posts: a delivery report (with status) or a seen report (with seenAt). */
const InfobipReport = z.object({
  messageId: z.string().min(1).max(200),
  status: InfobipStatus.optional(),
  error: z
    .object({
      name: z.string().optional(),
      description: z.string().optional(),
      permanent: z.boolean().optional(),
    })
    .nullish(),
  seenAt: z.string().optional(),
});
export const InfobipReports = z.object({ results: z.array(InfobipReport).max(1000) });

// Errors of a report that say the number cannot receive Viber at all.
const UNREACHABLE_NUMBER = /UNKNOWN_SUBSCRIBER|NOT_VIBER_USER|INVALID_DESTINATION/;

export type InfobipOutcome =
  | {
      kind: 'delivered' | 'failed';
      providerMessageId: string;
      detail: string;
      addressInvalid: boolean;
    }
  | { kind: 'seen'; providerMessageId: string; detail: string };

/** What Infobip's posted results mean; pending statuses say nothing new and are left out. */
export function infobipReports(body: unknown): InfobipOutcome[] | undefined {
  const parsed = InfobipReports.safeParse(body);
  if (!parsed.success) return undefined;
  return parsed.data.results.flatMap((r): InfobipOutcome[] => {
    // One "seen" per message, however often or late it is posted: the history keeps its time.
    if (r.seenAt)
      return [{ kind: 'seen', providerMessageId: r.messageId, detail: 'seen on Viber' }];
    const group = r.status?.groupName;
    const kind =
      group === 'DELIVERED'
        ? 'delivered'
        : group === 'UNDELIVERABLE' || group === 'EXPIRED' || group === 'REJECTED'
          ? 'failed'
          : undefined;
    if (!kind) return [];
    const error = r.error?.name && r.error.name !== 'NO_ERROR' ? ` ${r.error.name}` : '';
    return [
      {
        kind,
        providerMessageId: r.messageId,
        detail: `${group} ${r.status?.name ?? ''}${error}`.replace(/\s+/g, ' ').trim(),
        addressInvalid: kind === 'failed' && UNREACHABLE_NUMBER.test(r.error?.name ?? ''),
      },
    ];
  });
}

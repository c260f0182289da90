// How far a message got, from its status and the history of what happened to it. The messages
// row keeps the sending outcome ("sent"); opens and clicks arrive later as history rows, so a
// table that showed the row's status alone would say "sent" of a message the customer opened.

/** A message that reached a later stage passed the earlier ones. */
export const MESSAGE_PROGRESS: Readonly<Record<string, number>> = {
  sent: 1,
  delivered: 2,
  opened: 3,
  clicked: 4,
};

/**
 * The status to show: the furthest stage its history reached, or the row's own status when the
 * message never went out (failed, bounced, skipped, still sending).
 */
export function latestStatus(status: string, history: readonly { status: string }[]): string {
  if (MESSAGE_PROGRESS[status] === undefined) return status;
  let best = status;
  for (const h of history)
    if ((MESSAGE_PROGRESS[h.status] ?? 0) > (MESSAGE_PROGRESS[best] ?? 0)) best = h.status;
  return best;
}

// DKIM as Herald signs: the gateways' sends (activities/channels/smtp.ts) and the api's test sends.

/**
 * The headers a DKIM signature covers. List-Unsubscribe and List-Unsubscribe-Post are among them:
 * mailbox providers honour one-click unsubscribe only when those headers are signed (RFC 8058).
 */
export const DKIM_HEADERS = [
  'from',
  'sender',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'to',
  'cc',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'list-id',
].join(':');

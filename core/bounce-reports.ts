// Bounces and complaints as mailbox providers mail them back: RFC 3464 delivery status
// notifications (multipart/report; report-type=delivery-status) and RFC 5965 abuse reports
// (report-type=feedback-report). mailparser splits the MIME tree; the report parts are blocks of
// header fields, which it reads too. Each report is matched to our message by the Message-ID we
// sent it with (<message id@herald>, activities/channels/smtp.ts), quoted in the report's copy
// of the original message or its headers.
import { type Attachment, simpleParser } from 'mailparser';

export type BounceReport =
  | {
      kind: 'bounce';
      messageId: string;
      recipient: string | undefined;
      /** 5.x.x: the address is bad for good; 4.x.x: a delay, the MTA still tries. */
      severity: 'hard' | 'soft';
      /** The enhanced status code, e.g. "5.1.1". */
      status: string;
      /** The MTA's own words ("smtp; 550 5.1.1 No such user"), or the status when none. */
      detail: string;
    }
  | {
      kind: 'complaint';
      messageId: string;
      recipient: string | undefined;
      /** abuse, fraud, virus, other... (RFC 5965); only "abuse" is a spam complaint. */
      feedbackType: string;
      detail: string;
    };

const OUR_MESSAGE_ID = /<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@herald>/i;

/** Header fields of each block of a report part ("field: value" lines, blocks between blank lines). */
async function fieldBlocks(part: Attachment): Promise<Map<string, string>[]> {
  const blocks = part.content
    .toString('utf8')
    .split(/\r?\n\s*\r?\n/)
    .filter((b) => b.trim());
  return Promise.all(
    blocks.map(async (block) => {
      const parsed = await simpleParser(`${block.trim()}\r\n\r\n`, { skipTextToHtml: true });
      const fields = new Map<string, string>();
      for (const [k, v] of parsed.headers) if (typeof v === 'string') fields.set(k, v);
      return fields;
    }),
  );
}

/** Our message ID in the quoted original (message/rfc822 or text/rfc822-headers). */
function originalMessageId(parts: Attachment[]): string | undefined {
  for (const p of parts) {
    if (!/^(message\/rfc822|text\/rfc822-headers|message\/global)/.test(p.contentType)) continue;
    const found = OUR_MESSAGE_ID.exec(p.content.toString('utf8'));
    if (found) return found[1]!.toLowerCase();
  }
  return undefined;
}

const address = (field: string | undefined) =>
  field
    ?.replace(/^\s*rfc822\s*;/i, '')
    .replace(/[<>]/g, '')
    .trim()
    .toLowerCase() || undefined;

/** The reports in one mail; empty when it is neither a DSN nor a feedback report of ours. */
export async function readBounceMail(raw: Buffer | string): Promise<BounceReport[]> {
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipTextToHtml: true });
  const type = mail.headers.get('content-type') as
    { value: string; params: Record<string, string> } | undefined;
  if (type?.value !== 'multipart/report') return [];
  const messageId = originalMessageId(mail.attachments);
  if (!messageId) return [];
  const reportType = type.params['report-type']?.toLowerCase();
  if (reportType === 'feedback-report') {
    const part = mail.attachments.find((a) => a.contentType === 'message/feedback-report');
    const [fields] = part ? await fieldBlocks(part) : [];
    const feedbackType = fields?.get('feedback-type')?.toLowerCase() ?? 'other';
    return [
      {
        kind: 'complaint',
        messageId,
        recipient: address(fields?.get('original-rcpt-to')),
        feedbackType,
        detail: `complaint: ${feedbackType}${fields?.get('user-agent') ? ` (${fields.get('user-agent')})` : ''}`,
      },
    ];
  }
  if (reportType !== 'delivery-status') return [];
  const part = mail.attachments.find((a) => a.contentType === 'message/delivery-status');
  if (!part) return [];
  // The first block is about the reporting MTA; each further block is one recipient.
  const [, ...recipients] = await fieldBlocks(part);
  return recipients.flatMap((fields): BounceReport[] => {
    const status = /([245])\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[0];
    const action = fields.get('action')?.toLowerCase();
    if (!status || status.startsWith('2') || action === 'delivered' || action === 'relayed')
      return [];
    return [
      {
        kind: 'bounce',
        messageId,
        recipient: address(fields.get('final-recipient') ?? fields.get('original-recipient')),
        severity: status.startsWith('5') && action !== 'delayed' ? 'hard' : 'soft',
        status,
        detail: fields.get('diagnostic-code')?.replace(/\s+/g, ' ') ?? `status ${status}`,
      },
    ];
  });
}

// One interface per kind of channel; each provider (SMTP today; Twilio, SMPP, FCM, Viber and
// webhooks later) is a gateway behind it. Gateways classify failures so that the send activity
// can tell "not sent, try again" from "never send this" from "may have been sent".

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Our message ID; becomes the Message-ID header so a delivered copy can be traced back. */
  messageId: string;
  /** Further headers, such as List-Unsubscribe and List-Unsubscribe-Post. */
  headers?: Record<string, string>;
}

export interface EmailGateway {
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
  close(): void;
}

export type SendFailureKind =
  /** The provider refused for good (bad address, rejected content): do not retry. */
  | 'permanent'
  /** Certainly not accepted (connection refused, 4xx): safe to retry. */
  | 'transient'
  /** The provider may have accepted it (timeout mid-transaction): retrying could duplicate. */
  | 'unknown';

export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

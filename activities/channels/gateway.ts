// One interface per kind of channel; each provider (SMTP; SMPP, Twilio and a generic HTTP API
// for SMS; FCM, APNs and Huawei Push Kit for push) is a gateway behind it. Gateways classify
// failures so that the send activity can tell "not sent, try again" from "never send this" from
// "may have been sent".
import type { DevicePlatform } from '../../core/push-gateways.ts';

export interface OutgoingEmail {
  to: string;
  /** The From header (a mailing's sender); the gateway's own `from` when absent. */
  from?: string;
  subject: string;
  html: string;
  text: string;
  /** Our message ID; becomes the Message-ID header so a delivered copy can be traced back. */
  messageId: string;
  /** Further headers, such as List-Unsubscribe and List-Unsubscribe-Post. */
  headers?: Record<string, string>;
  /** Files sent with it (a segment's scheduled CSV, a mailed report); staff mail only. */
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
  /**
   * The send's commit point, called once the server is reading the message and just before its
   * end (SMTP's final dot) is written; the end is written only if it resolves true. Before it,
   * a failure certainly did not deliver (the message can be sent again); after it, it may have.
   */
  commit?: () => Promise<boolean>;
  /**
   * The transfer encoding of its text parts, when the caller knows it already (a mailing takes
   * the one chosen for its first email for all of them); chosen from the content otherwise.
   */
  textEncoding?: TextEncoding;
}

/** How text parts are encoded: quoted-printable for mostly Latin text, base64 for the rest. */
export type TextEncoding = 'quoted-printable' | 'base64';

export interface EmailGateway {
  send(email: OutgoingEmail): Promise<{
    providerMessageId: string;
    response?: string;
    /** The encoding chosen for the HTML part, when the gateway composes MIME itself. */
    textEncoding?: TextEncoding;
  }>;
  /** "Test connection": the server's greeting and authentication, or a SendFailure in its words. */
  test(): Promise<string>;
  /** The From address: the sender every send records. */
  readonly from: string;
  /** Where it sends, for the "Environment SMTP" gateway's row (never the password). */
  readonly settings?: { host: string; port: number; secure: boolean; from: string };
  close(): void;
}

export interface OutgoingSms {
  /** E.164, with its "+". */
  to: string;
  /** A sender name or number; the gateway's own default when absent. */
  from?: string;
  text: string;
  /** Our message ID, for providers that carry a reference of ours. */
  messageId: string;
}

export interface SmsSent {
  /** The provider's ID of each part, in order: delivery reports name these. */
  providerMessageIds: string[];
  /** The provider's answer, kept on the message. */
  response: string;
}

/** A delivery report a gateway received (SMPP's deliver_sm arrives on its own session). */
export interface ReceivedReport {
  providerMessageId: string;
  outcome: 'delivered' | 'failed';
  detail: string;
}

export interface SmsGateway {
  send(sms: OutgoingSms): Promise<SmsSent>;
  /** "Test connection": the provider's answer to our credentials, or a SendFailure with its words. */
  test(): Promise<string>;
  close(): Promise<void>;
}

export interface OutgoingPush {
  /** The device's token, and the platform that issued it. */
  token: string;
  platform: DevicePlatform;
  /** The app (bundle or package ID) the token belongs to, when the device said. */
  appId?: string;
  /** The template's subject, rendered: the notification's title. */
  title: string;
  body: string;
  imageUrl?: string;
  /** Where a tap leads: an app link or a URL, sent as data ("link") and as the click action. */
  deepLink?: string;
  /** Our message ID, sent as data ("heraldMessageId") so the app can report opens. */
  messageId: string;
  /**
   * Sent as data ("heraldReceipt"): the signed token the app posts to /callbacks/push to report
   * the push delivered or opened (core/push-receipts.ts). Added by the registry.
   */
  receipt?: string;
}

export interface PushGateway {
  /** The device platforms this provider reaches. */
  readonly platforms: readonly DevicePlatform[];
  /** A refusal of the token itself is a SendFailure with addressInvalid: the device is deactivated. */
  send(push: OutgoingPush): Promise<{ providerMessageId?: string; response: string }>;
  test(): Promise<string>;
  close(): Promise<void>;
}

export type SendFailureKind =
  /** The provider refused for good (bad address, rejected content): do not retry. */
  | 'permanent'
  /** Certainly not accepted (connection refused, 4xx): safe to retry. */
  | 'transient'
  /** The provider may have accepted it (timeout mid-transaction): retrying could duplicate. */
  | 'unknown'
  /** Stopped before its commit point because another attempt of the message reached it first. */
  | 'superseded';

export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    /** The provider refused the address itself (no such number): the contact is flagged. */
    readonly addressInvalid = false,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

export interface OutgoingViber {
  /** E.164, with its "+". */
  to: string;
  /** The sender name Viber approved for the account; the gateway's first sender otherwise. */
  from?: string;
  text: string;
  imageUrl?: string;
  button?: { text: string; url: string };
  /** Our message ID, carried as the provider's message ID so reports name it. */
  messageId: string;
}

export interface ViberGateway {
  send(message: OutgoingViber): Promise<{ providerMessageId: string; response: string }>;
  /** "Test connection": the provider's answer to our credentials, or a SendFailure with its words. */
  test(): Promise<string>;
  close(): Promise<void>;
}

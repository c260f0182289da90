// Types for the two untyped packages the SMS gateways use: `smpp` (client and server sides of
// SMPP 3.4/5.0) and `split-sms` (GSM-7 / UCS-2 segmentation). Only what Herald calls.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    system_id?: string;
    password?: string;
    message_id?: string;
    source_addr?: string;
    destination_addr?: string;
    esm_class?: number;
    data_coding?: number;
    short_message?: { message?: string | Buffer; udh?: Buffer[] } | Buffer | string;
    receipted_message_id?: string;
    message_state?: number;
    registered_delivery?: number;
    response(options?: Record<string, unknown>): Pdu;
    isResponse(): boolean;
  }
  type Callback = (pdu: Pdu) => void;
  type Command = (
    options?: Record<string, unknown>,
    onResponse?: Callback,
    onSend?: Callback,
  ) => boolean;

  export interface Session extends EventEmitter {
    socket: Socket;
    bind_transceiver: Command;
    bind_transmitter: Command;
    submit_sm: Command;
    deliver_sm: Command;
    enquire_link: Command;
    unbind: Command;
    send(pdu: Pdu, onResponse?: Callback, onSend?: Callback): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }
  export interface SessionOptions {
    host?: string;
    port?: number;
    tls?: boolean;
    auto_enquire_link_period?: number;
    rejectUnauthorized?: boolean;
  }
  const smpp: {
    connect(options: SessionOptions, listener?: () => void): Session;
    createServer(listener?: (session: Session) => void): NetServer;
    errors: Record<string, number>;
    consts: {
      ESM_CLASS: Record<string, number>;
      MESSAGE_STATE: Record<string, number>;
      ENCODING: Record<string, number>;
    };
  };
  export default smpp;
}

declare module 'split-sms' {
  export interface SplitResult {
    characterSet: 'GSM' | 'Unicode';
    parts: { content: string; length: number; bytes: number }[];
    bytes: number;
    length: number;
    remainingInPart: number;
  }
  export function split(text: string, options?: { summary?: boolean }): SplitResult;
}

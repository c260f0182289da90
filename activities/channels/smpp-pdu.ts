// The parts of SMPP the gateway reads and writes beside the session: what a command_status
// means for a send, addresses' TON/NPI, the concatenation header of long messages, and the
// delivery receipts an SMSC sends back in deliver_sm.
import smpp, { type Pdu } from 'smpp';
import type { SmsSegments } from '../../core/sms-text.ts';
import type { ReceivedReport, SendFailureKind } from './gateway.ts';

const names = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name]));
const E = smpp.errors;

/** "ESME_RTHROTTLED (0x58)": the SMSC's own word for a status. */
export const statusName = (status: number) =>
  `${names.get(status) ?? 'unknown status'} (0x${status.toString(16).padStart(2, '0')})`;

// The SMSC is busy or had a passing fault: the message was certainly not taken, send it again.
const TRANSIENT = new Set(
  ['ESME_RTHROTTLED', 'ESME_RMSGQFUL', 'ESME_RSYSERR', 'ESME_RX_T_APPN', 'ESME_RINVBNDSTS'].map(
    (n) => E[n],
  ),
);
// The destination itself is refused: no retry, and the number is flagged invalid.
const BAD_DESTINATION = new Set(
  ['ESME_RINVDSTADR', 'ESME_RINVDSTTON', 'ESME_RINVDSTNPI', 'ESME_RINVDSTADDRSUBUNIT'].map(
    (n) => E[n],
  ),
);

export function classifyStatus(status: number): { kind: SendFailureKind; addressInvalid: boolean } {
  if (TRANSIENT.has(status)) return { kind: 'transient', addressInvalid: false };
  return { kind: 'permanent', addressInvalid: BAD_DESTINATION.has(status) };
}

/** A sender or recipient as SMPP addresses it: letters are alphanumeric, short codes national. */
export function smppAddress(address: string): { addr: string; ton: number; npi: number } {
  if (/[a-z]/i.test(address)) return { addr: address, ton: 5, npi: 0 };
  const digits = address.replace(/[^0-9]/g, '');
  if (digits.length <= 6 && !address.startsWith('+')) return { addr: digits, ton: 3, npi: 0 };
  return { addr: digits, ton: 1, npi: 1 };
}

/**
 * The short_message of each part. A long text gets a concatenation header (IEI 0x00: reference,
 * total, sequence) so the handset joins the parts; the reference tells this message's parts
 * from another's.
 */
export function partMessages(
  segments: SmsSegments,
  reference: number,
): { data_coding: number; short_message: string | { udh: Buffer; message: string } }[] {
  // 0x00 is the SMSC's default alphabet (GSM 03.38, which the smpp package encodes); 0x08 UCS-2.
  const dataCoding = segments.encoding === 'GSM-7' ? 0x00 : 0x08;
  const total = segments.parts.length;
  if (total === 1) return [{ data_coding: dataCoding, short_message: segments.parts[0]! }];
  return segments.parts.map((message, i) => ({
    data_coding: dataCoding,
    short_message: {
      udh: Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, i + 1]),
      message,
    },
  }));
}

/** esm_class bit of a receipt (SMPP 3.4, 5.2.12). */
const MC_DELIVERY_RECEIPT = 0x04;
const DELIVERED_STATES = new Set([smpp.consts.MESSAGE_STATE.DELIVERED]);
const FINAL_FAILED_STATES = new Set(
  ['EXPIRED', 'DELETED', 'UNDELIVERABLE', 'REJECTED'].map((s) => smpp.consts.MESSAGE_STATE[s]),
);

/** The text of a deliver_sm's short_message, whatever the package decoded it to. */
function messageText(pdu: Pdu): string {
  const m = pdu.short_message;
  if (typeof m === 'string') return m;
  if (Buffer.isBuffer(m)) return m.toString('latin1');
  const inner = m?.message;
  return Buffer.isBuffer(inner) ? inner.toString('latin1') : (inner ?? '');
}

/**
 * A delivery receipt, from its TLVs (SMPP 3.4's receipted_message_id and message_state) or from
 * the de-facto text format ("id:… sub:001 dlvrd:001 … stat:DELIVRD err:000 text:…"). Undefined
 * for a deliver_sm that is not a receipt (a reply from the handset) or an intermediate state.
 */
export function parseReceipt(pdu: Pdu): ReceivedReport | undefined {
  if (((pdu.esm_class ?? 0) & MC_DELIVERY_RECEIPT) === 0) return undefined;
  const text = messageText(pdu);
  const field = (name: string) => new RegExp(`\\b${name}:(\\S+)`, 'i').exec(text)?.[1];
  const id = pdu.receipted_message_id || field('id');
  if (!id) return undefined;
  const stat = field('stat')?.toUpperCase();
  const err = field('err');
  const detail = [stat && `stat:${stat}`, err && `err:${err}`].filter(Boolean).join(' ') || text;
  const state = pdu.message_state;
  if ((state !== undefined && DELIVERED_STATES.has(state)) || stat === 'DELIVRD')
    return { providerMessageId: id, outcome: 'delivered', detail };
  if (
    (state !== undefined && FINAL_FAILED_STATES.has(state)) ||
    ['UNDELIV', 'EXPIRED', 'DELETED', 'REJECTD'].includes(stat ?? '')
  )
    return { providerMessageId: id, outcome: 'failed', detail };
  return undefined; // ENROUTE, ACCEPTED, UNKNOWN: not final
}

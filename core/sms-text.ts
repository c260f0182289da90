// How an SMS text travels: GSM-7 when every character is in the GSM 03.38 alphabet (with its
// extension table), UCS-2 otherwise, and in how many parts (160 / 70 characters alone, 153 / 67
// per part once a concatenation header takes its 6 octets). The SMPP gateway splits by this,
// and the editor shows the same count live.
import { split } from 'split-sms';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** The text of each part, in order; one part when it fits a single SMS. */
  parts: string[];
  /** Characters in the text (in GSM-7 an extension character such as € takes two of a part's places). */
  length: number;
  /** What still fits in the last part. */
  remainingInPart: number;
}

export function smsSegments(text: string): SmsSegments {
  const result = split(text);
  return {
    encoding: result.characterSet === 'GSM' ? 'GSM-7' : 'UCS-2',
    parts: result.parts.length > 0 ? result.parts.map((p) => p.content) : [''],
    length: result.length,
    remainingInPart: result.remainingInPart,
  };
}

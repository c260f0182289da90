// The api's errors in a marketer's words. The api names fields by their paths in the request
// ("graph.nodes.mail.templateId", "(body)") and fixes in a developer's terms ("a UUID"); the
// web app says which thing on the page is at fault and what to do, in a sentence.
import type { FieldProblem } from './api.ts';

/** What a field of a request is, as the page calls it. */
const FIELD_WORDS: Record<string, string> = {
  name: 'The name',
  description: 'The description',
  email: 'The email address',
  phone: 'The phone number',
  password: 'The password',
  externalId: 'The customer',
  customerId: 'The customer',
  campaignId: 'The campaign',
  templateId: 'The template',
  segmentId: 'The segment',
  audienceId: 'The audience',
  eventType: 'The event',
  subject: 'The subject',
  role: 'The role',
  folder: 'The folder',
  note: 'The note',
  file: 'The file',
  triggerNodeId: 'The trigger',
  startsAt: 'The start date',
  endsAt: 'The end date',
  // A mailing's audience ("audience.include"): what it sends to and what it leaves out.
  include: 'The audience',
  exclude: 'Those left out',
};

/** "graph.nodes.mail.templateId" → 'Step "mail": the template'; "(body)" → the request. */
export function fieldWords(field: string): string {
  if (field === '' || field.startsWith('(')) return '';
  const parts = field.split('.');
  const node = parts[0] === 'graph' && parts[1] === 'nodes' ? parts[2] : undefined;
  const last = parts.filter((p) => !/^\d+$/.test(p)).at(-1) ?? field;
  const leaf = last === node ? undefined : last;
  const words =
    leaf === undefined
      ? undefined
      : (FIELD_WORDS[leaf] ??
        `The ${leaf
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .replace(/[_-]+/g, ' ')
          .toLowerCase()}`);
  if (node) return words ? `Step "${node}": ${words.toLowerCase()}` : `Step "${node}"`;
  return words ?? '';
}

/** A fix as a marketer reads it: no UUIDs, JSON or HTTP. */
export function fixWords(message: string): string {
  const text = message
    .replace(/\s*\(a UUID\)/gi, '')
    .replace(/\bUUID\b/g, 'ID')
    .replace(/\bsend valid JSON\b/i, 'reload the page and try again')
    .trim();
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** One problem as a sentence: "The email address: use an address like name@example.com." */
export function problemWords(p: Pick<FieldProblem, 'field' | 'message'>): string {
  const what = fieldWords(p.field);
  const fix = fixWords(p.message);
  const sentence = what ? `${what}: ${fix}` : fix.charAt(0).toUpperCase() + fix.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

const STATUS_WORDS: Record<number, string> = {
  0: 'Herald cannot be reached. Check your connection, then retry.',
  401: 'You were signed out. Sign in again to carry on.',
  403: 'Your role does not allow this. Ask an admin of your team.',
  404: 'This is no longer there: someone may have deleted it. Reload the list.',
  413: 'That is too large to send at once. Try a smaller file or fewer rows.',
  429: 'Herald is busy with many requests from you. Wait a few seconds, then retry.',
};

/** Any error a call to the api threw, as what the marketer should read. */
export function sayError(err: unknown): string {
  const e = err as { status?: number; message?: string; problems?: FieldProblem[] };
  const status = e.status;
  if (status !== undefined && STATUS_WORDS[status]) return STATUS_WORDS[status];
  if (status !== undefined && status >= 500)
    return 'Herald could not finish this just now. Nothing was lost: retry in a moment.';
  const problems = e.problems ?? [];
  if (status === 400 && problems.length > 0) {
    const sentences = [...new Set(problems.map(problemWords))];
    return sentences.length === 1
      ? sentences[0]!
      : `Please fix these first: ${sentences.join(' ')}`;
  }
  return e.message ?? 'Something went wrong. Retry in a moment.';
}

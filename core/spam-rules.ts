// How to fix what SpamAssassin says about an email (issue 14). SpamAssassin names each rule that
// fired and describes it in its own words; marketers want to know what to change in the editor.
// Advice by rule name, or by the start of the name for families of rules (HTML_IMAGE_RATIO_02,
// _04...); rules without advice keep SpamAssassin's description only.
const ADVICE: [RegExp, string][] = [
  [
    /^HTML_IMAGE_ONLY/,
    'Add text: an email of images with little text looks like spam. Aim for at least 500 characters of text.',
  ],
  [/^HTML_IMAGE_RATIO/, 'Add text or remove images: the email has too little text for its images.'],
  [/^HTML_SHORT_LINK_IMG/, 'Give linked images some text around them, or a text link beside them.'],
  [
    /^MIME_HTML_ONLY/,
    'Send a plain-text part too (Herald makes one from the HTML unless the body is empty).',
  ],
  [/^MPART_ALT_DIFF/, 'Make the plain-text part say what the HTML says.'],
  [
    /^HTML_FONT_LOW_CONTRAST|^HTML_FONT_FACE_BAD|^FONT_INVIS/,
    'Use readable text: text coloured like its background hides words, as spammers do.',
  ],
  [
    /^HTML_OBFUSCATE|^OBFU_/,
    'Write words plainly: no letters swapped for numbers or symbols, no HTML entities inside words.',
  ],
  [/^UPPERCASE_|^SUBJ_ALL_CAPS|^SUBJECT_NEEDS_ENCODING/, 'Write in sentence case: capitals shout.'],
  [
    /^SUBJ_EXCESS_|^PLING|^EXCUSE_|^SUBJ_YOUR_/,
    'Drop the exclamation or question marks and pushy phrases from the subject.',
  ],
  [
    /^(FREE|MONEY|LOTS_OF_MONEY|ADVANCE_FEE|GUARANTEED_|US_DOLLARS|FORM_FRAUD|MILLION)/,
    'Avoid money and "free"/"guaranteed" promises: say what the offer is in plain words.',
  ],
  [/^DRUGS_|^PHARMA/, 'Remove drug names: they are the classic spam topic.'],
  [
    /^DEAR_|^BODY_SINGLE_WORD/,
    'Greet the customer by name ({{ customer.firstName | default: "there" }}), not "Dear friend".',
  ],
  [
    /^(CLICK_BELOW|CLICK_HERE|LINK_TO_UNSUBSCRIBE)/,
    'Give links text saying where they lead, not "click here".',
  ],
  [/^EMPTY_MESSAGE|^MISSING_/, 'Give the email a subject and a body.'],
  [/^T?_?REMOTE_IMAGE|^HTML_EMBEDS/, 'Host images on your own domain and keep them few.'],
  [
    /^URI_|^HTTPS_HTTP_MISMATCH|^NORMAL_HTTP_TO_IP|^NUMERIC_HTTP_ADDR/,
    'Link to your own domain with https://, not IP addresses or shortened links.',
  ],
  [/^FREEMAIL_/, 'Send from your own domain, not a free mailbox such as Gmail.'],
  [/^TVD_|^T_TVD_/, 'Rephrase: the wording matches patterns common in spam.'],
  [/^RDNS_|^NO_RELAYS|^NO_RECEIVED|^HTML_MESSAGE/, 'Informational: nothing to change.'],
];

/** What to change so that the rule no longer fires, or undefined when Herald has no advice. */
export function spamRuleAdvice(rule: string): string | undefined {
  return ADVICE.find(([pattern]) => pattern.test(rule))?.[1];
}

export interface SpamRule {
  name: string;
  score: number;
  description: string;
  fix?: string;
}

export interface SpamReport {
  score: number;
  threshold: number;
  rules: SpamRule[];
}

/**
 * Reads spamd's REPORT answer: "Spam: True ; 7.8 / 5.0" in the headers, then a report whose
 * table lists each rule as " 2.7 MISSING_DATE   Missing Date: header" (descriptions may wrap
 * onto indented lines).
 */
export function parseSpamReport(spamHeader: string, report: string): SpamReport {
  const m = /;\s*(-?[\d.]+)\s*\/\s*(-?[\d.]+)/.exec(spamHeader);
  if (!m) throw new Error(`spamd answered without a score: "${spamHeader}"`);
  const rules: SpamRule[] = [];
  const table = report.split(/^-{4} -+ -+\s*$/m)[1] ?? '';
  for (const line of table.split(/\r?\n/)) {
    const row = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.*)$/.exec(line);
    if (row) {
      const name = row[2]!;
      rules.push({
        name,
        score: Number(row[1]),
        description: row[3]!.trim(),
        fix: spamRuleAdvice(name),
      });
    } else if (rules.length > 0 && /^\s{5,}\S/.test(line)) {
      const last = rules[rules.length - 1]!;
      last.description = `${last.description} ${line.trim()}`;
    }
  }
  // The rules that cost the most first: they are what to fix.
  rules.sort((a, b) => b.score - a.score);
  return { score: Number(m[1]), threshold: Number(m[2]), rules };
}

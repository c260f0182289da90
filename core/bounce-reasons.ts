// Why a message failed, read from the provider's answer: SMTP enhanced status codes (RFC 3463)
// and the words providers use. The first rule that matches names the reason. Kept as patterns
// so that the delivery report can group in SQL without fetching every failure.
export const BOUNCE_REASONS: readonly { reason: string; pattern: string }[] = [
  {
    reason: 'mailbox does not exist',
    pattern: '5\\.1\\.[0-9]|user unknown|no such user|does not exist|mailbox unavailable',
  },
  { reason: 'mailbox full', pattern: '[45]\\.2\\.2|quota|mailbox full' },
  {
    reason: 'blocked as spam or by policy',
    pattern: '5\\.7\\.[0-9]|spam|blocked|block ?list|blacklist',
  },
  {
    reason: 'temporary failure',
    pattern: '^4[0-9][0-9]|4\\.[0-9]\\.[0-9]|try again|time(d)? ?out|deferred',
  },
  { reason: 'handset unreachable', pattern: 'unreachable|undeliv|absent subscriber|3000[0-9]' },
  { reason: 'invalid address', pattern: 'invalid|malformed|not a valid' },
];

/**
 * A SQL expression naming the reason for the text in `column`, or "other". For knex.raw: a "?"
 * in a pattern is escaped, or knex would take it for a binding.
 */
export function bounceReasonSql(column: string): string {
  const whens = BOUNCE_REASONS.map(
    (r) =>
      `when ${column} ~* '${r.pattern.replace(/'/g, "''").replace(/\?/g, '\\?')}' then '${r.reason}'`,
  );
  return `case when ${column} is null then 'no answer recorded' ${whens.join(' ')} else 'other' end`;
}

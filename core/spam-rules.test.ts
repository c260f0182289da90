// spamd's REPORT answer read into rules, with advice: the figures and names as spamd prints them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpamReport, spamRuleAdvice } from './spam-rules.ts';

const REPORT = `Spam detection software, running on the system "vm", has identified...

Content analysis details:   (7.8 points, 5.0 required)

 pts rule name              description
---- ---------------------- --------------------------------------------------
 0.6 MISSING_MID            Missing Message-Id: header
-0.0 NO_RELAYS              Informational: message was not relayed via SMTP
 2.7 GUARANTEED_100_PERCENT BODY: One hundred percent guaranteed
 1.8 DRUGS_ERECTILE         Refers to an erectile drug
 0.1 URI_LONG               A description that spamd wrapped
                            onto a second line
`;

test('the score, threshold and every rule are read, the costliest first, with advice', () => {
  const r = parseSpamReport('True ; 7.8 / 5.0', REPORT);
  assert.equal(r.score, 7.8);
  assert.equal(r.threshold, 5);
  assert.deepEqual(
    r.rules.map((x) => [x.name, x.score]),
    [
      ['GUARANTEED_100_PERCENT', 2.7],
      ['DRUGS_ERECTILE', 1.8],
      ['MISSING_MID', 0.6],
      ['URI_LONG', 0.1],
      ['NO_RELAYS', -0],
    ],
  );
  assert.equal(
    r.rules.find((x) => x.name === 'URI_LONG')!.description,
    'A description that spamd wrapped onto a second line',
  );
  assert.match(r.rules[0]!.fix!, /plain words/);
  assert.equal(spamRuleAdvice('SOME_UNKNOWN_RULE'), undefined);
  assert.throws(() => parseSpamReport('', REPORT), /without a score/);
});

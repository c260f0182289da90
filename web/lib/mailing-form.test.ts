// Unit tests of the mailing page's pure parts: the edit rules as the form applies them, the
// delivery built from the form's choices, and the progress of the counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MailingCounts } from '../../core/contract/mailings.ts';
import { deliveryOf, editRules, localInputOf, progressOf } from './mailing-form.ts';

test('the edit rules: all before the start, the throttle while it sends, attribution once finished', () => {
  for (const s of ['draft', 'scheduled'] as const)
    assert.deepEqual(editRules(s), { content: true, throttle: true, attribution: true });
  for (const s of ['collecting', 'sending', 'paused'] as const) {
    const r = editRules(s);
    assert.deepEqual([r.content, r.throttle], [false, true], s);
    assert.match(r.why ?? '', /pause, resume or cancel/);
  }
  for (const s of ['sent', 'cancelled', 'failed'] as const) {
    const r = editRules(s);
    assert.deepEqual([r.content, r.throttle, r.attribution], [false, false, true], s);
    assert.match(r.why ?? '', /only its attribution rules/);
  }
});

test('the delivery: now, a local time in each zone, or one instant ignoring it', () => {
  assert.deepEqual(deliveryOf('now', '2030-01-02T10:00'), { mode: 'now' });
  assert.deepEqual(deliveryOf('localTime', '2030-01-02T10:00'), {
    mode: 'localTime',
    localTime: '2030-01-02T10:00',
  });
  const at = deliveryOf('at', '2030-01-02T10:00');
  assert.equal(at.mode, 'at');
  // Read in the browser's zone, and shown back the same.
  assert.equal(localInputOf(at), '2030-01-02T10:00');
  assert.equal(localInputOf({ mode: 'now' }), '');
});

test('progress: the share of recipients no longer queued', () => {
  const counts = (recipients: number, queued: number) =>
    ({ recipients, queued }) as unknown as MailingCounts;
  assert.equal(progressOf(counts(0, 0)), 0);
  assert.equal(progressOf(counts(40, 30)), 0.25);
  assert.equal(progressOf(counts(40, 0)), 1);
});

// The status a messages table shows: the furthest stage the history reached.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latestStatus } from './message-status.ts';

const h = (...statuses: string[]) => statuses.map((status) => ({ status }));

test('an opened message reads "opened", a clicked one "clicked", whatever came in after', () => {
  assert.equal(latestStatus('sent', h('sending', 'sent', 'opened')), 'opened');
  assert.equal(latestStatus('sent', h('sending', 'sent', 'clicked', 'opened')), 'clicked');
  assert.equal(latestStatus('delivered', h('sent', 'delivered')), 'delivered');
});

test('a message that never went out keeps its own status', () => {
  assert.equal(latestStatus('failed', h('sending', 'failed')), 'failed');
  assert.equal(latestStatus('bounced', h('sent', 'bounced')), 'bounced');
  assert.equal(latestStatus('skipped', h('skipped')), 'skipped');
});

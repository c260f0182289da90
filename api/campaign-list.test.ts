// The campaign list for hundreds of campaigns, through the api with the real worker: folders,
// duplicates, and each campaign's entries, sends and conversions (receipts within 7 days after
// one of its sends).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { publishWelcome } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

type Listed = {
  id: string;
  name: string;
  folder: string | null;
  entries: number;
  sends: number;
  conversions: number;
};
const list = async () => (await h.api('/v1/campaigns')).body.campaigns as Listed[];

describe('campaign list', () => {
  test('a campaign is filed in a folder, moved out, and duplicated into the same folder', async () => {
    const created = await h.api('/v1/campaigns', {
      body: { name: 'Spring sale', folder: 'Seasonal' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.campaign.id as string;
    assert.equal(created.body.campaign.folder, 'Seasonal');

    const copy = await h.api(`/v1/campaigns/${id}/duplicate`, { body: {} });
    assert.equal(copy.status, 201, JSON.stringify(copy.body));
    assert.equal(copy.body.campaign.name, 'Spring sale (copy)');
    assert.equal(copy.body.campaign.folder, 'Seasonal');
    assert.equal(copy.body.campaign.status, 'draft');

    const moved = await h.api(`/v1/campaigns/${id}`, { method: 'PATCH', body: { folder: null } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const rows = await list();
    assert.equal(rows.find((c) => c.id === id)?.folder, null);
    assert.equal(rows.find((c) => c.id === copy.body.campaign.id)?.folder, 'Seasonal');

    const blank = await h.api(`/v1/campaigns/${id}`, { method: 'PATCH', body: { folder: ' ' } });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.error.problems[0].field, 'folder');
    const missing = await h.api('/v1/campaigns/00000000-0000-4000-8000-000000000000/duplicate', {
      body: {},
    });
    assert.equal(missing.status, 404);
  });

  test('entries, sends and conversions: a receipt within 7 days after a send counts', async () => {
    const id = await publishWelcome(h);
    for (const who of ['ada', 'bob']) {
      const res = await h.api('/v1/events', {
        body: { type: 'signed_up', externalId: who, customer: { email: `${who}@example.com` } },
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
    }
    await h.smtp.waitFor((m) => /Welcome/.test(m.subject ?? ''), { count: 2 });
    // Ada buys a day after her welcome email; Bob bought before his, which is no conversion.
    const dayAfter = new Date(Date.now() + 86_400_000).toISOString();
    const before = new Date(Date.now() - 86_400_000).toISOString();
    for (const [who, at, n] of [
      ['ada', dayAfter, 1],
      ['bob', before, 2],
    ] as const) {
      const res = await h.api('/v1/receipts', {
        body: {
          externalId: who,
          receiptExternalId: `R-${n}`,
          occurredAt: at,
          currency: 'USD',
          lines: [{ productId: 'cup', price: 10 }],
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    // The sends are counted once their status is recorded, just after the inbox got them.
    const numbers = await eventually(async () => {
      const row = (await list()).find((c) => c.id === id)!;
      return row.sends === 2 ? [row.entries, row.sends, row.conversions] : undefined;
    });
    assert.deepEqual(numbers, [2, 2, 1]);
  });
});

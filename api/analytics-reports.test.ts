// The analytics reports through the api: a machine's open (a privacy proxy's pixel fetch, seen
// by the real tracker route) is kept apart from a person's; the heatmap places an open in the
// recipient's own zone; periods are checked with a 400 naming the field; every report comes as
// CSV and XLSX; a scheduled report arrives by email with its file; the snapshot run fills the
// trend tables.
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ReportName } from '../core/contract/analytics.ts';
import { trackingToken } from '../core/tracking.ts';
import { loadConfig } from '../core/config.ts';
import { takeSnapshots } from '../db/report-snapshots.ts';
import { DAY, HOUR, ago, customer, message } from '../scripts/testing/analytics-data.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

const day = (d: Date) => d.toISOString().slice(0, 10);
const period = `from=${day(ago(7 * DAY))}&to=${day(new Date())}`;
const pixel = (id: string, userAgent: string) =>
  fetch(`${h.apiUrl}/t/o/${trackingToken(loadConfig().HERALD_SECRET, 'open', id)}`, {
    headers: { 'user-agent': userAgent },
  });

test("a machine's open is shown apart and never counted as a person's", async () => {
  const c = await customer(h.db);
  const sentAt = ago(2 * HOUR);
  const proxied = await message(h.db, { customerId: c, sentAt, deliveredAt: sentAt });
  const read = await message(h.db, { customerId: c, sentAt, deliveredAt: sentAt });
  const justDelivered = await message(h.db, { customerId: c, sentAt, deliveredAt: new Date() });
  // Apple Mail Privacy Protection fetches with the bare "Mozilla/5.0"; a scanner within seconds.
  assert.equal((await pixel(proxied, 'Mozilla/5.0')).status, 200);
  const person =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
  assert.equal((await pixel(justDelivered, person)).status, 200);
  assert.equal((await pixel(read, person)).status, 200);

  const r = await h.api(`/v1/reports/channels?${period}&channel=email`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(
    { opened: r.body.rows[0].opened, machineOpened: r.body.rows[0].machineOpened },
    { opened: 1, machineOpened: 2 },
  );
  const reasons = await h.db('machine_opens').orderBy('reason').pluck('reason');
  assert.deepEqual(reasons, ['Apple Mail Privacy Protection', 'opened within seconds of delivery']);
  // Only the person's open became an email_opened event, the trigger of journeys.
  const events = await h.db('events').where({ type: 'email_opened' }).pluck('properties');
  assert.deepEqual(
    events.map((p: { messageId: string }) => p.messageId),
    [read],
  );
});

test("the opens heatmap places each open in the recipient's own time zone", async () => {
  await h.db('messages').delete();
  const tokyo = await customer(h.db, { timeZone: 'Asia/Tokyo' });
  const york = await customer(h.db, { timeZone: 'America/New_York' });
  const at = ago(2 * DAY);
  await message(h.db, { customerId: tokyo, sentAt: ago(3 * DAY), openedAt: at });
  await message(h.db, { customerId: york, sentAt: ago(3 * DAY), openedAt: at });
  await message(h.db, { customerId: york, sentAt: ago(3 * DAY), machineOpenedAt: at });

  const r = await h.api(`/v1/reports/opens-heatmap?${period}`);
  assert.equal(r.status, 200);
  const local = (zone: string) => {
    const t = DateTime.fromJSDate(at, { zone });
    return { weekday: t.weekday, hour: t.hour, opens: 1 };
  };
  const expected = [local('Asia/Tokyo'), local('America/New_York')].sort(
    (a, b) => a.weekday - b.weekday || a.hour - b.hour,
  );
  assert.deepEqual(
    r.body.cells,
    expected,
    'one open each, at its local hour: same instant, 14 hours apart',
  );
  assert.equal(r.body.machineOpens, 1);
});

test('a bad period is a 400 naming the field', async () => {
  const bad = await h.api('/v1/reports/channels?from=2026-02-30');
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /from/);
  const backwards = await h.api('/v1/reports/customers?from=2026-03-02&to=2026-03-01');
  assert.equal(backwards.status, 400);
  assert.match(JSON.stringify(backwards.body), /"to"|to/);
  assert.equal((await h.api('/v1/reports/channels?channel=fax')).status, 400);
  assert.equal((await h.api('/v1/reports/mailings/not-an-id')).status, 400);
  assert.equal((await h.api(`/v1/reports/mailings/${crypto.randomUUID()}`)).status, 404);
});

test('every report comes as CSV and as an XLSX workbook', async () => {
  for (const name of ReportName.options) {
    const csv = await fetch(`${h.apiUrl}/v1/reports/${name}/export?format=csv&${period}`, {
      headers: { authorization: `Bearer ${h.apiKey}` },
    });
    assert.equal(csv.status, 200, name);
    assert.match(csv.headers.get('content-type')!, /text\/csv/);
    assert.ok((await csv.text()).length > 0);
    const xlsx = await fetch(`${h.apiUrl}/v1/reports/${name}/export?format=xlsx&${period}`, {
      headers: { authorization: `Bearer ${h.apiKey}` },
    });
    assert.equal(xlsx.status, 200, name);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    assert.ok(book.worksheets.length > 0, `${name} has sheets`);
  }
});

test('a scheduled report is mailed with its file attached', async () => {
  const created = await h.api('/v1/reports/schedules', {
    body: { report: 'rfm', format: 'xlsx', recipients: ['boss@example.org'], every: 'week' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const handle = h.temporal.schedule.getHandle(`report:${created.body.id}`);
  await handle.trigger();
  const [mail] = await h.smtp.waitFor((m) => m.subject?.startsWith('Herald report: rfm') ?? false, {
    timeoutMs: 30_000,
  });
  assert.match(mail!.attachments[0]!.filename!, /^rfm-\d{4}-\d{2}-\d{2}\.xlsx$/);
  assert.equal(
    (await h.api(`/v1/reports/schedules/${created.body.id}`, { method: 'DELETE' })).status,
    204,
  );
  const refused = await h.api('/v1/reports/schedules', {
    body: { report: 'rfm', format: 'pdf', recipients: [], every: 'week' },
  });
  assert.equal(refused.status, 400);
  assert.match(JSON.stringify(refused.body), /format/);
});

test('the snapshot run fills the trend tables the charts read', async () => {
  await customer(h.db);
  await message(h.db, {
    customerId: await customer(h.db),
    sentAt: ago(DAY),
    deliveredAt: ago(DAY),
  });
  await takeSnapshots(h.db);
  const trend = await h.api(`/v1/reports/data-quality/trend?${period}`);
  assert.equal(trend.body.days.at(-1).day, day(new Date()));
  assert.ok(trend.body.days.at(-1).customers >= 2);
  const channels = await h.api(`/v1/reports/channels?${period}`);
  assert.ok(channels.body.fromSnapshots >= 1);
  assert.ok(channels.body.rows[0].sent >= 1);
});

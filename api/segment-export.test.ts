// A segment's CSV by email on a schedule, with the worker running and the test's real SMTP
// server: bad schedules are 400s naming the field; a good one creates its Temporal Schedule in
// the account time zone; sent now, the email carries the members as a CSV attachment, row for
// row; the value suggestions the builder offers come from the data.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { after, before, test } from 'node:test';
import { segmentExportScheduleId } from '../entry/segment-export-schedules.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h?.close());

async function customer(externalId: string, city: string) {
  const res = await h.api('/v1/customers', {
    body: { externalId, city, email: `${externalId}@example.com` },
  });
  return res.body.customer.id as string;
}

test('a scheduled export: 400s name the field; sent now, the CSV attachment holds the members', async () => {
  await customer('exp-1', 'Tomsk');
  await customer('exp-2', 'Tomsk');
  await customer('exp-3', 'Kazan');
  await h.api('/v1/settings/time-zone', { method: 'PUT', body: { timeZone: 'Asia/Tomsk' } });
  const seg = await h.api('/v1/segments', {
    body: {
      name: 'Tomsk residents',
      rules: {
        kind: 'group',
        match: 'all',
        children: [{ kind: 'attribute', field: 'city', test: { op: 'equals', value: 'Tomsk' } }],
      },
    },
  });
  assert.equal(seg.status, 201, JSON.stringify(seg.body));
  const id = seg.body.segment.id as string;
  const path = `/v1/segments/${id}/export-schedule`;

  assert.equal((await h.api(path)).body.schedule, null);
  const bad: [object, string][] = [
    [{ recipients: ['not-an-address'], cadence: 'daily', hour: 8 }, 'recipients.0'],
    [{ recipients: [], cadence: 'daily', hour: 8 }, 'recipients'],
    [{ recipients: ['a@example.com'], cadence: 'hourly', hour: 8 }, 'cadence'],
    [{ recipients: ['a@example.com'], cadence: 'daily', hour: 24 }, 'hour'],
    [{ recipients: ['a@example.com'], cadence: 'weekly', hour: 8 }, 'weekday'],
  ];
  for (const [body, field] of bad) {
    const res = await h.api(path, { method: 'PUT', body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.ok(
      res.body.error.problems.some((p: { field: string }) => p.field === field),
      `${field}: ${JSON.stringify(res.body)}`,
    );
  }
  const unknown = await h.api('/v1/segments/00000000-0000-4000-8000-000000000000/export-schedule');
  assert.equal(unknown.status, 404);

  const put = await h.api(path, {
    method: 'PUT',
    body: {
      recipients: ['ops@example.com', 'boss@example.com'],
      cadence: 'weekly',
      hour: 7,
      weekday: 1,
    },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.schedule.timeZone, 'Asia/Tomsk');
  const described = await h.temporal.schedule.getHandle(segmentExportScheduleId(id)).describe();
  assert.equal(described.spec.timezone, 'Asia/Tomsk');
  assert.equal(described.spec.calendars?.[0]?.hour?.[0]?.start, 7);
  assert.equal(described.spec.calendars?.[0]?.dayOfWeek?.[0]?.start, 'MONDAY');

  assert.equal((await h.api(`${path}/send`, { method: 'POST' })).status, 204);
  const [mail] = await h.smtp.waitFor((m) => m.subject?.includes('Tomsk residents') ?? false, {
    timeoutMs: 60_000,
  });
  assert.deepEqual(
    [mail!.to].flat().flatMap((a) => a!.value.map((v) => v.address)),
    ['ops@example.com', 'boss@example.com'],
  );
  assert.equal(mail!.attachments.length, 1);
  const file = mail!.attachments[0]!;
  assert.equal(file.contentType, 'text/csv');
  assert.match(file.filename ?? '', /^Tomsk-residents-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parse<Record<string, string>>(file.content, { columns: true });
  assert.deepEqual(rows.map((r) => r.externalId).sort(), ['exp-1', 'exp-2']);
  const after = await h.api(path);
  assert.equal(after.body.schedule.lastRows, 2);

  assert.equal((await h.api(path, { method: 'DELETE' })).status, 204);
  await assert.rejects(h.temporal.schedule.getHandle(segmentExportScheduleId(id)).describe());
  assert.equal((await h.api(path)).body.schedule, null);
});

test('value suggestions come from the data and the named things, matched literally', async () => {
  await customer('sug-1', 'Novosibirsk');
  await customer('sug-2', 'Nov%city');
  const cities = await h.api('/v1/segment-values?field=city&q=nov');
  assert.equal(cities.status, 200);
  const values = cities.body.values.map((v: { value: string }) => v.value);
  assert.ok(values.includes('Novosibirsk') && values.includes('Nov%city'), JSON.stringify(values));
  const literal = await h.api(`/v1/segment-values?field=city&q=${encodeURIComponent('%')}`);
  assert.deepEqual(
    literal.body.values.map((v: { value: string }) => v.value),
    ['Nov%city'],
  );
  const bad = await h.api('/v1/segment-values?field=planet');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.problems[0].field, 'field');
});

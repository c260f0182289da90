// Bad input gets a 400 that names the field; requests without a valid key get a 401.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const fields = (body: { error: { problems: { field: string }[] } }) =>
  body.error.problems.map((p) => p.field);

describe('authentication', () => {
  test('every /v1 route refuses a request without an API key', async () => {
    for (const path of [
      '/v1/events',
      '/v1/campaigns',
      '/v1/customers?externalId=x',
      '/v1/openapi.json',
      '/v1/templates',
    ]) {
      const res = await h.api(path, { key: null });
      assert.equal(res.status, 401, path);
      assert.match(res.body.error.message, /Authorization: Bearer/);
    }
    const post = await h.api('/v1/events', {
      key: null,
      body: { type: 'signed_up', externalId: 'x' },
    });
    assert.equal(post.status, 401);
    assert.equal(
      await h
        .db('events')
        .count('* as n')
        .first()
        .then((r) => r?.n),
      0,
    );
  });

  test('a wrong key is refused', async () => {
    const res = await h.api('/v1/campaigns', { key: 'hk_not-a-real-key' });
    assert.equal(res.status, 401);
    assert.match(res.body.error.message, /not valid/);
  });

  test('/health needs no key', async () => {
    const res = await h.api('/health', { key: null });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', database: 'ok', temporal: 'ok' });
  });
});

describe('bad input', () => {
  test('an event without a type is refused naming "type"', async () => {
    const res = await h.api('/v1/events', { body: { externalId: 'u1' } });
    assert.equal(res.status, 400);
    assert.deepEqual(fields(res.body), ['type']);
  });

  test('an event that names no customer is refused naming "customerId"', async () => {
    const res = await h.api('/v1/events', { body: { type: 'x' } });
    assert.equal(res.status, 400);
    assert.deepEqual(fields(res.body), ['customerId']);
    assert.match(res.body.error.message, /customerId or externalId/);
  });

  test('a bad email and time zone are named with their fix', async () => {
    const res = await h.api('/v1/customers', {
      body: { externalId: 'u2', email: 'not-an-email', timeZone: 'Mars/Base' },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fields(res.body).sort(), ['email', 'timeZone']);
    assert.match(JSON.stringify(res.body), /Europe\/Berlin/);
  });

  test('malformed JSON is a 400, not a 500', async () => {
    const res = await h.api('/v1/events', { body: '{"type": ' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'bad_json');
  });

  test('a batch keeps its good events and names the bad ones by index', async () => {
    const res = await h.api('/v1/events', {
      body: {
        events: [
          { type: 'page_view', externalId: 'b1' },
          { type: 'bad type!', externalId: 'b2' },
          { type: 'page_view', externalId: 'b3', occurredAt: 'yesterday' },
          { type: 'page_view', externalId: 'b4' },
        ],
      },
    });
    assert.equal(res.status, 207);
    assert.equal(res.body.accepted, 2);
    assert.deepEqual(
      res.body.results.map((r: { status: string }) => r.status),
      ['accepted', 'rejected', 'rejected', 'accepted'],
    );
    assert.deepEqual(fields(res.body.results[1]), ['events.1.type']);
    assert.deepEqual(fields(res.body.results[2]), ['events.2.occurredAt']);
    assert.equal(
      await h
        .db('events')
        .where({ type: 'page_view' })
        .count('* as n')
        .first()
        .then((r) => r?.n),
      2,
    );
  });

  test('publishing a broken graph lists each problem with its node', async () => {
    const graph = welcomeGraph('00000000-0000-0000-0000-000000000000');
    graph.edges = graph.edges.filter((e) => e.from !== 'welcome-email');
    const created = await h.api('/v1/campaigns', { body: { name: 'Broken', graph } });
    assert.equal(created.status, 201);
    const res = await h.api(`/v1/campaigns/${created.body.campaign.id}/publish`, { body: {} });
    assert.equal(res.status, 400);
    assert.deepEqual(fields(res.body).sort(), [
      'graph.nodes.done',
      'graph.nodes.welcome-email',
      'graph.nodes.welcome-email.templateId',
    ]);
  });

  test('a template that does not compile names the field', async () => {
    const res = await h.api('/v1/templates', {
      body: { ...welcomeTemplate, subject: 'Hi {{ customer.firstName | nope }}' },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(fields(res.body), ['subject']);
  });

  test('a valid campaign publishes as version 1, then 2', async () => {
    const id = await publishCampaign(
      h,
      'Versions',
      welcomeGraph(await createTemplate(h, welcomeTemplate)),
    );
    const again = await h.api(`/v1/campaigns/${id}/publish`, { body: { note: 'second' } });
    assert.equal(again.body.version.version, 2);
    const got = await h.api(`/v1/campaigns/${id}`);
    assert.deepEqual(
      got.body.campaign.versions.map((v: { version: number }) => v.version),
      [2, 1],
    );
  });
});

test('the OpenAPI document describes the event payload', async () => {
  const res = await h.api('/v1/openapi.json');
  assert.equal(res.status, 200);
  assert.equal(res.body.openapi, '3.1.0');
  assert.ok(res.body.components.schemas.EventInput.properties.type);
  assert.ok(res.body.paths['/v1/events'].post);
});

// Saved email blocks (issue 14) through the real api and Postgres: saved, listed, renamed,
// changed and deleted; MJML that is not body content or does not compile, and a name already
// taken, are refused naming the field.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const header =
  '<mj-section><mj-column><mj-text>Herald Shop · {{ customer.firstName | default: "friend" }}</mj-text></mj-column></mj-section>';

test('a saved block is created, listed, renamed, changed and deleted', async () => {
  const created = await h.api('/v1/template-blocks', {
    body: { name: 'Our header', mjml: header },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.block.id;
  const list = await h.api('/v1/template-blocks');
  assert.deepEqual(
    list.body.blocks.map((b: { name: string }) => b.name),
    ['Our header'],
  );
  const renamed = await h.api(`/v1/template-blocks/${id}`, {
    method: 'PATCH',
    body: { name: 'Our winter header', mjml: header.replace('Herald Shop', 'Herald Winter') },
  });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.match((await h.api(`/v1/template-blocks/${id}`)).body.block.mjml, /Herald Winter/);
  assert.equal((await h.api(`/v1/template-blocks/${id}`, { method: 'DELETE' })).status, 204);
  assert.equal((await h.api(`/v1/template-blocks/${id}`)).status, 404);
  assert.equal((await h.api(`/v1/template-blocks/${id}`, { method: 'DELETE' })).status, 404);
});

test('a block that is not body MJML, does not compile or takes a name is refused', async () => {
  const save = (body: Record<string, unknown>) => h.api('/v1/template-blocks', { body });
  const notMjml = await save({ name: 'Text', mjml: 'just words' });
  assert.equal(notMjml.status, 400);
  assert.equal(notMjml.body.error.problems[0].field, 'mjml');
  const unclosed = await save({
    name: 'Loop',
    mjml: '<mj-section><mj-column><mj-text>{% for p in cart.items %}{{ p.name }}</mj-text></mj-column></mj-section>',
  });
  assert.equal(unclosed.status, 400);
  assert.match(unclosed.body.error.problems[0].message, /endfor/);
  const typo = await save({
    name: 'Typo',
    mjml: '<mj-section><mj-column><mj-text>{{ custmer.firstName }}</mj-text></mj-column></mj-section>',
  });
  assert.equal(typo.status, 400);
  assert.equal((await save({ name: '  ', mjml: header })).body.error.problems[0].field, 'name');
  assert.equal((await save({ name: 'Footer', mjml: header })).status, 201);
  assert.equal((await save({ name: 'Footer', mjml: header })).status, 409);
  const bad = await h.api('/v1/template-blocks/not-a-uuid');
  assert.equal(bad.status, 400);
});

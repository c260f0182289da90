// Imported files become MJML the editor can open.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileEmailTemplate } from '../../core/templates.ts';
import { EMAIL_BLOCKS, importedMjml, STARTER_MJML } from './email-blocks.ts';

test('an MJML file is kept; an HTML page keeps its body in mj-raw', () => {
  const mjml = '<mjml><mj-body></mj-body></mjml>';
  assert.equal(importedMjml(`  ${mjml}\n`), mjml);
  assert.equal(
    importedMjml('<html><head><title>x</title></head><body><p>Hi</p></body></html>'),
    '<mjml><mj-body><mj-raw><p>Hi</p></mj-raw></mj-body></mjml>',
  );
  assert.equal(
    importedMjml('<p>Hi</p>'),
    '<mjml><mj-body><mj-raw><p>Hi</p></mj-raw></mj-body></mjml>',
  );
});

test('every block compiles, and the product list loops over the event items', async () => {
  const body = EMAIL_BLOCKS.map((b) => b.mjml).join('');
  const t = await compileEmailTemplate({
    subject: 'x',
    mjml: STARTER_MJML.replace('</mj-body>', `${body}</mj-body>`),
  });
  const r = await t.render({
    customer: { firstName: 'Ola' },
    event: {
      properties: {
        items: [
          { name: 'Red scarf', price: 20 },
          { name: 'Blue hat', price: 15 },
        ],
      },
    },
    unsubscribeUrl: 'https://h.example/u/1.s',
  });
  assert.match(r.html, /Hello Ola,/);
  assert.match(r.html, /Red scarf[\s\S]*Blue hat/);
  assert.match(r.html, /href="https:\/\/h.example\/u\/1.s"/);
});

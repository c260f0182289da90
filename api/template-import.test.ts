// Template import (issue 14) through the real api and Postgres: an MJML file, an HTML file, a
// zip with its images (stored, served by Herald, references rewritten), and the zips refused
// with a 400 naming the problem: a path out of the folder, too many files, no document, a
// file that is not the image its name says.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { makeZip } from '../scripts/testing/zip.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

// The smallest PNG: a 1×1 transparent pixel.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const upload = async (body: Buffer | string, name = 'Imported') => {
  const res = await fetch(`${h.apiUrl}/v1/templates/import?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': 'application/octet-stream' },
    body,
  });
  // Typed as the harness's own answers.
  const answer = (await res.json()) as Awaited<ReturnType<Harness['api']>>['body'];
  return { status: res.status, body: answer };
};

test('an MJML or HTML file becomes an email template', async () => {
  const mjml =
    '<mjml><mj-head><mj-title>Spring news</mj-title></mj-head><mj-body><mj-section><mj-column><mj-text>Hi {{ customer.firstName | default: "friend" }}</mj-text></mj-column></mj-section></mj-body></mjml>';
  const fromMjml = await upload(mjml, 'Spring');
  assert.equal(fromMjml.status, 201, JSON.stringify(fromMjml.body));
  assert.equal(fromMjml.body.template.subject, 'Spring news');
  assert.equal(fromMjml.body.template.mjml, mjml);
  const fromHtml = await upload(
    '<html><head><title>Old newsletter</title></head><body><p>Hello</p></body></html>',
  );
  assert.equal(fromHtml.status, 201, JSON.stringify(fromHtml.body));
  assert.match(fromHtml.body.template.mjml, /<mj-raw><p>Hello<\/p><\/mj-raw>/);
  const broken = await upload('<mjml><mj-body><mj-text>{% if %}</mj-text></mj-body></mjml>');
  assert.equal(broken.status, 400);
});

test('a zip with its images: stored, served by Herald, the references rewritten', async () => {
  const html = `<html><head><title>Winter sale</title></head><body>
    <img src="images/logo.png" alt="Logo"><img src="./images/logo.png" alt="Again">
    <table background="bg.png"><tr><td style="background:url('images/logo.png')">Sale</td></tr></table>
    <img src="https://cdn.example.com/remote.png" alt="Remote"><img src="missing.png" alt="Missing">
  </body></html>`;
  const res = await upload(
    makeZip([
      { name: 'newsletter/index.html', bytes: html },
      { name: 'newsletter/images/logo.png', bytes: PNG },
      { name: 'newsletter/bg.png', bytes: PNG },
      { name: 'newsletter/style.css', bytes: 'p { color: red }' },
    ]),
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.template.subject, 'Winter sale');
  assert.equal(res.body.images.length, 2);
  const logo = res.body.images.find((i: { name: string }) => i.name.endsWith('logo.png')).url;
  const mjml: string = res.body.template.mjml;
  assert.equal(mjml.split(`src="${logo}"`).length, 3, 'both references to the logo');
  assert.match(mjml, new RegExp(`url\\('${logo}'\\)`));
  assert.match(mjml, /background="http:\/\/[^"]+\/i\/[0-9a-f-]{36}"/);
  assert.match(mjml, /src="https:\/\/cdn\.example\.com\/remote\.png"/);
  assert.deepEqual(res.body.unresolved, ['missing.png']);
  const image = await fetch(`${h.apiUrl}/i/${logo.split('/i/')[1]}`);
  assert.equal(image.status, 200);
  assert.deepEqual(Buffer.from(await image.arrayBuffer()), PNG);
});

test('zips that escape their folder, hold too much or no document are 400s naming the problem', async () => {
  const imagesBefore = (await h.db('images')).length;
  const doc = { name: 'index.html', bytes: '<p>Hi</p>' };
  const escape = await upload(makeZip([doc, { name: '../evil.png', bytes: PNG }]));
  assert.equal(escape.status, 400);
  assert.match(escape.body.error.message, /outside its folder/);
  const absolute = await upload(makeZip([doc, { name: '/etc/evil.png', bytes: PNG }]));
  assert.equal(absolute.status, 400);
  const many = await upload(
    makeZip([doc, ...Array.from({ length: 201 }, (_, i) => ({ name: `i${i}.png`, bytes: PNG }))]),
  );
  assert.equal(many.status, 400);
  assert.match(many.body.error.message, /202 files/);
  const none = await upload(makeZip([{ name: 'logo.png', bytes: PNG }]));
  assert.equal(none.status, 400);
  assert.match(none.body.error.message, /no \.html or \.mjml/);
  const fake = await upload(
    makeZip([doc, { name: 'logo.png', bytes: '<script>alert(1)</script>' }]),
  );
  assert.equal(fake.status, 400);
  assert.match(fake.body.error.message, /logo\.png is not a PNG image/);
  const truncated = await upload(makeZip([doc]).subarray(0, 40));
  assert.equal(truncated.status, 400);
  const empty = await upload('');
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error.problems[0].field, '(body)');
  const binary = await upload(Buffer.from([0, 1, 2, 3, 0]));
  assert.equal(binary.status, 400);
  // Nothing of a refused import is kept.
  assert.equal((await h.db('images')).length, imagesBefore);
});

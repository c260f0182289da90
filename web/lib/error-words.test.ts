// The api's errors in a marketer's words: fields named as the page names them, fixes without
// developer terms, statuses as what to do next.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from './api.ts';
import { fieldWords, problemWords, sayError } from './error-words.ts';

test('fields are named as the page names them', () => {
  assert.equal(fieldWords('email'), 'The email address');
  assert.equal(fieldWords('graph.nodes.mail.templateId'), 'Step "mail": the template');
  assert.equal(fieldWords('graph.nodes.wait'), 'Step "wait"');
  assert.equal(fieldWords('customer.firstName'), 'The first name');
  assert.equal(fieldWords('lines.2.price'), 'The price');
  assert.equal(fieldWords('(body)'), '');
});

test('a problem is one sentence, without UUIDs', () => {
  assert.equal(
    problemWords({ field: '(body)', message: 'use a campaign ID (a UUID)' }),
    'Use a campaign ID.',
  );
  assert.equal(
    problemWords({ field: 'externalId', message: 'pick an existing customer as the tester' }),
    'The customer: pick an existing customer as the tester.',
  );
});

test('statuses say what to do next', () => {
  assert.match(sayError(new ApiError(0, 'x')), /cannot be reached.*retry/i);
  assert.match(sayError(new ApiError(403, 'Forbidden: campaigns:write')), /Ask an admin/);
  assert.match(sayError(new ApiError(503, 'temporal_unavailable')), /retry in a moment/);
  assert.match(sayError(new ApiError(500, 'Internal error')), /Nothing was lost/);
});

test("a 400 lists each problem once, a 409 keeps the api's own sentence", () => {
  const refused = new ApiError(400, 'The draft cannot run yet: fix 2 problem(s) first', [
    { field: 'graph.nodes.mail.templateId', message: 'pick a template' },
    { field: 'graph.nodes.mail.templateId', message: 'pick a template' },
    { field: 'name', message: 'give the campaign a name' },
  ]);
  assert.equal(
    sayError(refused),
    'Please fix these first: Step "mail": the template: pick a template. The name: give the campaign a name.',
  );
  assert.equal(
    sayError(
      new ApiError(409, 'Customers enter active or paused campaigns only; this one is draft.'),
    ),
    'Customers enter active or paused campaigns only; this one is draft.',
  );
});

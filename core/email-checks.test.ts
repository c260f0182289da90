// Link and image checks of rendered HTML, beside the spam score.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEmailContent, linkProblem } from './email-checks.ts';

test('links that cannot work are named with the fix; working ones pass', () => {
  for (const ok of ['https://shop.example.com/a?b=1', 'mailto:help@example.com', 'tel:+4930123'])
    assert.equal(linkProblem(ok), undefined, ok);
  assert.match(linkProblem('#')!, /leads nowhere/);
  assert.match(linkProblem('')!, /leads nowhere/);
  assert.match(linkProblem('www.example.com')!, /https:\/\//);
  assert.match(linkProblem('javascript:alert(1)')!, /javascript: links do not work/);
  assert.match(linkProblem('https://{{ customer.site }}/x')!, /Liquid left/);
  assert.match(linkProblem('http://intranet/page')!, /not a public host name/);
});

test('images without alt text are named, spacers and tracking pixels are not', () => {
  const checks = checkEmailContent(
    `<img src="https://x.example/a.png" alt="">
     <img src="https://x.example/b.png" alt="A blue shirt">
     <img src="https://x.example/p.gif" width="1" height="1" alt="">
     <a href="https://t.example/u/1">Unsubscribe</a>`,
    'https://t.example/u/1',
  );
  assert.deepEqual(
    checks.images.map((i) => i.src),
    ['https://x.example/a.png'],
  );
  assert.equal(checks.unsubscribeLink, true);
  assert.equal(checkEmailContent('<p>no link</p>', 'https://t.example/u/1').unsubscribeLink, false);
});

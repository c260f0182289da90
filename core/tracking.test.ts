import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addTracking, trackingToken, verifyTrackingToken } from './tracking.ts';

const t = { baseUrl: 'https://herald.example.com', secret: 'a-secret-of-sixteen+' };

test('links go through the click tracker, with the original URL signed; a pixel is added', () => {
  const html = addTracking(
    '<html><body><a href="https://shop.example.com/cart?a=1&amp;b=2">Cart</a> <a href="mailto:x@y.z">mail</a></body></html>',
    t,
    'msg-1',
  );
  const href = /href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
  const url = new URL(href);
  assert.equal(url.origin, 'https://herald.example.com');
  assert.equal(url.searchParams.get('u'), 'https://shop.example.com/cart?a=1&b=2');
  const token = url.pathname.split('/').pop()!;
  assert.equal(verifyTrackingToken(t.secret, 'click', token, url.searchParams.get('u')!), 'msg-1');
  assert.ok(html.includes('href="mailto:x@y.z"'), 'other links stay as they are');
  assert.match(html, /<img src="https:\/\/herald\.example\.com\/t\/o\/msg-1\.[^"]+"[^>]*><\/body>/);
});

test('a token does not verify for another URL, message or secret', () => {
  const token = trackingToken(t.secret, 'click', 'msg-1', 'https://a.example');
  assert.equal(verifyTrackingToken(t.secret, 'click', token, 'https://evil.example'), undefined);
  assert.equal(
    verifyTrackingToken('another-secret-16ch', 'click', token, 'https://a.example'),
    undefined,
  );
  assert.equal(
    verifyTrackingToken(t.secret, 'click', token.replace('msg-1', 'msg-2'), 'https://a.example'),
    undefined,
  );
  assert.equal(verifyTrackingToken(t.secret, 'click', 'garbage', ''), undefined);
});

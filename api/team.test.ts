// The team (issue 10, point 9): an admin invites a colleague by email (the link is mailed through
// the SMTP relay and shown to the admin), the link works once and expires; a role change applies
// from the next request; a deactivated user's sessions end at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { REJECTED_DOMAIN } from '../scripts/testing/smtp-peer.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { call, type Credentials, signInWith, userOfRole } from '../scripts/testing/users.ts';

let h: Harness;
let admin: Credentials;
let adminId: string;

before(async () => {
  h = await createHarness();
  const a = await userOfRole(h, 'admin');
  admin = { cookie: a.cookie };
  adminId = a.id;
});
after(() => h?.close());

const invite = (email: string, role: string) =>
  call(h, admin, '/v1/invites', { body: { email, role } });
const tokenOf = (link: string) => link.split('/invite/')[1]!;
const preview = (token: string) =>
  fetch(`${h.apiUrl}/auth/invite`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
const accept = (token: string, password = 'a long enough password') =>
  fetch(`${h.apiUrl}/auth/invite/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, name: 'Ann Alyst', password }),
  });

test('an invited colleague gets the link by email, sets a password and signs in with the role', async () => {
  const made = await invite('Ann@Example.com', 'analyst');
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.mailed, true, made.body.mailError);
  assert.equal(made.body.invite.email, 'ann@example.com');
  assert.equal(made.body.invite.status, 'open');
  const days = (Date.parse(made.body.invite.expiresAt) - Date.now()) / 86_400_000;
  assert.ok(days > 6.9 && days <= 7, `expires in ${days} days`);
  const [mail] = await h.smtp.waitFor((m) => h.smtp.to('ann@example.com').includes(m));
  assert.ok(mail!.text!.includes(made.body.link), 'the mail carries the link the admin sees');
  assert.match(mail!.text!, /analyst/);
  assert.match(mail!.subject!, /The admin \(admin@roles\.test\) invited you/);
  const stored = await h.db('invites').where({ id: made.body.invite.id }).first();
  assert.ok(!JSON.stringify(stored).includes(tokenOf(made.body.link)), 'only a hash is kept');

  const token = tokenOf(made.body.link);
  const seen = await preview(token);
  assert.equal(seen.status, 200);
  assert.deepEqual(await seen.json(), {
    email: 'ann@example.com',
    role: 'analyst',
    expiresAt: made.body.invite.expiresAt,
  });
  const accepted = await accept(token);
  assert.equal(accepted.status, 200, await accepted.clone().text());
  const cookie = accepted.headers.getSetCookie()[0]!.split(';')[0]!;
  const me = await call(h, { cookie }, '/v1/me');
  assert.equal(me.body.principal.role, 'analyst');
  assert.equal(me.body.principal.email, 'ann@example.com');
  assert.equal((await call(h, { cookie }, '/v1/campaigns')).status, 200);
  assert.equal((await call(h, { cookie }, '/v1/users')).status, 403);
  // Signing in later works with the password chosen.
  await signInWith(h, 'ann@example.com', 'a long enough password');

  // The link works once.
  const again = await accept(token, 'another long password');
  assert.equal(again.status, 409);
  assert.match(((await again.json()) as any).error.message, /already been used/);
  assert.equal((await preview(token)).status, 409);
  const listed = await call(h, admin, '/v1/invites');
  assert.ok(!listed.body.invites.some((i: { id: string }) => i.id === made.body.invite.id));
});

test('an expired, withdrawn or replaced invite makes no account', async () => {
  const expiring = await invite('late@example.com', 'marketer');
  await h
    .db('invites')
    .where({ id: expiring.body.invite.id })
    .update({ expires_at: h.db.raw("now() - interval '1 minute'") });
  const late = await accept(tokenOf(expiring.body.link));
  assert.equal(late.status, 409);
  assert.match(((await late.json()) as any).error.message, /expired/);
  const listed = await call(h, admin, '/v1/invites');
  const shown = listed.body.invites.find((i: { id: string }) => i.id === expiring.body.invite.id);
  assert.equal(shown.status, 'expired');

  const withdrawn = await invite('gone@example.com', 'developer');
  const revoke = await call(h, admin, `/v1/invites/${withdrawn.body.invite.id}`, {
    method: 'DELETE',
  });
  assert.equal(revoke.status, 204);
  assert.equal((await accept(tokenOf(withdrawn.body.link))).status, 409);

  const first = await invite('twice@example.com', 'developer');
  const second = await invite('twice@example.com', 'analyst');
  assert.equal((await accept(tokenOf(first.body.link))).status, 409);
  assert.equal((await accept(tokenOf(second.body.link))).status, 200);

  assert.equal((await accept('not-a-token-from-herald')).status, 404);
  const users = await h.db('users').whereIn('email', ['late@example.com', 'gone@example.com']);
  assert.equal(users.length, 0);
  const twice = await h.db('users').where({ email: 'twice@example.com' }).first();
  assert.equal(twice.role, 'analyst');
});

test('bad invites and acceptances are 400s naming the field; a member cannot be invited again', async () => {
  const bad = await invite('not-an-email', 'root');
  assert.equal(bad.status, 400);
  const fields = bad.body.error.problems.map((p: { field: string }) => p.field).sort();
  assert.deepEqual(fields, ['email', 'role']);
  const made = await invite('short@example.com', 'analyst');
  const weak = await accept(tokenOf(made.body.link), 'short');
  assert.equal(weak.status, 400);
  assert.equal(((await weak.json()) as any).error.problems[0].field, 'password');
  const member = await invite('admin@roles.test', 'analyst');
  assert.equal(member.status, 409);
});

test('an invite whose mail bounces still gives the admin the link', async () => {
  const made = await invite(`someone@${REJECTED_DOMAIN}`, 'marketer');
  assert.equal(made.status, 201);
  assert.equal(made.body.mailed, false);
  assert.match(made.body.mailError, /550|mailbox/i);
  assert.equal((await preview(tokenOf(made.body.link))).status, 200);
});

test('a role change applies from the next request; deactivation ends the sessions at once', async () => {
  const { id, cookie } = await userOfRole(h, 'analyst');
  const who = { cookie };
  assert.equal((await call(h, who, '/v1/campaigns', { body: { name: 'No' } })).status, 403);
  const promoted = await call(h, admin, `/v1/users/${id}`, {
    method: 'PATCH',
    body: { role: 'marketer' },
  });
  assert.equal(promoted.status, 200);
  assert.equal(promoted.body.user.role, 'marketer');
  assert.equal((await call(h, who, '/v1/campaigns', { body: { name: 'Yes' } })).status, 201);

  const off = await call(h, admin, `/v1/users/${id}`, { method: 'PATCH', body: { active: false } });
  assert.equal(off.status, 200);
  assert.equal(off.body.user.active, false);
  assert.equal((await call(h, who, '/v1/me')).status, 401);
  assert.equal((await h.db('sessions').where({ user_id: id })).length, 0);
  const signIn = await fetch(`${h.apiUrl}/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'analyst@roles.test', password: 'analyst password' }),
  });
  assert.equal(signIn.status, 401);

  const on = await call(h, admin, `/v1/users/${id}`, { method: 'PATCH', body: { active: true } });
  assert.equal(on.body.user.active, true);
  await signInWith(h, 'analyst@roles.test', 'analyst password');
  const team = await call(h, admin, '/v1/users');
  assert.ok(team.body.users.some((u: { id: string; role: string }) => u.id === id));
});

test('Herald keeps an active admin: nobody demotes themselves or the last admin', async () => {
  const self = await call(h, admin, `/v1/users/${adminId}`, {
    method: 'PATCH',
    body: { role: 'analyst' },
  });
  assert.equal(self.status, 409);
  for (const body of [{ role: 'analyst' }, { active: false }]) {
    const last = await h.api(`/v1/users/${adminId}`, { method: 'PATCH', body });
    assert.equal(last.status, 409, JSON.stringify(last.body));
    assert.match(last.body.error.message, /at least one active admin/);
  }
  assert.equal((await call(h, admin, '/v1/users')).status, 200);
  const marketer = await userOfRole(h, 'marketer');
  const refused = await call(h, { cookie: marketer.cookie }, '/v1/invites', {
    body: { email: 'x@example.com', role: 'admin' },
  });
  assert.equal(refused.status, 403);
  assert.match(refused.body.error.message, /"users:manage"/);
});

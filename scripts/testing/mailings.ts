// Mailings through the real api, as a marketer makes them: an audience of the given customers,
// a mailing to it, started, and read back once it has finished.
import assert from 'node:assert/strict';
import { eventually, type Harness } from './harness.ts';

export async function audienceOf(h: Harness, name: string, customerIds: string[]) {
  const made = await h.api('/v1/audiences', { body: { name } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.audience.id as string;
  if (customerIds.length > 0) {
    const added = await h.api(`/v1/audiences/${id}/members`, { body: { customerIds } });
    assert.ok(added.status < 300, JSON.stringify(added.body));
  }
  return id;
}

/** Saves and starts an email mailing to these customers; answers its ID. */
export async function startMailing(
  h: Harness,
  name: string,
  templateId: string,
  customerIds: string[],
  more: Record<string, unknown> = {},
): Promise<string> {
  const made = await h.api('/v1/mailings', {
    body: {
      name,
      channel: 'email',
      templateId,
      audience: { include: { audiences: [await audienceOf(h, name, customerIds)] } },
      ...more,
    },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.mailing.id as string;
  const started = await h.api(`/v1/mailings/${id}/start`, { method: 'POST' });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return id;
}

/** The mailing once it reaches `status`. */
export function mailingIn(h: Harness, id: string, status = 'sent', timeoutMs = 60_000) {
  return eventually(async () => {
    const m = (await h.api(`/v1/mailings/${id}`)).body.mailing;
    return m.status === status ? m : undefined;
  }, timeoutMs);
}

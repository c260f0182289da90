'use client';
// Accepting an invite: the link's token says which email and role; choosing a name and a
// password makes the account and signs in. The token goes to the api in a body, not a URL.
import { useParams, useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import type { InvitePreview } from '../../../../core/contract/users.ts';
import type { Me } from '../../../../core/contract/sessions.ts';
import { api } from '../../../lib/api.ts';
import { homeFor } from '../../../lib/nav.ts';

export default function InvitePage() {
  const { token } = useParams<{ token: string }>();
  const router = useRouter();
  const [invite, setInvite] = useState<InvitePreview>();
  const [refused, setRefused] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<InvitePreview>('/auth/invite', { method: 'POST', body: { token } })
      .then(setInvite)
      .catch((err: Error) => setRefused(err.message));
  }, [token]);

  async function accept(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await api('/auth/invite/accept', {
        method: 'POST',
        body: { token, name: form.get('name'), password: form.get('password') },
      });
      const me = await api<Me>('/v1/me');
      router.push(homeFor(me.principal.permissions));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void accept(e)} data-testid="invite-form">
        <div className="brand brand-large">Herald</div>
        <h1>Join Herald</h1>
        {refused && (
          <p className="form-error" role="alert" data-testid="invite-refused">
            {refused}
          </p>
        )}
        {invite && (
          <>
            <p className="muted">
              You are invited as <strong>{invite.role}</strong> with {invite.email}.
            </p>
            <label htmlFor="name">Your name</label>
            <input id="name" name="name" required autoFocus data-testid="invite-name" />
            <label htmlFor="password">Choose a password (at least 10 characters)</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
              data-testid="invite-password"
            />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button
              type="submit"
              className="button primary"
              disabled={busy}
              data-testid="invite-accept"
            >
              {busy ? 'Joining…' : 'Join'}
            </button>
          </>
        )}
      </form>
    </main>
  );
}

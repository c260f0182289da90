'use client';
// Sign-in. The api sets the httpOnly session cookie; this page only posts the form.
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type { Me } from '../../../core/contract/sessions.ts';
import { api, ApiError } from '../../lib/api.ts';
import { homeFor } from '../../lib/nav.ts';

export default function LoginPage() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function signIn(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await api('/auth/session', {
        method: 'POST',
        body: { email: form.get('email'), password: form.get('password') },
      });
      // Each role lands on its first page: a developer has no campaigns to read.
      const me = await api<Me>('/v1/me');
      router.push(homeFor(me.principal.permissions));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Signing in failed. Please try again.');
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void signIn(e)} data-testid="login-form">
        <div className="brand brand-large">Herald</div>
        <h1>Sign in</h1>
        <p className="muted">Plan campaigns and follow your customers&rsquo; journeys.</p>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          data-testid="login-email"
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          data-testid="login-password"
        />
        {error && (
          <p className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

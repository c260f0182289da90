'use client';
// The team: invite a colleague with a role (the link is mailed and shown here once), change a
// role, deactivate someone (signed out at once), withdraw an invite.
import { type FormEvent, useState } from 'react';
import type { InviteCreated, Invites, TeamMembers } from '../../../../../core/contract/users.ts';
import type { Role } from '../../../../../core/permissions.ts';
import { RoleSelect } from '../../../../components/RoleSelect.tsx';
import { api } from '../../../../lib/api.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { NotAllowed, useCan, useMe } from '../../../../lib/use-me.tsx';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';
import { sayError } from '../../../../lib/error-words.ts';

function InviteForm({ onInvited }: { onInvited: (made: InviteCreated) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('marketer');
  const [error, setError] = useState<string>();
  async function invite(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      onInvited(await api<InviteCreated>('/v1/invites', { method: 'POST', body: { email, role } }));
      setEmail('');
    } catch (err) {
      setError(sayError(err));
    }
  }
  return (
    <form className="card" style={{ padding: 16 }} onSubmit={(e) => void invite(e)}>
      <div className="inline-form">
        <input
          type="email"
          placeholder="colleague@example.com"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          data-testid="invite-email"
        />
        <RoleSelect value={role} onChange={setRole} testId="invite-role" />
        <button
          type="submit"
          className="button primary"
          disabled={!email.trim()}
          data-testid="invite"
        >
          Invite
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
    </form>
  );
}

export default function TeamPage() {
  const allowed = useCan()('users:manage');
  const me = useMe();
  const users = useApi<TeamMembers>(allowed ? '/v1/users' : null);
  const invites = useApi<Invites>(allowed ? '/v1/invites' : null);
  const [invited, setInvited] = useState<InviteCreated>();
  const [error, setError] = useState<string>();

  if (!allowed) return <NotAllowed what="manage the team" />;

  async function change(path: string, method: string, body?: unknown) {
    setError(undefined);
    try {
      await api(path, { method, body });
    } catch (err) {
      setError(sayError(err));
    }
    users.reload();
    invites.reload();
  }

  return (
    <>
      <div className="page-header">
        <h1>Team</h1>
      </div>
      <InviteForm
        onInvited={(made) => {
          setInvited(made);
          invites.reload();
        }}
      />
      {invited && (
        <div className="notice warning" data-testid="invite-notice">
          <p>
            {invited.mailed
              ? `The invite was mailed to ${invited.invite.email}.`
              : `The mail to ${invited.invite.email} did not go (${invited.mailError}).`}{' '}
            You can also pass on this link; it works once, until{' '}
            {formatDateTime(invited.invite.expiresAt)}:
          </p>
          <p className="mono" data-testid="invite-link">
            {invited.link}
          </p>
        </div>
      )}
      {(error ?? users.error ?? invites.error) && (
        <ErrorNotice error={error ?? users.error ?? invites.error} />
      )}
      <section className="section">
        <h2>People</h2>
        <div className="card">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(users.data?.users ?? []).map((u) => {
                const self = me?.kind === 'user' && me.id === u.id;
                return (
                  <tr
                    key={u.id}
                    data-testid={`user-${u.email}`}
                    className={u.active ? undefined : 'muted'}
                  >
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>
                      <RoleSelect
                        value={u.role}
                        disabled={self || !u.active}
                        testId="user-role"
                        onChange={(role) => void change(`/v1/users/${u.id}`, 'PATCH', { role })}
                      />
                    </td>
                    <td>
                      {!self && (
                        <button
                          type="button"
                          className="button ghost"
                          data-testid={u.active ? 'deactivate' : 'reactivate'}
                          onClick={() =>
                            void change(`/v1/users/${u.id}`, 'PATCH', { active: !u.active })
                          }
                        >
                          {u.active ? 'Deactivate' : 'Reactivate'}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section className="section">
        <h2>Invites</h2>
        <div className="card">
          <table className="table" data-testid="invites-table">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>Expires</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(invites.data?.invites ?? []).map((i) => (
                <tr key={i.id} data-testid={`invite-${i.email}`}>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>{i.status === 'expired' ? 'expired' : formatDateTime(i.expiresAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="button ghost"
                      onClick={() => void change(`/v1/invites/${i.id}`, 'DELETE')}
                    >
                      Withdraw
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

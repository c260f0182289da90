'use client';
// API keys: make one scoped to a role or a set of permissions (shown once, kept hashed), see
// when each was last used, revoke one (its next request is refused).
import { type FormEvent, useState } from 'react';
import type { ApiKeyCreated, ApiKeys } from '../../../../../core/contract/api-keys.ts';
import { Permission, type Role } from '../../../../../core/permissions.ts';
import { RoleSelect } from '../../../../components/RoleSelect.tsx';
import { api } from '../../../../lib/api.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { NotAllowed, useCan } from '../../../../lib/use-me.tsx';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';
import { sayError } from '../../../../lib/error-words.ts';

function NewKeyForm({ onMade }: { onMade: (made: ApiKeyCreated) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('developer');
  const [custom, setCustom] = useState(false);
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [error, setError] = useState<string>();

  async function make(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const scope = custom ? { permissions } : { role };
      onMade(
        await api<ApiKeyCreated>('/v1/api-keys', { method: 'POST', body: { name, ...scope } }),
      );
      setName('');
    } catch (err) {
      setError(sayError(err));
    }
  }

  const toggle = (p: Permission) =>
    setPermissions((ps) => (ps.includes(p) ? ps.filter((x) => x !== p) : [...ps, p]));
  return (
    <form className="card" style={{ padding: 16 }} onSubmit={(e) => void make(e)}>
      <div className="inline-form">
        <input
          placeholder="What uses the key (e.g. Shop backend)"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="key-name"
        />
        {!custom && <RoleSelect value={role} onChange={setRole} testId="key-role" />}
        <label className="small">
          <input type="checkbox" checked={custom} onChange={(e) => setCustom(e.target.checked)} />{' '}
          pick permissions
        </label>
        <button
          type="submit"
          className="button primary"
          disabled={!name.trim()}
          data-testid="make-key"
        >
          Make key
        </button>
      </div>
      {custom && (
        <p className="small">
          {Permission.options.map((p) => (
            <label key={p} style={{ marginRight: 12, whiteSpace: 'nowrap' }}>
              <input type="checkbox" checked={permissions.includes(p)} onChange={() => toggle(p)} />{' '}
              {p}
            </label>
          ))}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
    </form>
  );
}

export default function ApiKeysPage() {
  const allowed = useCan()('api-keys:manage');
  const keys = useApi<ApiKeys>(allowed ? '/v1/api-keys' : null);
  const [made, setMade] = useState<ApiKeyCreated>();
  const [confirming, setConfirming] = useState<string>();
  const [error, setError] = useState<string>();

  if (!allowed) return <NotAllowed what="manage API keys" />;

  async function revoke(id: string) {
    setConfirming(undefined);
    try {
      await api(`/v1/api-keys/${id}`, { method: 'DELETE' });
      keys.reload();
    } catch (err) {
      setError(sayError(err));
    }
  }

  return (
    <>
      <div className="page-header">
        <h1>API keys</h1>
      </div>
      <NewKeyForm
        onMade={(m) => {
          setMade(m);
          keys.reload();
        }}
      />
      {made && (
        <div className="notice warning" data-testid="new-key-notice">
          <p>
            <strong>{made.apiKey.name}</strong>: copy the key now, Herald cannot show it again.
          </p>
          <p className="mono" data-testid="new-key">
            {made.key}
          </p>
        </div>
      )}
      {(error ?? keys.error) && <ErrorNotice error={error ?? keys.error} />}
      <div className="card" style={{ marginTop: 16 }}>
        <table className="table" data-testid="api-keys-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Scope</th>
              <th>Made</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(keys.data?.apiKeys ?? []).map((k) => (
              <tr key={k.id} data-testid={`key-${k.id}`}>
                <td>{k.name}</td>
                <td className="mono">{k.prefix}…</td>
                <td>{'role' in k.scope ? k.scope.role : k.scope.permissions.join(', ')}</td>
                <td>{formatDateTime(k.createdAt)}</td>
                <td data-testid="key-last-used">
                  {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'never'}
                </td>
                <td>
                  {k.revokedAt ? (
                    <span className="muted">revoked {formatDateTime(k.revokedAt)}</span>
                  ) : confirming === k.id ? (
                    <button
                      type="button"
                      className="button primary"
                      onClick={() => void revoke(k.id)}
                      data-testid="confirm-revoke"
                    >
                      Revoke now
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button ghost"
                      onClick={() => setConfirming(k.id)}
                      data-testid="revoke"
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

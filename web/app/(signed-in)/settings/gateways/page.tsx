'use client';
// Gateways (issue 13): the provider accounts Herald sends each channel through, listed per
// channel with their senders, rate limit and default; add or change one (credentials are
// write-only), make one its channel's default, and "test connection", which a worker runs and
// answers in the provider's own words.
import { useState } from 'react';
import type {
  Gateway,
  Gateways,
  GatewayTestResult,
} from '../../../../../core/contract/gateways.ts';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';
import { GatewayForm } from '../../../../components/GatewayForm.tsx';
import { api } from '../../../../lib/api.ts';
import { sayError } from '../../../../lib/error-words.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { CHANNEL_ORDER, PROVIDER_LABELS } from '../../../../lib/gateway-fields.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { NotAllowed, useCan } from '../../../../lib/use-me.tsx';

type Editing = { gateway?: Gateway } | undefined;
type Testing = Record<string, GatewayTestResult | 'running' | undefined>;

function TestAnswer({ result }: { result: Testing[string] }) {
  if (!result) return null;
  if (result === 'running') return <span className="muted small">testing…</span>;
  return (
    <div
      className={`notice ${result.ok ? 'success' : 'error'} small`}
      style={{ margin: '6px 0 0' }}
      data-testid="gateway-test-result"
    >
      <strong>{result.ok ? 'Connected' : 'Failed'}</strong>: {result.detail}{' '}
      <span className="muted">({formatDateTime(result.testedAt)})</span>
    </div>
  );
}

function RowButton(p: { label: string; onClick: () => void; id: string; kind?: string }) {
  return (
    <button
      type="button"
      className={`button ${p.kind ?? 'ghost'} small`}
      onClick={p.onClick}
      data-testid={`gateway-${p.id}`}
    >
      {p.label}
    </button>
  );
}

function GatewayRow(p: {
  g: Gateway;
  test: Testing[string];
  onTest: () => void;
  onEdit: () => void;
  onDefault: () => void;
  onRemove: () => void;
}) {
  const { g } = p;
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid={`gateway-${g.name}`}>
      <td>
        <strong>{g.name}</strong>
        {g.managedBy === 'environment' && <div className="muted small">from the environment</div>}
        {g.statusCallbackUrl && (
          // Where the provider's delivery reports go: pasted into its console (Infobip, Huawei).
          <div className="muted small" style={{ overflowWrap: 'anywhere', maxWidth: 260 }}>
            Reports to{' '}
            <span className="mono" data-testid="gateway-callback-url">
              {g.statusCallbackUrl}
            </span>
          </div>
        )}
      </td>
      <td>{PROVIDER_LABELS[g.provider]}</td>
      <td data-testid="gateway-senders-cell">
        {g.senders.join(', ') || <span className="muted">none</span>}
      </td>
      <td data-testid="gateway-rate-cell">
        {g.ratePerSecond === null ? 'no limit' : `${g.ratePerSecond}/s`}
      </td>
      <td data-testid="gateway-credentials-cell">
        {g.credentialFields.length > 0 ? `${g.credentialFields.join(', ')} set` : 'none'}
      </td>
      <td>
        {g.isDefault ? (
          <span className="badge badge-active" data-testid="gateway-is-default">
            default
          </span>
        ) : (
          <RowButton label="Make default" onClick={p.onDefault} id="make-default" />
        )}
      </td>
      <td style={{ minWidth: 280 }}>
        <RowButton label="Test connection" onClick={p.onTest} id="test" kind="" />{' '}
        <RowButton label="Edit" onClick={p.onEdit} id="edit" />{' '}
        {g.managedBy === 'api' &&
          (confirming ? (
            <RowButton label="Remove now" onClick={p.onRemove} id="confirm-remove" kind="primary" />
          ) : (
            <RowButton label="Remove" onClick={() => setConfirming(true)} id="remove" />
          ))}
        <TestAnswer result={p.test} />
      </td>
    </tr>
  );
}

export default function GatewaysPage() {
  const allowed = useCan()('settings:write');
  const list = useApi<Gateways>(allowed ? '/v1/gateways' : null);
  const [editing, setEditing] = useState<Editing>();
  const [tests, setTests] = useState<Testing>({});
  const [error, setError] = useState<string>();
  if (!allowed) return <NotAllowed what="manage gateways" />;

  async function act(run: () => Promise<unknown>) {
    setError(undefined);
    try {
      await run();
      list.reload();
    } catch (err) {
      setError(sayError(err));
    }
  }
  async function test(id: string) {
    setTests((t) => ({ ...t, [id]: 'running' }));
    try {
      const result = await api<GatewayTestResult>(`/v1/gateways/${id}/test`, { method: 'POST' });
      setTests((t) => ({ ...t, [id]: result }));
    } catch (err) {
      setTests((t) => ({ ...t, [id]: undefined }));
      setError(sayError(err));
    }
  }

  const gateways = list.data?.gateways ?? [];
  return (
    <>
      <div className="page-header">
        <h1>Gateways</h1>
        <button
          type="button"
          className="button primary"
          onClick={() => setEditing({})}
          data-testid="gateway-add"
        >
          Add gateway
        </button>
      </div>
      <p className="muted">
        The provider accounts each channel sends through. A step uses its channel’s default unless
        it names a sender another gateway holds; credentials are sealed and never shown again.
      </p>
      {editing && (
        <GatewayForm
          key={editing.gateway?.id ?? 'new'}
          gateway={editing.gateway}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            list.reload();
          }}
        />
      )}
      {(error ?? list.error) && <ErrorNotice error={error ?? list.error} />}
      {CHANNEL_ORDER.map((channel) => {
        const of = gateways.filter((g) => g.channel === channel);
        return (
          <section
            key={channel}
            className="card"
            style={{ marginTop: 16 }}
            data-testid={`gateways-${channel}`}
          >
            <h2 style={{ margin: '12px 16px' }}>
              {channel === 'sms' ? 'SMS' : channel[0]!.toUpperCase() + channel.slice(1)}
            </h2>
            {of.length === 0 ? (
              <p className="muted" style={{ margin: '0 16px 12px' }}>
                No {channel} gateway: {channel} steps are skipped with “no gateway”.
              </p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Provider</th>
                    <th>Senders</th>
                    <th>Rate limit</th>
                    <th>Credentials</th>
                    <th>Default</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {of.map((g) => (
                    <GatewayRow
                      key={g.id}
                      g={g}
                      test={tests[g.id]}
                      onTest={() => void test(g.id)}
                      onEdit={() => setEditing({ gateway: g })}
                      onDefault={() =>
                        void act(() =>
                          api(`/v1/gateways/${g.id}`, {
                            method: 'PATCH',
                            body: { isDefault: true },
                          }),
                        )
                      }
                      onRemove={() =>
                        void act(() => api(`/v1/gateways/${g.id}`, { method: 'DELETE' }))
                      }
                    />
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </>
  );
}

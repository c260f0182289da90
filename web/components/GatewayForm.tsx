'use client';
// Adds or changes a gateway: its provider's settings and credentials (lib/gateway-fields.ts),
// senders, rate limit and whether it is its channel's default. Credentials are write-only: the
// form never holds a stored value, it says which are set, and sends new ones only when typed
// (they replace the stored ones whole). The api's 400 is shown under the fields it names.
import { type FormEvent, useState } from 'react';
import type { Gateway, GatewayAnswer } from '../../core/contract/gateways.ts';
import { GatewayProvider, providerChannel } from '../../core/gateways.ts';
import { api, ApiError } from '../lib/api.ts';
import { sayError } from '../lib/error-words.ts';
import { setPath } from '../lib/fields.ts';
import {
  credentialFieldsOf,
  newSettings,
  PROVIDER_LABELS,
  pruneEmpty,
  settingsFieldsOf,
} from '../lib/gateway-fields.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { FieldForm, type FormContext } from './FieldForm.tsx';

type Obj = Record<string, unknown>;

const ctxOf = (testId: string, problems: Map<string, string[]>): FormContext => ({
  templates: [],
  nodeIds: [],
  problems,
  testId,
});

/** Problems by the path the api names, without the "settings." or "credentials." prefix. */
function problemsUnder(all: Map<string, string[]>, prefix: string) {
  const out = new Map<string, string[]>();
  for (const [path, messages] of all)
    if (path.startsWith(`${prefix}.`)) out.set(path.slice(prefix.length + 1), messages);
  return out;
}

export function GatewayForm(p: {
  gateway?: Gateway;
  onSaved: (g: Gateway) => void;
  onCancel: () => void;
}) {
  const existing = p.gateway;
  const fromEnvironment = existing?.managedBy === 'environment';
  const [provider, setProvider] = useState<GatewayProvider>(existing?.provider ?? 'smpp');
  const [name, setName] = useState(existing?.name ?? '');
  const [senders, setSenders] = useState((existing?.senders ?? []).join(', '));
  const [rate, setRate] = useState(existing?.ratePerSecond?.toString() ?? '');
  const [isDefault, setIsDefault] = useState(existing?.isDefault ?? false);
  const [settings, setSettings] = useState<Obj>(existing?.settings ?? newSettings(provider));
  const [credentials, setCredentials] = useState<Obj>({});
  const [problems, setProblems] = useState(new Map<string, string[]>());
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const typedCredentials = pruneEmpty(credentials);
  const ratePerSecond = rate.trim() === '' ? null : Number(rate);
  const senderList = senders
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setProblems(new Map());
    setSaving(true);
    const body: Obj = fromEnvironment
      ? { ratePerSecond, isDefault }
      : {
          name,
          senders: senderList,
          ratePerSecond,
          isDefault,
          settings: pruneEmpty(settings),
          ...(existing ? {} : { provider }),
          // New credentials only when typed: they replace the stored ones whole.
          ...((!existing || Object.keys(typedCredentials).length > 0) && {
            credentials: typedCredentials,
          }),
        };
    try {
      const answer = await api<GatewayAnswer>(
        existing ? `/v1/gateways/${existing.id}` : '/v1/gateways',
        { method: existing ? 'PATCH' : 'POST', body },
      );
      p.onSaved(answer.gateway);
    } catch (err) {
      const byPath = new Map<string, string[]>();
      if (err instanceof ApiError)
        for (const pr of err.problems)
          byPath.set(pr.field, [...(byPath.get(pr.field) ?? []), pr.message]);
      setProblems(byPath);
      setError(sayError(err));
    } finally {
      setSaving(false);
    }
  }

  const fieldError = (path: string) =>
    (problems.get(path) ?? []).map((m) => (
      <div key={m} className="field-error" data-testid={`error-gateway-${path}`}>
        {m}
      </div>
    ));

  return (
    <form
      className="card"
      style={{ padding: 16 }}
      onSubmit={(e) => void save(e)}
      data-testid="gateway-form"
    >
      <h2 style={{ marginTop: 0 }}>{existing ? `Change ${existing.name}` : 'Add a gateway'}</h2>
      {fromEnvironment && (
        <p className="muted small">
          This gateway is the SMTP_* settings of the environment: change those and restart. Here
          only its rate limit and whether it is the default change.
        </p>
      )}
      <div className="field">
        <label htmlFor="gateway-provider">Provider</label>
        <select
          id="gateway-provider"
          data-testid="gateway-provider"
          value={provider}
          disabled={existing !== undefined}
          onChange={(e) => {
            const next = e.target.value as GatewayProvider;
            setProvider(next);
            setSettings(newSettings(next));
            setCredentials({});
          }}
        >
          {GatewayProvider.options.map((o) => (
            <option key={o} value={o}>
              {PROVIDER_LABELS[o]} ({providerChannel[o]})
            </option>
          ))}
        </select>
      </div>
      {!fromEnvironment && (
        <>
          <div className="field">
            <label htmlFor="gateway-name">Name</label>
            <input
              id="gateway-name"
              data-testid="gateway-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            {fieldError('name')}
          </div>
          <div className="field">
            <label htmlFor="gateway-senders">
              Senders (names or numbers, the first is the default)
            </label>
            <input
              id="gateway-senders"
              data-testid="gateway-senders"
              placeholder="Shop, +14155550100"
              value={senders}
              onChange={(e) => setSenders(e.target.value)}
            />
            {fieldError('senders')}
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor="gateway-rate">Rate limit (messages per second, empty: none)</label>
        <input
          id="gateway-rate"
          data-testid="gateway-rate"
          type="number"
          min={0}
          step="any"
          value={rate}
          onChange={(e) => setRate(e.target.value)}
        />
        {fieldError('ratePerSecond')}
      </div>
      <div className="field">
        <label>
          <input
            type="checkbox"
            data-testid="gateway-default"
            checked={isDefault}
            onChange={(e) => setIsDefault(e.target.checked)}
          />{' '}
          The default for {providerChannel[provider]}
        </label>
      </div>
      {!fromEnvironment && (
        <>
          <h3>Settings</h3>
          <FieldForm
            fields={settingsFieldsOf(provider)}
            value={settings}
            onChange={(path, v) => setSettings((s) => setPath(s, path, v))}
            ctx={ctxOf('gateway-settings', problemsUnder(problems, 'settings'))}
          />
          <h3>Credentials</h3>
          <p className="muted small" data-testid="gateway-credentials-note">
            {existing && existing.credentialFields.length > 0
              ? `Stored and never shown: ${existing.credentialFields.join(', ')}. Type all of them to replace them; leave them empty to keep them.`
              : 'Sealed when saved and never shown again.'}
          </p>
          <FieldForm
            fields={credentialFieldsOf(provider)}
            value={credentials}
            onChange={(path, v) => setCredentials((c) => setPath(c, path, v))}
            ctx={ctxOf('gateway-credentials', problemsUnder(problems, 'credentials'))}
          />
        </>
      )}
      {error && <ErrorNotice error={error} />}
      <div className="inline-form">
        <button
          type="submit"
          className="button primary"
          disabled={saving}
          data-testid="gateway-save"
        >
          {existing ? 'Save changes' : 'Add gateway'}
        </button>
        <button type="button" className="button ghost" onClick={p.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

'use client';
// The contact policy (issue 15): frequency caps per channel and across channels, counted in each
// customer's local days; which messaging types are of high priority (past the caps); quiet hours
// per channel in the customer's zone; and the share held out as the global control group.
import { useEffect, useState } from 'react';
import type {
  ContactPolicy,
  ContactPolicyAnswer,
} from '../../../../../core/contract/contact-policy.ts';
import type { MessagingTypes } from '../../../../../core/contract/messaging-types.ts';
import { api } from '../../../../lib/api.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { NotAllowed, useCan } from '../../../../lib/use-me.tsx';

const CHANNELS = ['any', 'email', 'sms', 'viber', 'push'] as const;
type Cap = ContactPolicy['caps'][number];
type Quiet = ContactPolicy['quietHours'][number];

function ChannelSelect(p: { value: string; onChange: (v: Cap['channel']) => void; id: string }) {
  return (
    <select
      value={p.value}
      onChange={(e) => p.onChange(e.target.value as Cap['channel'])}
      data-testid={p.id}
    >
      {CHANNELS.map((c) => (
        <option key={c} value={c}>
          {c === 'any' ? 'any channel' : c}
        </option>
      ))}
    </select>
  );
}

const without = <T,>(list: T[], i: number) => list.filter((_, j) => j !== i);

function Button(p: { label: string; onClick: () => void; ghost?: boolean; testId?: string }) {
  return (
    <button
      type="button"
      className={p.ghost ? 'button ghost' : 'button'}
      onClick={p.onClick}
      data-testid={p.testId}
    >
      {p.label}
    </button>
  );
}

export default function ContactPolicyPage() {
  const can = useCan();
  const loaded = useApi<ContactPolicyAnswer>('/v1/contact-policy');
  const types = useApi<MessagingTypes>('/v1/messaging-types');
  const [policy, setPolicy] = useState<ContactPolicy>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  useEffect(() => {
    if (loaded.data && !policy) setPolicy(loaded.data.policy);
  }, [loaded.data, policy]);
  if (loaded.error && !policy) return <p className="notice error">{loaded.error}</p>;
  if (!policy) return <p className="muted">Loading…</p>;
  const writable = can('settings:write');
  if (!can('mailings:read') && !writable) return <NotAllowed what="see the contact policy" />;

  const setCap = (i: number, c: Partial<Cap>) =>
    setPolicy({ ...policy, caps: policy.caps.map((x, j) => (j === i ? { ...x, ...c } : x)) });
  const setQuiet = (i: number, q: Partial<Quiet>) =>
    setPolicy({
      ...policy,
      quietHours: policy.quietHours.map((x, j) => (j === i ? { ...x, ...q } : x)),
    });
  const edit = <K extends 'caps' | 'quietHours'>(
    key: K,
    change: (list: ContactPolicy[K]) => ContactPolicy[K],
  ) => setPolicy({ ...policy, [key]: change(policy[key]) });
  async function save() {
    setMessage(undefined);
    try {
      const saved = await api<ContactPolicyAnswer>('/v1/contact-policy', {
        method: 'PUT',
        body: policy,
      });
      setPolicy(saved.policy);
      setMessage({
        ok: true,
        text: `Saved. ${saved.controlGroupSize} customers are in the control group.`,
      });
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  }

  return (
    <>
      <div className="page-header">
        <h1>Contact policy</h1>
        <p>
          Governs every campaign send and every mailing. Transactional messaging types are exempt
          and not counted. Days are the customer&apos;s own local days.
        </p>
      </div>
      <fieldset disabled={!writable} style={{ border: 0, padding: 0 }}>
        <section className="card" style={{ padding: 16 }}>
          <h2>Frequency caps</h2>
          {policy.caps.map((c, i) => (
            <p key={i} className="inline-form" data-testid="cap">
              At most{' '}
              <input
                type="number"
                min={0}
                style={{ width: 70 }}
                value={c.max}
                onChange={(e) => setCap(i, { max: Number(e.target.value) })}
                data-testid={`cap-max-${i}`}
              />{' '}
              messages on{' '}
              <ChannelSelect
                value={c.channel}
                onChange={(v) => setCap(i, { channel: v })}
                id={`cap-channel-${i}`}
              />{' '}
              in{' '}
              <input
                type="number"
                min={1}
                max={31}
                style={{ width: 60 }}
                value={c.days}
                onChange={(e) => setCap(i, { days: Number(e.target.value) })}
                data-testid={`cap-days-${i}`}
              />{' '}
              day(s){' '}
              <Button ghost label="Remove" onClick={() => edit('caps', (l) => without(l, i))} />
            </p>
          ))}
          <Button
            label="Add a cap"
            testId="add-cap"
            onClick={() => edit('caps', (l) => [...l, { channel: 'email', max: 2, days: 7 }])}
          />
        </section>
        <section className="card" style={{ padding: 16, marginTop: 16 }}>
          <h2>Priorities</h2>
          <p className="small muted">
            High-priority types go past the caps (and still count toward them).
          </p>
          {types.data?.messagingTypes
            .filter((t) => !t.transactional)
            .map((t) => (
              <label key={t.key} style={{ display: 'block' }}>
                <input
                  type="checkbox"
                  checked={policy.priorities[t.key] === 'high'}
                  onChange={(e) =>
                    setPolicy({
                      ...policy,
                      priorities: {
                        ...policy.priorities,
                        [t.key]: e.target.checked ? 'high' : 'normal',
                      },
                    })
                  }
                />{' '}
                {t.name} ({t.key}) is of high priority
              </label>
            ))}
        </section>
        <section className="card" style={{ padding: 16, marginTop: 16 }}>
          <h2>Quiet hours</h2>
          <p className="small muted">
            In the recipient&apos;s time zone. A mailing waits for them to end; a campaign send is
            skipped.
          </p>
          {policy.quietHours.map((q, i) => (
            <p key={i} className="inline-form" data-testid="quiet">
              <ChannelSelect
                value={q.channel}
                onChange={(v) => setQuiet(i, { channel: v })}
                id={`quiet-channel-${i}`}
              />{' '}
              quiet from{' '}
              <input
                type="time"
                value={q.from}
                onChange={(e) => setQuiet(i, { from: e.target.value })}
              />{' '}
              to{' '}
              <input
                type="time"
                value={q.to}
                onChange={(e) => setQuiet(i, { to: e.target.value })}
              />{' '}
              <Button
                ghost
                label="Remove"
                onClick={() => edit('quietHours', (l) => without(l, i))}
              />
            </p>
          ))}
          <Button
            label="Add quiet hours"
            testId="add-quiet"
            onClick={() =>
              edit('quietHours', (l) => [...l, { channel: 'sms', from: '21:00', to: '08:00' }])
            }
          />
        </section>
        <section className="card" style={{ padding: 16, marginTop: 16 }}>
          <h2>Global control group</h2>
          <p className="small muted">
            A stable share of customers who get no marketing at all, kept to measure uplift.
            {loaded.data && ` ${loaded.data.controlGroupSize} customers are in it now.`}
          </p>
          <input
            type="number"
            min={0}
            max={50}
            step={0.01}
            value={policy.controlGroupPercent}
            onChange={(e) => setPolicy({ ...policy, controlGroupPercent: Number(e.target.value) })}
            data-testid="control-group-percent"
          />{' '}
          % of customers
        </section>
        <p>
          <button
            type="button"
            className="button primary"
            onClick={() => void save()}
            data-testid="save-policy"
          >
            Save the policy
          </button>
        </p>
      </fieldset>
      {message && (
        <p className={`notice ${message.ok ? 'success' : 'error'}`} data-testid="policy-message">
          {message.text}
        </p>
      )}
    </>
  );
}

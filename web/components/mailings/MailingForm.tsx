'use client';
// A mailing's settings: name, channel, messaging type, sender, template and its revision, the
// audience, when to send (now, at a date and time in each recipient's zone, or at one instant
// ignoring it), a sending window, a throttle, an A/B test and the attribution window. What the
// mailing's status no longer lets change is read-only (lib/mailing-form.ts says why).
import { useState } from 'react';
import type { Gateways } from '../../../core/contract/gateways.ts';
import type { MailingInput } from '../../../core/contract/mailings.ts';
import type { MessagingTypes } from '../../../core/contract/messaging-types.ts';
import type { TemplateRevisions } from '../../../core/contract/template-versions.ts';
import type { Templates } from '../../lib/api.ts';
import { deliveryOf, type EditRules, localInputOf, type When } from '../../lib/mailing-form.ts';
import { useApi } from '../../lib/use-api.ts';
import { AbTestField } from './AbTestField.tsx';
import { AudienceField } from './AudienceField.tsx';

const CHANNELS = ['email', 'sms', 'viber', 'push'] as const;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function MailingForm({
  value,
  rules,
  onChange,
}: {
  value: MailingInput;
  rules: EditRules;
  onChange: (m: MailingInput) => void;
}) {
  const templates = useApi<Templates>('/v1/templates');
  const types = useApi<MessagingTypes>('/v1/messaging-types');
  // Senders to suggest; a role that cannot read gateways types one.
  const gateways = useApi<Gateways>('/v1/gateways');
  const revisions = useApi<TemplateRevisions>(
    value.templateId ? `/v1/templates/${value.templateId}/revisions` : null,
  );
  const [when, setWhen] = useState<When>(value.delivery.mode);
  const [local, setLocal] = useState(localInputOf(value.delivery));
  const set = (m: Partial<MailingInput>) => onChange({ ...value, ...m });
  const setWhenAndLocal = (w: When, l: string) => {
    setWhen(w);
    setLocal(l);
    set({ delivery: deliveryOf(w, l) });
  };
  const fit = (templates.data?.templates ?? []).filter((t) => t.channel === value.channel);
  const senders = (gateways.data?.gateways ?? [])
    .filter((g) => g.channel === (value.channel === 'viber' ? 'viber' : value.channel))
    .flatMap((g) => g.senders);
  const window = value.sendingWindow;
  const off = !rules.content;

  return (
    <>
      <fieldset className="card mailing-section" disabled={off} data-testid="mailing-content">
        <h2>Message</h2>
        <div className="mailing-row">
          <label className="field grow">
            <span>Name</span>
            <input
              value={value.name}
              data-testid="mailing-name"
              onChange={(e) => set({ name: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Channel</span>
            <select
              value={value.channel}
              data-testid="mailing-channel"
              onChange={(e) =>
                set({
                  channel: e.target.value as MailingInput['channel'],
                  templateId: null,
                  templateRevision: null,
                  abTest: null,
                })
              }
            >
              {CHANNELS.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Messaging type</span>
            <select
              value={value.messagingType}
              data-testid="mailing-type"
              onChange={(e) => set({ messagingType: e.target.value })}
            >
              {(types.data?.messagingTypes ?? [{ key: 'promo', name: 'Promo' }]).map((t) => (
                <option key={t.key} value={t.key}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="mailing-row">
          <label className="field grow">
            <span>Template</span>
            <select
              value={value.templateId ?? ''}
              data-testid="mailing-template"
              onChange={(e) => set({ templateId: e.target.value || null, templateRevision: null })}
            >
              <option value="">
                choose {value.channel === 'email' ? 'an' : 'a'} {value.channel} template
              </option>
              {fit.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Revision</span>
            <select
              value={value.templateRevision ?? ''}
              data-testid="mailing-revision"
              onChange={(e) =>
                set({ templateRevision: e.target.value ? Number(e.target.value) : null })
              }
            >
              <option value="">the published one</option>
              {(revisions.data?.revisions ?? []).map((r) => (
                <option key={r.revision} value={r.revision}>
                  {r.revision}
                  {r.note ? ` — ${r.note}` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Sender</span>
            <input
              value={value.sender ?? ''}
              list="mailing-senders"
              placeholder="the gateway's default"
              data-testid="mailing-sender"
              onChange={(e) => set({ sender: e.target.value || null })}
            />
            <datalist id="mailing-senders">
              {senders.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </label>
        </div>
        <h2>Audience</h2>
        <AudienceField
          value={value.audience}
          disabled={off}
          onChange={(audience) => set({ audience })}
        />
        <h2>When</h2>
        <div className="mailing-row" role="radiogroup" aria-label="When to send">
          <label className="mailing-check">
            <input
              type="radio"
              checked={when === 'now'}
              data-testid="when-now"
              onChange={() => setWhenAndLocal('now', local)}
            />{' '}
            Send now
          </label>
          <label className="mailing-check">
            <input
              type="radio"
              checked={when !== 'now'}
              data-testid="when-schedule"
              onChange={() => setWhenAndLocal('localTime', local)}
            />{' '}
            Schedule
          </label>
          {when !== 'now' && (
            <>
              <input
                type="datetime-local"
                value={local}
                aria-label="Date and time"
                data-testid="when-at"
                onChange={(e) => setWhenAndLocal(when, e.target.value)}
              />
              <label className="mailing-check">
                <input
                  type="checkbox"
                  checked={when === 'at'}
                  data-testid="when-immediate"
                  onChange={(e) => setWhenAndLocal(e.target.checked ? 'at' : 'localTime', local)}
                />{' '}
                Deliver immediately, ignoring the recipient&apos;s local time (then the time is your
                browser&apos;s)
              </label>
            </>
          )}
        </div>
        <p className="small muted">
          {when === 'localTime' &&
            "Each recipient gets it at this time in their own time zone (the account's when theirs is unknown)."}
        </p>
        <div className="mailing-row">
          <label className="mailing-check">
            <input
              type="checkbox"
              checked={!!window}
              data-testid="window-enable"
              onChange={(e) =>
                set({ sendingWindow: e.target.checked ? { from: '09:00', to: '20:00' } : null })
              }
            />{' '}
            Only send between
          </label>
          {window && (
            <>
              <input
                type="time"
                value={window.from}
                aria-label="Window opens"
                data-testid="window-from"
                onChange={(e) => set({ sendingWindow: { ...window, from: e.target.value } })}
              />
              and
              <input
                type="time"
                value={window.to}
                aria-label="Window closes"
                data-testid="window-to"
                onChange={(e) => set({ sendingWindow: { ...window, to: e.target.value } })}
              />
              on
              {DAYS.map((d, i) => {
                const days = window.days ?? [1, 2, 3, 4, 5, 6, 7];
                return (
                  <label key={d} className="mailing-check">
                    <input
                      type="checkbox"
                      checked={days.includes(i + 1)}
                      onChange={(e) => {
                        const next = e.target.checked
                          ? [...days, i + 1].sort()
                          : days.filter((x) => x !== i + 1);
                        set({ sendingWindow: { ...window, days: next } });
                      }}
                    />
                    {d}
                  </label>
                );
              })}
            </>
          )}
        </div>
        <h2>A/B test</h2>
        <AbTestField
          value={value.abTest}
          templates={templates.data?.templates ?? []}
          channel={value.channel}
          disabled={off}
          onChange={(abTest) => set({ abTest })}
        />
      </fieldset>
      <fieldset className="card mailing-section" data-testid="mailing-pace">
        <h2>Pace and attribution</h2>
        <div className="mailing-row">
          <label className="field">
            <span>Throttle (messages a minute; empty: as fast as it can)</span>
            <input
              type="number"
              min={1}
              value={value.throttlePerMinute ?? ''}
              disabled={!rules.throttle}
              data-testid="mailing-throttle"
              onChange={(e) =>
                set({ throttlePerMinute: e.target.value ? Number(e.target.value) : null })
              }
            />
          </label>
          <label className="field">
            <span>Credit purchases within (days; empty: the channel&apos;s default)</span>
            <input
              type="number"
              min={1}
              max={90}
              value={value.attribution.windowDays ?? ''}
              disabled={!rules.attribution}
              data-testid="mailing-attribution-days"
              onChange={(e) =>
                set({
                  attribution: {
                    ...value.attribution,
                    windowDays: e.target.value ? Number(e.target.value) : undefined,
                  },
                })
              }
            />
          </label>
        </div>
      </fieldset>
    </>
  );
}

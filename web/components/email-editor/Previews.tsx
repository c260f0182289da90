'use client';
// Previews of the saved draft (issue 14): rendered by the api for a customer picked by search,
// with a sample triggering event for loops over its items, side by side at desktop, tablet and
// mobile widths, each under the subject and preheader as an inbox shows them; a test send of the
// same render; and the checks before sending (spam score, links, images, unsubscribe link).
import { useState } from 'react';
import type { TemplateCheck } from '../../../core/contract/template-checks.ts';
import type { TemplatePreview, TestSent } from '../../../core/contract/template-versions.ts';
import { api } from '../../lib/api.ts';
import { sayError } from '../../lib/error-words.ts';
import { CustomerSearch, type PickedCustomer } from '../CustomerSearch.tsx';
import { SampleEvent } from '../TemplateActions.tsx';

export const PREVIEW_WIDTHS = [
  // Shown scaled down so that the three fit side by side; each renders at its real width.
  { id: 'desktop', label: 'Desktop', width: 1024, scale: 0.4 },
  { id: 'tablet', label: 'Tablet', width: 768, scale: 0.45 },
  { id: 'mobile', label: 'Mobile', width: 375, scale: 0.7 },
] as const;

export const SAMPLE_EVENT = JSON.stringify(
  {
    items: [
      { name: 'Red scarf', price: '20 EUR' },
      { name: 'Blue hat', price: '15 EUR' },
    ],
  },
  null,
  2,
);

/** The sample triggering event a preview renders with, from the JSON the marketer wrote. */
export function sampleEvent(sample: string) {
  let properties: Record<string, unknown>;
  try {
    properties = sample.trim() ? (JSON.parse(sample) as Record<string, unknown>) : {};
  } catch {
    throw new Error('The sample event is not JSON: write it as { "items": [...] }');
  }
  return { type: 'preview', properties };
}

export function Previews({ templateId, save }: { templateId: string; save: () => Promise<void> }) {
  const [customer, setCustomer] = useState<PickedCustomer | undefined>();
  const [sample, setSample] = useState(SAMPLE_EVENT);
  const [preview, setPreview] = useState<TemplatePreview | undefined>();
  const [to, setTo] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [check, setCheck] = useState<TemplateCheck | undefined>();

  const renderFor = () => ({ customerId: customer?.id, event: sampleEvent(sample) });

  async function run(what: () => Promise<void>) {
    try {
      setStatus(undefined);
      await save();
      await what();
    } catch (err) {
      setStatus(sayError(err));
    }
  }

  return (
    <section className="section">
      <h2>Preview and test</h2>
      <CustomerSearch picked={customer} onPick={setCustomer} onError={setStatus} />
      <SampleEvent value={sample} onChange={setSample} rows={5} />
      <div className="toolbar">
        <button
          type="button"
          className="button primary"
          data-testid="preview-button"
          onClick={() =>
            void run(async () =>
              setPreview(
                await api<TemplatePreview>(`/v1/templates/${templateId}/preview`, {
                  method: 'POST',
                  body: renderFor(),
                }),
              ),
            )
          }
        >
          Preview
        </button>
        <button
          type="button"
          className="button"
          data-testid="check-button"
          onClick={() =>
            void run(async () =>
              setCheck(
                await api<TemplateCheck>(`/v1/templates/${templateId}/check`, {
                  method: 'POST',
                  body: { customerId: customer?.id },
                }),
              ),
            )
          }
        >
          Check before sending
        </button>
        <input
          data-testid="test-send-to"
          placeholder="Test to: me@example.com, you@example.com"
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <button
          type="button"
          className="button"
          data-testid="test-send-button"
          disabled={!to.trim()}
          onClick={() =>
            void run(async () => {
              const sent = await api<TestSent>(`/v1/templates/${templateId}/test-send`, {
                method: 'POST',
                body: {
                  ...renderFor(),
                  to: to
                    .split(/[,\s]+/)
                    .map((a) => a.trim())
                    .filter(Boolean),
                },
              });
              setStatus(`Test "${sent.subject}" sent to ${sent.sent.join(', ')}`);
            })
          }
        >
          Send test
        </button>
      </div>
      {status && (
        <p className="notice" data-testid="preview-status">
          {status}
        </p>
      )}
      {check && (
        <div className="card" data-testid="check-result">
          <p>
            {check.spam
              ? `Spam score ${check.spam.score} of ${check.spam.threshold}`
              : `No spam score: ${check.spamUnavailable ?? ''}`}
          </p>
          <ul>
            {check.problems.length === 0 && <li>No problems found.</li>}
            {check.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {preview && (
        <div
          className="previews"
          data-testid="previews"
          style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}
        >
          {PREVIEW_WIDTHS.map((w) => (
            <figure
              key={w.id}
              className="card"
              data-testid={`preview-${w.id}`}
              style={{ width: w.width * w.scale + 28, overflow: 'hidden' }}
            >
              <figcaption>
                <strong>{w.label}</strong> ({w.width}px)
                <div className="inbox-line">
                  <strong data-testid="preview-subject">{preview.subject}</strong>{' '}
                  <span className="muted" data-testid="preview-preheader">
                    {preview.preheader}
                  </span>
                </div>
              </figcaption>
              {/* A sandbox without scripts: the email is shown, never run. */}
              <iframe
                title={`${w.label} preview`}
                sandbox=""
                srcDoc={preview.html}
                data-testid={`preview-frame-${w.id}`}
                style={{
                  width: w.width,
                  height: 900,
                  border: '1px solid #e5e7eb',
                  transform: `scale(${w.scale})`,
                  transformOrigin: 'top left',
                  marginBottom: -900 * (1 - w.scale),
                }}
              />
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}

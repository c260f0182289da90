'use client';
// The saved draft of an SMS, push or Viber template rendered by the api for a customer picked by
// search (with a sample triggering event), shown on a phone, with the rendered SMS's count; and a
// test send of the same render through the channel's gateway, to phone numbers or device tokens
// (or, left empty, to the picked customer's own phone or devices).
import { useState } from 'react';
import type { TemplatePreview, TestSent } from '../../../core/contract/template-versions.ts';
import { api } from '../../lib/api.ts';
import { CustomerSearch, type PickedCustomer } from '../CustomerSearch.tsx';
import { SampleEvent } from '../TemplateActions.tsx';
import { SAMPLE_EVENT, sampleEvent } from '../email-editor/Previews.tsx';
import { MessagePreview } from './MessagePreview.tsx';

export function ChannelPreviews({
  templateId,
  channel,
  save,
}: {
  templateId: string;
  channel: string;
  save: () => Promise<void>;
}) {
  const [customer, setCustomer] = useState<PickedCustomer | undefined>();
  const [sample, setSample] = useState(SAMPLE_EVENT);
  const [preview, setPreview] = useState<TemplatePreview | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [to, setTo] = useState('');
  const [sent, setSent] = useState<TestSent | undefined>();

  async function render() {
    try {
      setStatus(undefined);
      await save();
      setPreview(
        await api<TemplatePreview>(`/v1/templates/${templateId}/preview`, {
          method: 'POST',
          body: { customerId: customer?.id, event: sampleEvent(sample) },
        }),
      );
    } catch (err) {
      setStatus((err as Error).message);
    }
  }

  async function sendTest() {
    try {
      setStatus(undefined);
      setSent(undefined);
      await save();
      const recipients = to
        .split(/[,;\n]+/)
        .map((a) => a.trim())
        .filter(Boolean);
      setSent(
        await api<TestSent>(`/v1/templates/${templateId}/test-send`, {
          method: 'POST',
          body: {
            customerId: customer?.id,
            event: sampleEvent(sample),
            ...(recipients.length > 0 && { to: recipients }),
          },
        }),
      );
    } catch (err) {
      setStatus((err as Error).message);
    }
  }

  const sms = preview?.message?.sms;
  return (
    <section className="section">
      <h2>Preview for a customer</h2>
      <CustomerSearch picked={customer} onPick={setCustomer} onError={setStatus} />
      <SampleEvent value={sample} onChange={setSample} rows={4} />
      <button
        type="button"
        className="button primary"
        data-testid="preview-button"
        onClick={() => void render()}
      >
        Preview
      </button>
      <div className="row" style={{ marginTop: 8 }}>
        <input
          data-testid="test-send-to"
          placeholder={
            channel === 'push'
              ? "Test to device tokens (empty: the customer's devices)"
              : "Test to: +4791234567, +4798765432 (empty: the customer's phone)"
          }
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <button
          type="button"
          className="button"
          data-testid="test-send-button"
          onClick={() => void sendTest()}
        >
          Send test
        </button>
      </div>
      {sent && (
        <ul className="small" data-testid="test-send-results">
          {(sent.results ?? []).map((r) => (
            <li key={r.to}>
              {r.ok ? 'Sent' : 'Not sent'} to {r.to}: {r.detail}
            </li>
          ))}
        </ul>
      )}
      {status && (
        <p className="notice" data-testid="preview-status">
          {status}
        </p>
      )}
      {preview?.message && (
        <div data-testid="channel-rendered" style={{ marginTop: 12 }}>
          <p className="small muted">To {preview.to}</p>
          <MessagePreview channel={channel} message={preview.message} />
          {channel === 'sms' && sms && (
            <p className="small" data-testid="rendered-sms-count">
              As sent: {sms.length} characters, {sms.parts} {sms.parts === 1 ? 'part' : 'parts'},{' '}
              {sms.encoding}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

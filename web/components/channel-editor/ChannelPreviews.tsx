'use client';
// The saved draft of an SMS, push or Viber template rendered by the api for a customer picked by
// search (with a sample triggering event), shown on a phone, with the rendered SMS's count.
import { useState } from 'react';
import type { TemplatePreview } from '../../../core/contract/template-versions.ts';
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

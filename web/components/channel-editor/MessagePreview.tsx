'use client';
// How an SMS, push or Viber message looks on a phone (issue 14): a push notification on a lock
// screen (app, title, text, image), a Viber bubble (text, image, button), an SMS bubble with its
// encoding and part count. Images load from their URL as the phone would; nothing runs.
import { smsSegments } from '../../../core/sms-text.ts';

export interface ShownMessage {
  title?: string;
  text: string;
  imageUrl?: string;
  buttonText?: string;
  buttonUrl?: string;
}

/** An SMS's characters, parts and encoding: GSM-7 160 (153 per part), UCS-2 70 (67). */
export function SmsCount({ text, testId = 'sms-count' }: { text: string; testId?: string }) {
  const s = smsSegments(text);
  const single = s.encoding === 'GSM-7' ? 160 : 70;
  const perPart = s.encoding === 'GSM-7' ? 153 : 67;
  const parts = text ? s.parts.length : 0;
  return (
    <p className="small" data-testid={testId}>
      <strong data-testid={`${testId}-characters`}>{s.length}</strong> characters ·{' '}
      <strong data-testid={`${testId}-parts`}>{parts}</strong> {parts === 1 ? 'part' : 'parts'} ·{' '}
      <strong data-testid={`${testId}-encoding`}>{s.encoding}</strong>{' '}
      <span className="muted">
        ({single} in one SMS, {perPart} per part when split
        {s.encoding === 'UCS-2'
          ? '; a character outside the GSM alphabet makes it UCS-2'
          : ''}; {s.remainingInPart} left in this part)
      </span>
    </p>
  );
}

const phone: React.CSSProperties = {
  width: 300,
  minHeight: 220,
  padding: 16,
  borderRadius: 28,
  background: '#1f2937',
  color: '#111827',
};

/** The message's image, loaded from its URL as the phone would. */
function Picture({
  url,
  testId,
  style,
}: {
  url: string | undefined;
  testId: string;
  style: React.CSSProperties;
}) {
  if (!url) return null;
  return (
    <img
      src={url}
      alt="The message's image"
      data-testid={testId}
      style={{ width: '100%', borderRadius: 8, ...style }}
    />
  );
}

export function PushPreview({ message }: { message: ShownMessage }) {
  return (
    <div
      style={{ ...phone, background: 'linear-gradient(#4b5563, #1f2937)' }}
      data-testid="push-preview"
    >
      <div style={{ color: '#f9fafb', textAlign: 'center', fontSize: 36, margin: '8px 0 16px' }}>
        9:41
      </div>
      <div style={{ background: 'rgba(255,255,255,0.92)', borderRadius: 14, padding: 10 }}>
        <div className="small muted" style={{ display: 'flex', justifyContent: 'space-between' }}>
          <span>YOUR APP</span>
          <span>now</span>
        </div>
        <strong data-testid="push-preview-title">{message.title}</strong>
        <div data-testid="push-preview-text" style={{ whiteSpace: 'pre-wrap' }}>
          {message.text}
        </div>
        <Picture url={message.imageUrl} testId="push-preview-image" style={{ marginTop: 6 }} />
      </div>
    </div>
  );
}

export function ViberPreview({ message }: { message: ShownMessage }) {
  return (
    <div style={{ ...phone, background: '#ede9fe' }} data-testid="viber-preview">
      <div
        style={{
          background: '#fff',
          borderRadius: '16px 16px 16px 4px',
          padding: 10,
          maxWidth: 250,
        }}
      >
        <Picture url={message.imageUrl} testId="viber-preview-image" style={{ marginBottom: 6 }} />
        <div data-testid="viber-preview-text" style={{ whiteSpace: 'pre-wrap' }}>
          {message.text}
        </div>
        {message.buttonText && (
          <div
            data-testid="viber-preview-button"
            title={message.buttonUrl}
            style={{
              marginTop: 8,
              background: '#7360f2',
              color: '#fff',
              borderRadius: 20,
              padding: '6px 12px',
              textAlign: 'center',
            }}
          >
            {message.buttonText}
          </div>
        )}
      </div>
    </div>
  );
}

export function SmsPreview({ message }: { message: ShownMessage }) {
  return (
    <div style={{ ...phone, background: '#f3f4f6' }} data-testid="sms-preview">
      <div
        data-testid="sms-preview-text"
        style={{
          background: '#e5e7eb',
          borderRadius: '16px 16px 16px 4px',
          padding: 10,
          maxWidth: 250,
          whiteSpace: 'pre-wrap',
        }}
      >
        {message.text}
      </div>
    </div>
  );
}

export function MessagePreview({ channel, message }: { channel: string; message: ShownMessage }) {
  if (channel === 'push') return <PushPreview message={message} />;
  if (channel === 'viber') return <ViberPreview message={message} />;
  return <SmsPreview message={message} />;
}

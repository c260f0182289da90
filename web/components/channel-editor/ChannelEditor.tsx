'use client';
// The editor of an SMS, push or Viber template (issue 14): its text (and a push's title, a
// Viber button, an image), the variable picker inserting at the cursor, the SMS count live as
// one types, a phone-style preview, and the same save and publish as emails (the content goes
// into the revision).
import { useRef, useState } from 'react';
import type { TemplateContent } from '../../../core/channel-content.ts';
import type { Template, TemplateAnswer } from '../../../core/contract/templates.ts';
import { api } from '../../lib/api.ts';
import { TemplateActions } from '../TemplateActions.tsx';
import { VariablePicker } from '../VariablePicker.tsx';
import { ChannelPreviews } from './ChannelPreviews.tsx';
import { MessagePreview, SmsCount } from './MessagePreview.tsx';

type Field = 'subject' | 'body' | keyof TemplateContent;

const CONTENT_FIELDS: Record<string, { key: keyof TemplateContent; label: string }[]> = {
  sms: [],
  push: [
    { key: 'imageUrl', label: 'Image URL' },
    { key: 'deepLink', label: 'Deep link (where a tap leads)' },
  ],
  viber: [
    { key: 'imageUrl', label: 'Image URL' },
    { key: 'buttonText', label: 'Button text' },
    { key: 'buttonUrl', label: 'Button URL' },
  ],
};

export function ChannelEditor({ template }: { template: Template }) {
  const channel = template.channel;
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [content, setContent] = useState<TemplateContent>(template.content);
  const [revision, setRevision] = useState(template.revision);
  const [status, setStatus] = useState<string | undefined>();
  // Where the picker inserts: the field last focused, at its cursor.
  const focused = useRef<{ field: Field; at: number }>({ field: 'body', at: body.length });

  const value = (f: Field) =>
    f === 'subject' ? subject : f === 'body' ? body : (content[f] ?? '');
  const set = (f: Field, v: string) => {
    if (f === 'subject') setSubject(v);
    else if (f === 'body') setBody(v);
    else
      setContent((c) => {
        const next = { ...c };
        if (v) next[f] = v;
        else delete next[f];
        return next;
      });
  };
  const track = (f: Field) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    focused.current = { field: f, at: e.currentTarget.selectionStart ?? value(f).length };
  };

  function insert(liquid: string) {
    const { field, at } = focused.current;
    const old = value(field);
    const pos = Math.min(at, old.length);
    set(field, old.slice(0, pos) + liquid + old.slice(pos));
    focused.current = { field, at: pos + liquid.length };
  }

  async function save() {
    const res = await api<TemplateAnswer>(`/v1/templates/${template.id}`, {
      method: 'PUT',
      body: { ...(channel === 'push' && { subject }), body, content },
    });
    setRevision(res.template.revision);
  }

  async function act(what: () => Promise<string>) {
    try {
      setStatus(await what());
    } catch (err) {
      setStatus((err as Error).message);
    }
  }

  const input = (f: Field, label: string, multiline = false) => {
    // The same for a line and for the text: the value, and the cursor the picker inserts at.
    const props = {
      'data-testid': `channel-${f}`,
      style: { width: '100%' },
      value: value(f),
      onChange: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
        set(f, e.currentTarget.value);
        track(f)(e);
      },
      onSelect: track(f),
      onKeyUp: track(f),
      onClick: track(f),
      onFocus: track(f),
    };
    return (
      <label key={f} style={{ display: 'block', marginBottom: 8 }}>
        {label}
        <br />
        {multiline ? <textarea rows={6} {...props} /> : <input {...props} />}
      </label>
    );
  };

  return (
    <>
      <div className="toolbar">
        <TemplateActions templateId={template.id} save={save} act={(w) => void act(w)} />
        <VariablePicker onInsert={insert} insertLabel="Insert at the cursor" />
      </div>
      {status && (
        <p className="notice" data-testid="template-status">
          {status}
        </p>
      )}
      <p className="muted small">
        {channel.toUpperCase()} template · draft r{revision}
        {template.publishedRevision
          ? `, published r${template.publishedRevision}`
          : ', not published'}
      </p>
      <div style={{ display: 'flex', gap: 24, alignItems: 'flex-start' }}>
        <div style={{ flex: 1 }} className="card">
          {channel === 'push' && input('subject', 'Title')}
          {input('body', channel === 'push' ? 'Text' : 'Message', true)}
          {channel === 'sms' && <SmsCount text={body} />}
          {CONTENT_FIELDS[channel]?.map((f) => input(f.key, f.label))}
        </div>
        <div>
          <p className="small muted">As written (variables render in the preview below)</p>
          <MessagePreview channel={channel} message={{ title: subject, text: body, ...content }} />
        </div>
      </div>
      <ChannelPreviews templateId={template.id} channel={channel} save={save} />
    </>
  );
}

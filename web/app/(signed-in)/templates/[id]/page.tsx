'use client';
// One template in the visual editor: its subject, the canvas, saving the draft and publishing
// it, and the previews, checks and test sends of what was saved.
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useRef, useState } from 'react';
import type { TemplateAnswer } from '../../../../../core/contract/templates.ts';
import { ChannelEditor } from '../../../../components/channel-editor/ChannelEditor.tsx';
import type { EmailEditorHandle } from '../../../../components/email-editor/EmailEditor.tsx';
import { Previews } from '../../../../components/email-editor/Previews.tsx';
import { TemplateActions } from '../../../../components/TemplateActions.tsx';
import { api } from '../../../../lib/api.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { sayError } from '../../../../lib/error-words.ts';

// GrapesJS works on the browser's DOM only.
const EmailEditor = dynamic(
  () => import('../../../../components/email-editor/EmailEditor.tsx').then((m) => m.EmailEditor),
  { ssr: false, loading: () => <p className="muted">Loading the editor…</p> },
);

export default function TemplatePage() {
  const { id } = useParams<{ id: string }>();
  const { data, error } = useApi<TemplateAnswer>(`/v1/templates/${encodeURIComponent(id)}`);
  const handle = useRef<EmailEditorHandle | undefined>(undefined);
  const [subject, setSubject] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [revision, setRevision] = useState<number | undefined>();

  async function save() {
    if (!data || !handle.current) return;
    const res = await api<TemplateAnswer>(`/v1/templates/${id}`, {
      method: 'PUT',
      body: { subject: subject ?? data.template.subject, mjml: handle.current.mjml() },
    });
    setRevision(res.template.revision);
  }

  async function act(what: () => Promise<string>) {
    try {
      setStatus(await what());
    } catch (err) {
      setStatus(sayError(err));
    }
  }

  if (!data) return <p className="muted">{error ?? 'Loading…'}</p>;
  const t = data.template;
  if (t.channel !== 'email')
    return (
      <>
        <Link href="/templates" className="back">
          ← All templates
        </Link>
        <div className="page-header">
          <h1>{t.name}</h1>
        </div>
        <ChannelEditor template={t} />
      </>
    );
  return (
    <>
      <Link href="/templates" className="back">
        ← All templates
      </Link>
      <div className="page-header">
        <h1>{t.name}</h1>
        <div className="toolbar">
          <TemplateActions templateId={id} save={save} act={(w) => void act(w)} />
        </div>
      </div>
      {status && (
        <p className="notice" data-testid="template-status">
          {status}
        </p>
      )}
      <label>
        Subject{' '}
        <input
          data-testid="template-subject"
          style={{ width: '60%' }}
          value={subject ?? t.subject}
          onChange={(e) => setSubject(e.target.value)}
        />
      </label>
      <p className="muted small">
        Draft r{revision ?? t.revision}
        {t.publishedRevision ? `, published r${t.publishedRevision}` : ', not published'}
      </p>
      <EmailEditor initial={t.body} onReady={(h) => (handle.current = h)} />
      <Previews templateId={t.id} save={save} />
    </>
  );
}

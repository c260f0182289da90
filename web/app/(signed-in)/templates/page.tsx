'use client';
// Templates: the list, a new one of any channel from its starter, and import of an HTML or MJML
// file; each opens in the visual editor.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type {
  ImportedTemplateAnswer,
  TemplateAnswer,
} from '../../../../core/contract/templates.ts';
import { api, type Templates } from '../../../lib/api.ts';
import { STARTER_MJML } from '../../../lib/email-blocks.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApi } from '../../../lib/use-api.ts';
import { useCan } from '../../../lib/use-me.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { sayError } from '../../../lib/error-words.ts';

const GREETING = 'Hi {{ customer.firstName | default: "there" }}, ';

/** What a new template of each channel starts from. */
const STARTERS = {
  email: (name: string) => ({ channel: 'email', subject: name, mjml: STARTER_MJML }),
  sms: () => ({ channel: 'sms', body: `${GREETING}` }),
  push: (name: string) => ({ channel: 'push', subject: name, body: GREETING }),
  viber: () => ({ channel: 'viber', body: GREETING }),
};

export default function TemplatesPage() {
  const { data, error, reload } = useApi<Templates>('/v1/templates');
  const router = useRouter();
  const can = useCan();
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<keyof typeof STARTERS>('email');
  const [problem, setProblem] = useState<string | undefined>();

  async function create(body: Record<string, unknown>, templateName: string) {
    try {
      const res = await api<TemplateAnswer>('/v1/templates', {
        method: 'POST',
        body: { name: templateName, ...body },
      });
      router.push(`/templates/${res.template.id}`);
    } catch (err) {
      setProblem(sayError(err));
    }
  }

  /** An HTML or MJML file, or a zip with its images: the api stores the images and links them. */
  async function importFile(file: File) {
    try {
      const res = await fetch(
        `/api/v1/templates/import?name=${encodeURIComponent(file.name.replace(/\.\w+$/, ''))}`,
        { method: 'POST', credentials: 'same-origin', body: file },
      );
      const body = (await res.json()) as ImportedTemplateAnswer & { error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? `import failed (${res.status})`);
      router.push(`/templates/${body.template.id}`);
    } catch (err) {
      setProblem((err as Error).message);
    }
  }

  return (
    <>
      <div className="page-header">
        <h1>Templates</h1>
        {can('templates:write') && (
          <form
            className="inline-form"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              void create(STARTERS[channel](name.trim()), name.trim());
            }}
          >
            <input
              data-testid="new-template-name"
              placeholder="New template name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <select
              data-testid="new-template-channel"
              value={channel}
              onChange={(e) => setChannel(e.target.value as keyof typeof STARTERS)}
            >
              <option value="email">Email</option>
              <option value="sms">SMS</option>
              <option value="push">Push</option>
              <option value="viber">Viber</option>
            </select>
            <button
              type="submit"
              className="button primary"
              data-testid="new-template"
              disabled={!name.trim()}
            >
              New template
            </button>
            <label className="button">
              Import HTML, MJML or zip
              <input
                type="file"
                accept=".html,.htm,.mjml,.zip,text/html,application/zip"
                hidden
                data-testid="import-template"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void importFile(file);
                }}
              />
            </label>
          </form>
        )}
      </div>
      <ErrorNotice error={problem ?? error} onRetry={problem ? undefined : reload} />
      <div className="card">
        <table className="table" data-testid="templates-table">
          <thead>
            <tr>
              <th>Template</th>
              <th>Channel</th>
              <th>Subject</th>
              <th>Draft</th>
              <th>Published</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {(data?.templates ?? []).map((t) => (
              <tr key={t.id}>
                <td>
                  <Link href={`/templates/${t.id}`} className="row-link">
                    {t.name}
                  </Link>
                </td>
                <td>{t.channel}</td>
                <td>{t.subject}</td>
                <td>r{t.revision}</td>
                <td>{t.publishedRevision ? `r${t.publishedRevision}` : '—'}</td>
                <td className="muted nowrap">{formatDateTime(t.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

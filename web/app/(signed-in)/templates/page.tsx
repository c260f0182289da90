'use client';
// Email templates: the list, a new template from the starter, and import of an HTML or MJML
// file; each opens in the visual editor.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type { TemplateAnswer } from '../../../../core/contract/templates.ts';
import { api, type Templates } from '../../../lib/api.ts';
import { importedMjml, STARTER_MJML } from '../../../lib/email-blocks.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApi } from '../../../lib/use-api.ts';
import { useCan } from '../../../lib/use-me.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { sayError } from '../../../lib/error-words.ts';

export default function TemplatesPage() {
  const { data, error, reload } = useApi<Templates>('/v1/templates');
  const router = useRouter();
  const can = useCan();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  async function create(mjml: string, templateName: string) {
    try {
      const res = await api<TemplateAnswer>('/v1/templates', {
        method: 'POST',
        body: { name: templateName, subject: templateName, mjml },
      });
      router.push(`/templates/${res.template.id}`);
    } catch (err) {
      setProblem(sayError(err));
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
              void create(STARTER_MJML, name.trim());
            }}
          >
            <input
              data-testid="new-template-name"
              placeholder="New template name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button
              type="submit"
              className="button primary"
              data-testid="new-template"
              disabled={!name.trim()}
            >
              New template
            </button>
            <label className="button">
              Import HTML or MJML
              <input
                type="file"
                accept=".html,.htm,.mjml,text/html"
                hidden
                data-testid="import-template"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file)
                    void file
                      .text()
                      .then((text) => create(importedMjml(text), file.name.replace(/\.\w+$/, '')));
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

'use client';
// One audience: where it came from, its customers a page at a time (each linked to their
// profile), a CSV of external IDs to replace or append (chosen explicitly), customers added or
// removed by external ID, and delete.
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useState } from 'react';
import type {
  AudienceAnswer,
  AudienceChange,
  SegmentAnswer,
} from '../../../../../core/contract/segments.ts';
import { MemberPages } from '../../../../components/segments/MemberPages.tsx';
import { api } from '../../../../lib/api.ts';
import { changeText, ORIGIN, uploadAudienceCsv } from '../../../../lib/audiences.ts';
import { sayError } from '../../../../lib/error-words.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { useCan } from '../../../../lib/use-me.tsx';

/** The segment an audience was frozen from, by name, when it still exists. */
function FrozenFrom({ segmentId, at }: { segmentId: string; at: string }) {
  const segment = useApi<SegmentAnswer>(`/v1/segments/${segmentId}`);
  const name = segment.data?.segment.name;
  return (
    <>
      frozen from{' '}
      {name ? (
        <Link href={`/segments/${segmentId}`} data-testid="audience-segment">
          {name}
        </Link>
      ) : (
        'a segment since deleted'
      )}{' '}
      on {formatDateTime(at)}
    </>
  );
}

export default function AudiencePage() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const can = useCan();
  const audience = useApi<AudienceAnswer>(`/v1/audiences/${id}`);
  // Bumped by every change: the customers start again from their first page.
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'' | 'replace' | 'append'>('');
  const [file, setFile] = useState<File | null>(null);
  const [ids, setIds] = useState('');

  const change = async (work: () => Promise<AudienceChange>) => {
    setBusy(true);
    try {
      setNote(changeText(await work()));
      setVersion((v) => v + 1);
      audience.reload();
    } catch (err) {
      setNote(sayError(err));
    } finally {
      setBusy(false);
    }
  };
  const byHand = (path: string) =>
    change(() =>
      api<AudienceChange>(`/v1/audiences/${id}/${path}`, {
        method: 'POST',
        body: { externalIds: ids.split(/[\s,;]+/).filter(Boolean) },
      }),
    );
  const remove = async () => {
    if (!window.confirm(`Delete the audience “${audience.data?.audience.name}”?`)) return;
    try {
      await api(`/v1/audiences/${id}`, { method: 'DELETE' });
      router.push('/audiences');
    } catch (err) {
      setNote(sayError(err));
    }
  };

  if (audience.error && !audience.data) return <p className="notice error">{audience.error}</p>;
  if (!audience.data) return <p className="muted">Loading…</p>;
  const a = audience.data.audience;
  const writer = can('segments:write');
  return (
    <>
      <Link href="/audiences" className="back">
        ← Audiences
      </Link>
      <div className="page-header">
        <div>
          <h1 data-testid="audience-title">{a.name}</h1>
          <p className="muted" data-testid="audience-summary">
            {a.members.toLocaleString()} customers ·{' '}
            {a.origin === 'segment' && a.segmentId ? (
              <FrozenFrom segmentId={a.segmentId} at={a.createdAt} />
            ) : (
              ORIGIN[a.origin]
            )}
            {a.description && ` · ${a.description}`}
          </p>
        </div>
        {writer && (
          <button
            type="button"
            className="button danger"
            data-testid="audience-delete"
            onClick={() => void remove()}
          >
            Delete
          </button>
        )}
      </div>
      {writer && (
        <div className="card audience-edit">
          <div className="segment-customers-bar">
            <strong>Upload a CSV of external IDs</strong>
            <input
              type="file"
              accept=".csv,text/csv,text/plain"
              data-testid="audience-upload-file"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
            <select
              value={mode}
              aria-label="What the file does"
              data-testid="audience-upload-mode"
              onChange={(e) => setMode(e.target.value as typeof mode)}
            >
              <option value="">choose: replace or append…</option>
              <option value="replace">replace: the file becomes the audience</option>
              <option value="append">append: add the file to the audience</option>
            </select>
            <button
              type="button"
              className="button ghost"
              disabled={busy || !file || !mode}
              data-testid="audience-upload"
              onClick={() => mode && file && void change(() => uploadAudienceCsv(id, file, mode))}
            >
              Upload
            </button>
          </div>
          <div className="segment-customers-bar">
            <strong>By external ID</strong>
            <input
              value={ids}
              placeholder="c-17, c-42"
              aria-label="External IDs"
              data-testid="audience-ids"
              onChange={(e) => setIds(e.target.value)}
            />
            <button
              type="button"
              className="button ghost"
              disabled={busy || !ids.trim()}
              data-testid="audience-add"
              onClick={() => void byHand('members')}
            >
              Add
            </button>
            <button
              type="button"
              className="button ghost"
              disabled={busy || !ids.trim()}
              data-testid="audience-remove"
              onClick={() => void byHand('members/remove')}
            >
              Remove
            </button>
          </div>
          {note && (
            <p className="muted small" data-testid="audience-note">
              {note}
            </p>
          )}
        </div>
      )}
      <MemberPages
        key={version}
        path={`/v1/audiences/${id}/customers`}
        empty="Nobody in this audience."
        testId="audience-customers"
        linkTestId="audience-customer-link"
      />
    </>
  );
}

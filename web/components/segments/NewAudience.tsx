'use client';
// Creates a static audience: frozen from a segment's members today, filled from a CSV of
// external IDs, or empty (filled by hand later). Opens the new audience when done.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { AudienceAnswer } from '../../../core/contract/segments.ts';
import { api, ApiError } from '../../lib/api.ts';
import { uploadAudienceCsv } from '../../lib/audiences.ts';
import { sayError } from '../../lib/error-words.ts';
import { NamedPicker } from '../NamedPicker.tsx';

type From = 'segment' | 'csv' | 'empty';

export function NewAudience({ onCancel }: { onCancel: () => void }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [from, setFrom] = useState<From>('segment');
  const [segmentId, setSegmentId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<Record<string, string>>({});

  const create = async () => {
    setBusy(true);
    setError(undefined);
    setProblems({});
    try {
      if (from === 'segment' && !segmentId) throw new ApiError(400, 'Pick the segment to freeze.');
      if (from === 'csv' && !file) throw new ApiError(400, 'Choose the CSV file of external IDs.');
      const made = await api<AudienceAnswer>('/v1/audiences', {
        method: 'POST',
        body: {
          name,
          ...(description.trim() && { description }),
          ...(from === 'segment' && { fromSegmentId: segmentId }),
        },
      });
      const id = made.audience.id;
      if (from === 'csv' && file) await uploadAudienceCsv(id, file, 'replace');
      router.push(`/audiences/${id}`);
    } catch (err) {
      if (err instanceof ApiError && err.problems.length > 0)
        setProblems(Object.fromEntries(err.problems.map((p) => [p.field, p.message])));
      setError(sayError(err));
      setBusy(false);
    }
  };

  return (
    <form
      className="card audience-new"
      data-testid="audience-new"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <label htmlFor="audience-name">Name</label>
      <input
        id="audience-name"
        data-testid="audience-name"
        value={name}
        placeholder="Laptop 2019"
        onChange={(e) => setName(e.target.value)}
      />
      {problems.name && <p className="field-error">{problems.name}</p>}
      <label htmlFor="audience-description">Description</label>
      <input
        id="audience-description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <fieldset className="audience-from">
        <legend>Customers</legend>
        {(
          [
            ['segment', "a segment's members today (frozen: they stay as they are)"],
            ['csv', 'a CSV file of external IDs (first column)'],
            ['empty', 'none yet (add them by hand)'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name="audience-from"
              value={value}
              data-testid={`audience-from-${value}`}
              checked={from === value}
              onChange={() => setFrom(value)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      {from === 'segment' && (
        <NamedPicker
          id="audience-segment"
          what="segment"
          value={segmentId}
          onChange={(v) => setSegmentId(v ?? '')}
        />
      )}
      {problems.fromSegmentId && <p className="field-error">{problems.fromSegmentId}</p>}
      {from === 'csv' && (
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          data-testid="audience-file"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      )}
      {error && <p className="notice error">{error}</p>}
      <div className="segment-customers-bar">
        <button
          type="submit"
          className="button primary"
          disabled={busy}
          data-testid="audience-create"
        >
          {busy ? 'Creating…' : 'Create audience'}
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

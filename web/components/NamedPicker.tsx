'use client';
// A searchable picker of segments, audiences, campaigns or mailings by name, where a form used
// to ask for a raw ID: the segment builder's membership and communication conditions, and the
// canvas's schedule and date triggers, segment conditions and audience actions. It stores the ID.
import { useMemo, useState } from 'react';
import './named-picker.css';
import type { Audience, SegmentList } from '../../core/contract/segments.ts';
import type { SegmentValues } from '../../core/contract/segment-values.ts';
import { useApi } from '../lib/use-api.ts';

export type Named = 'segment' | 'segmentOrAudience' | 'audience' | 'campaign' | 'mailing';

interface Choice {
  id: string;
  name: string;
  /** "Segment", "Audience"… and its size, shown beside the name. */
  note: string;
}

function useChoices(what: Named): Choice[] | undefined {
  const wantsSegments = what === 'segment' || what === 'segmentOrAudience';
  const wantsAudiences = what === 'audience' || what === 'segmentOrAudience';
  const segments = useApi<SegmentList>(wantsSegments ? '/v1/segments' : null);
  const audiences = useApi<{ audiences: Audience[] }>(wantsAudiences ? '/v1/audiences' : null);
  const named = useApi<SegmentValues>(
    what === 'campaign' || what === 'mailing' ? `/v1/segment-values?field=${what}&limit=200` : null,
  );
  return useMemo(() => {
    if (what === 'campaign' || what === 'mailing')
      return named.data?.values.map((v) => ({ id: v.value, name: v.label, note: '' }));
    if ((wantsSegments && !segments.data) || (wantsAudiences && !audiences.data)) return undefined;
    return [
      ...(segments.data?.segments ?? []).map((s) => ({
        id: s.id,
        name: s.name,
        note: `segment${s.metrics ? `, ${s.metrics.profiles.toLocaleString()}` : ''}`,
      })),
      ...(audiences.data?.audiences ?? []).map((a) => ({
        id: a.id,
        name: a.name,
        note: `audience, ${a.members.toLocaleString()}`,
      })),
    ];
  }, [what, wantsSegments, wantsAudiences, segments.data, audiences.data, named.data]);
}

export function NamedPicker({
  id,
  what,
  value,
  exclude,
  onChange,
}: {
  id: string;
  what: Named;
  value: string;
  /** An ID not to offer (a segment may not name itself). */
  exclude?: string;
  onChange: (id: string | undefined) => void;
}) {
  const choices = useChoices(what);
  const [search, setSearch] = useState<string | null>(null);
  const picked = choices?.find((c) => c.id === value);
  const shown =
    search ?? (picked ? picked.name : value && choices ? `unknown: ${value}` : value ? '…' : '');
  const q = (search ?? '').trim().toLowerCase();
  const matches = (choices ?? [])
    .filter((c) => c.id !== exclude && (q === '' || c.name.toLowerCase().includes(q)))
    .slice(0, 50);
  return (
    <span className="named-picker">
      <input
        id={id}
        data-testid={id}
        role="combobox"
        aria-expanded={search !== null}
        aria-controls={`${id}-list`}
        value={shown}
        placeholder={`search ${what === 'segmentOrAudience' ? 'segments and audiences' : `${what}s`} by name`}
        autoComplete="off"
        onFocus={() => setSearch('')}
        // The click on an option lands before the blur closes the list.
        onBlur={() => setTimeout(() => setSearch(null), 150)}
        onChange={(e) => setSearch(e.target.value)}
      />
      {value && (
        <button
          type="button"
          className="named-clear"
          aria-label="Clear"
          data-testid={`${id}-clear`}
          onClick={() => onChange(undefined)}
        >
          ×
        </button>
      )}
      {search !== null && (
        <ul className="named-list" id={`${id}-list`} role="listbox" data-testid={`${id}-list`}>
          {choices === undefined && <li className="muted">Loading…</li>}
          {choices !== undefined && matches.length === 0 && <li className="muted">None found</li>}
          {matches.map((c) => (
            <li key={c.id} role="option" aria-selected={c.id === value}>
              <button
                type="button"
                data-testid={`${id}-option`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  onChange(c.id);
                  setSearch(null);
                }}
              >
                {c.name}
                {c.note && <span className="muted small"> {c.note}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}

'use client';
// The names a campaign's cards read in place of IDs: templates by name, segments and audiences
// as «segment “VIP”» / «audience “Laptop 2019”» (a segment condition or trigger may name either,
// so the card's summary says which it is).
import { useMemo } from 'react';
import type { AudienceList, SegmentList } from '../../core/contract/segments.ts';
import type { Templates } from './api.ts';
import { useApi } from './use-api.ts';

export function useGraphNames(templates: Templates | undefined): ReadonlyMap<string, string> {
  const segments = useApi<SegmentList>('/v1/segments');
  const audiences = useApi<AudienceList>('/v1/audiences');
  return useMemo(
    () =>
      new Map([
        ...(templates?.templates ?? []).map((t) => [t.id, t.name] as const),
        ...(segments.data?.segments ?? []).map((s) => [s.id, `segment “${s.name}”`] as const),
        ...(audiences.data?.audiences ?? []).map((a) => [a.id, `audience “${a.name}”`] as const),
      ]),
    [templates, segments.data, audiences.data],
  );
}

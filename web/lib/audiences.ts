// Audience calls the plain JSON client does not cover: a CSV file sent as it is (text/csv).
import type { Audience, AudienceChange } from '../../core/contract/segments.ts';
import { ApiError } from './api.ts';

/** How an audience was made, in a few words. */
export const ORIGIN: Record<Audience['origin'], string> = {
  segment: 'frozen from a segment',
  csv: 'uploaded CSV',
  manual: 'by hand',
};

/** Uploads a CSV of external IDs: `replace` makes the file the audience, `append` adds it. */
export async function uploadAudienceCsv(
  id: string,
  file: File,
  mode: 'replace' | 'append',
): Promise<AudienceChange> {
  const res = await fetch(`/api/v1/audiences/${encodeURIComponent(id)}/members.csv?mode=${mode}`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv', accept: 'application/json' },
    body: file,
  });
  const body = (await res.json().catch(() => undefined)) as
    (AudienceChange & { error?: { message?: string } }) | undefined;
  if (!res.ok || !body?.audience)
    throw new ApiError(res.status, body?.error?.message ?? `Herald answered ${res.status}`);
  return body;
}

/** "3 added, 1 removed; 2 external IDs name nobody: x, y". */
export function changeText(c: AudienceChange): string {
  const unknown =
    c.unknown.length > 0
      ? `; ${c.unknown.length} external ID${c.unknown.length > 1 ? 's' : ''} name nobody: ${c.unknown.slice(0, 5).join(', ')}${c.unknown.length > 5 ? '…' : ''}`
      : '';
  return `${c.added} added, ${c.removed} removed${unknown}. ${c.audience.members} in the audience.`;
}

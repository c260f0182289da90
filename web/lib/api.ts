// The browser's client for the Herald api. Every call goes same-origin to /api/*, which
// app/api/[...path]/route.ts proxies to the api, so the httpOnly session cookie rides along by itself.
import type { Problem } from '../../core/contract/common.ts';

// The answers' types come from the api's own contract, so the web app cannot drift from it.
export type {
  CampaignDetail,
  CampaignDetailAnswer,
  CampaignDraftAnswer,
  CampaignList,
  CampaignStats,
  CampaignSummary,
  CampaignVersion,
  Entries,
  Journey,
  VersionAnswer,
} from '../../core/contract/campaigns.ts';
export type { Templates } from '../../core/contract/templates.ts';
export type { EventTypes } from '../../core/contract/event-types.ts';

/** A field at fault; `nodeId` names the campaign step it belongs to, when there is one. */
export type FieldProblem = Problem;

/** An api answer that is not 2xx, carrying the api's own message for the marketer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

type ErrorBody = { error?: { message?: string; problems?: FieldProblem[] } };

/** Calls the api; throws ApiError (status 401 means: not signed in). */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers:
        init.body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'Herald cannot be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (body as ErrorBody | undefined)?.error;
    throw new ApiError(
      res.status,
      err?.message ?? `Herald answered ${res.status} ${res.statusText}`,
      err?.problems ?? [],
    );
  }
  return body as T;
}

// The browser's client for the Herald api. Every call goes same-origin to /api/*, which
// app/api/[...path]/route.ts proxies to the api, so the httpOnly session cookie rides along by itself.
import type { DraftGraph } from '../../core/graph-problems.ts';
import type { CampaignGraph } from '../../core/graph.ts';
import type { LifecycleAction } from '../../core/lifecycle.ts';

/** A field at fault; `nodeId` names the campaign step it belongs to, when there is one. */
export type FieldProblem = { field: string; message: string; nodeId?: string };
export type CampaignStatus = 'draft' | 'active' | 'paused' | 'stopped' | 'archived';

export type CampaignSummary = {
  id: string;
  name: string;
  description: string | null;
  status: CampaignStatus;
  currentVersion: number | null;
  createdAt: string;
  updatedAt: string;
  runningJourneys: number;
  /** When the campaign takes entries (its live version's dates, else the draft's). */
  startsAt: string | null;
  endsAt: string | null;
  publishedAt: string | null;
};

export type CampaignDetail = Omit<
  CampaignSummary,
  'runningJourneys' | 'startsAt' | 'endsAt' | 'publishedAt'
> & {
  draft: DraftGraph;
  problems: FieldProblem[];
  versions: {
    version: number;
    note: string | null;
    publishedAt: string;
    runningJourneys: number;
  }[];
  /** The lifecycle buttons to show now, each with what it does to journeys in flight. */
  actions: { action: LifecycleAction; effect: string }[];
};

/** GET /v1/campaigns/{id}/stats: the live view's counters. */
export type CampaignStats = {
  nodes: {
    nodeId: string;
    entered: number;
    waiting: number;
    sent: number;
    /** Journeys that met the campaign's goal while at this step. */
    converted: number;
    exits: Record<string, number>;
  }[];
  journeys: Record<string, number>;
};

export type CampaignVersion = {
  version: number;
  note: string | null;
  publishedAt: string;
  graph: CampaignGraph;
};

export type Journey = {
  id: string;
  customerId: string;
  customerExternalId: string | null;
  customerName: string | null;
  customerEmail: string | null;
  entryNumber: number;
  version: number;
  status: 'starting' | 'running' | 'completed' | 'failed';
  currentNode: string | null;
  workflowId: string;
  enteredAt: string;
  finishedAt: string | null;
  temporalUrl: string;
};

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

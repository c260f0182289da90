// Campaigns: drafts, publishing immutable versions, and the journeys running in them.
import { PublishCampaign, UpdateCampaign } from '../../core/campaign.ts';
import {
  CampaignDetailAnswer,
  CampaignDraftAnswer,
  CampaignList,
  CampaignParams,
  CampaignStats,
  Entries,
  EntriesQuery,
  NewCampaign,
  Published,
  SaveDraft,
  VersionAnswer,
  VersionParams,
} from '../../core/contract/campaigns.ts';
import { badRequest, conflict, type FieldProblem, notFound } from '../../core/errors.ts';
import { checkTransition, type LifecycleAction, transitions } from '../../core/lifecycle.ts';
import { CampaignGraph, isTriggerKind, templateRefs } from '../../core/graph.ts';
import { type DraftGraph, draftProblems } from '../../core/graph-problems.ts';
import { temporalWorkflowUrl } from '../../core/ids.ts';
import { pinTemplateRevisions } from '../../core/template-pins.ts';
import type { Db } from '../../db/connection.ts';
import {
  type CampaignRow,
  createCampaign,
  getCampaign,
  getVersion,
  journeysAtNode,
  listCampaigns,
  listVersions,
  publishCampaign,
  updateCampaignDraft,
} from '../../db/campaigns.ts';
import {
  type EntryStatus,
  journeysByStatus,
  listEntries,
  openJourneysByVersion,
} from '../../db/entries.ts';
import { campaignNumbers } from '../../db/campaign-numbers.ts';
import { emptyStats, nodeStats } from '../../db/node-counters.ts';
import { publishedRevisions } from '../../db/template-revisions.ts';
import { existingTemplateIds } from '../../db/templates.ts';
import { syncCampaignSchedules } from '../../entry/schedules.ts';
import { route } from '../route.ts';
import { audited } from '../audit.ts';

export const summary = (c: CampaignRow) => ({
  id: c.id,
  name: c.name,
  description: c.description,
  folder: c.folder,
  status: c.status,
  currentVersion: c.current_version,
  createdAt: c.created_at.toISOString(),
  updatedAt: c.updated_at.toISOString(),
});

/** A problem as the api reports it: the field path, and the node the canvas should select. */
type PublishProblem = FieldProblem & { nodeId?: string };

/** Everything that stops a draft from being published, each problem naming its node. */
export async function publishProblems(db: Db, draft: DraftGraph): Promise<PublishProblem[]> {
  const problems: PublishProblem[] = draftProblems(draft).map((p) => ({
    field: ['graph', ...(p.nodeId ? ['nodes', p.nodeId] : []), ...(p.field ? [p.field] : [])].join(
      '.',
    ),
    ...(p.nodeId && { nodeId: p.nodeId }),
    message: p.message,
  }));
  // A draft's step may be half-filled: its template references are read step by step, and a
  // missing template ID is already a field problem above.
  const refs = draft.nodes
    .flatMap((n) => {
      try {
        return templateRefs({ nodes: [n] } as CampaignGraph);
      } catch {
        return [];
      }
    })
    .filter((r) => typeof r.templateId === 'string' && r.templateId !== '');
  const found = await existingTemplateIds(
    db,
    refs.map((r) => r.templateId),
  );
  for (const r of refs) {
    if (!found.has(r.templateId))
      problems.push({
        field: `graph.nodes.${r.nodeId}.${r.field}`,
        nodeId: r.nodeId,
        message: `no template has the ID "${r.templateId}"; pick an existing template`,
      });
  }
  return problems;
}

async function loadCampaign(db: Db, id: string) {
  const campaign = await getCampaign(db, id);
  if (!campaign) throw notFound(`Campaign ${id}`);
  return campaign;
}

export const withDraft = async (db: Db, row: CampaignRow) => ({
  campaign: { ...summary(row), draft: row.draft, problems: await publishProblems(db, row.draft) },
});

const toVersion = (v: {
  version: number;
  note: string | null;
  published_at: Date;
  graph: CampaignGraph;
}) => ({
  version: v.version,
  note: v.note,
  publishedAt: v.published_at.toISOString(),
  graph: v.graph,
});

export const campaignRoutes = [
  route({
    method: 'post',
    path: '/v1/campaigns',
    permission: 'campaigns:write',
    summary: 'Create a campaign draft; the graph may be drawn afterwards',
    body: NewCampaign,
    responses: { 201: CampaignDraftAnswer },
    handler: async ({ body, deps: { db } }) =>
      withDraft(
        db,
        await createCampaign(db, { ...body, graph: body.graph ?? { nodes: [], edges: [] } }),
      ),
  }),

  route({
    method: 'get',
    path: '/v1/campaigns',
    permission: 'campaigns:read',
    summary:
      'List campaigns with their folder, running journeys, entries, sends and conversions (receipts within 7 days after a send), and the dates the calendar shows',
    responses: { 200: CampaignList },
    handler: async ({ deps: { db } }) => {
      const [rows, numbers] = await Promise.all([listCampaigns(db), campaignNumbers(db)]);
      return {
        campaigns: rows.map((r) => ({
          ...summary(r),
          runningJourneys: r.running_journeys,
          ...(numbers.get(r.id) ?? { entries: 0, sends: 0, conversions: 0 }),
          // For the calendar: when the campaign takes entries, and when its live version went out.
          startsAt: r.starts_at,
          endsAt: r.ends_at,
          publishedAt: r.published_at?.toISOString() ?? null,
        })),
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/{id}',
    permission: 'campaigns:read',
    summary: 'Get a campaign: its draft, problems, versions and the lifecycle actions allowed now',
    params: CampaignParams,
    responses: { 200: CampaignDetailAnswer },
    errors: [404],
    handler: async ({ params, deps: { db } }) => {
      const c = await loadCampaign(db, params.id);
      const [versions, open] = await Promise.all([
        listVersions(db, c.id),
        openJourneysByVersion(db, c.id),
      ]);
      const journeysOn = new Map(open.map((o) => [o.version, o.journeys]));
      return {
        campaign: {
          ...(await withDraft(db, c)).campaign,
          versions: versions.map((v) => ({
            version: v.version,
            note: v.note,
            publishedAt: v.published_at.toISOString(),
            runningJourneys: journeysOn.get(v.version) ?? 0,
          })),
          // What the lifecycle buttons may do now, and what each does to journeys in flight.
          actions: (Object.keys(transitions) as LifecycleAction[])
            .filter((a) => checkTransition(a, c.status).allowed)
            .map((a) => ({ action: a, effect: transitions[a].journeys })),
        },
      };
    },
  }),

  route({
    method: 'patch',
    path: '/v1/campaigns/{id}',
    permission: 'campaigns:write',
    summary: "Edit the draft's name, description or graph",
    params: CampaignParams,
    body: UpdateCampaign,
    responses: { 200: CampaignDraftAnswer },
    errors: [404],
    handler: async ({ params, body, deps: { db } }) => {
      const c = await loadCampaign(db, params.id);
      return withDraft(db, (await updateCampaignDraft(db, c.id, body))!);
    },
  }),

  // Autosave from the canvas: the draft is kept as drawn, half-filled nodes included, and
  // answered with what still stops it from being published.
  route({
    method: 'put',
    path: '/v1/campaigns/{id}/draft',
    permission: 'campaigns:write',
    summary: 'Autosave the draft as drawn; answers with what still stops publishing',
    params: CampaignParams,
    body: SaveDraft,
    responses: { 200: CampaignDraftAnswer },
    errors: [404, 409],
    handler: async ({ params, body: { graph, baseUpdatedAt }, deps: { db } }) => {
      const c = await loadCampaign(db, params.id);
      const row = await updateCampaignDraft(
        db,
        c.id,
        { graph },
        baseUpdatedAt === undefined ? undefined : new Date(baseUpdatedAt),
      );
      if (!row)
        throw conflict(
          `The draft was changed elsewhere at ${c.updated_at.toISOString()}, after you opened it; reload the campaign to see that version (your changes here were not saved).`,
        );
      return withDraft(db, row);
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/{id}/publish',
    permission: 'campaigns:write',
    summary: 'Publish the draft as a new immutable version',
    params: CampaignParams,
    body: PublishCampaign.optional(),
    responses: { 201: Published },
    errors: [404, 409],
    handler: async ({ params, body, req, deps }) => {
      const c = await loadCampaign(deps.db, params.id);
      const check = checkTransition('publish', c.status);
      if (!check.allowed) throw conflict(check.reason);
      const problems = await publishProblems(deps.db, c.draft);
      if (problems.length > 0)
        throw badRequest(
          `The campaign cannot be published: fix ${problems.length} problem(s) first`,
          problems,
        );
      // Each send pins the template revision published now (core/template-pins.ts).
      const parsed = CampaignGraph.parse(c.draft);
      const ids = templateRefs(parsed).map((r) => r.templateId);
      const graph = pinTemplateRevisions(parsed, await publishedRevisions(deps.db, ids));
      const v = await audited(
        deps,
        req,
        (trx) => publishCampaign(trx, c.id, graph, body?.note, check.to),
        (version) => ({
          action: 'campaign.published',
          targetType: 'campaign',
          targetId: c.id,
          details: { name: c.name, version: version.version },
        }),
      );
      // Time-based triggers fire from Temporal Schedules that follow the new version.
      const schedules = await syncCampaignSchedules(deps, c.id);
      return { version: toVersion(v), schedules };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/{id}/versions/{version}',
    permission: 'campaigns:read',
    summary: 'Get a published version',
    params: VersionParams,
    responses: { 200: VersionAnswer },
    errors: [404],
    handler: async ({ params, deps: { db } }) => {
      const c = await loadCampaign(db, params.id);
      const v = await getVersion(db, c.id, params.version);
      if (!v) throw notFound(`Version ${params.version} of campaign ${c.id}`);
      return { version: toVersion(v) };
    },
  }),

  // The live view's numbers: per node, journeys entered, left by each exit, waiting now, sent.
  route({
    method: 'get',
    path: '/v1/campaigns/{id}/stats',
    permission: 'campaigns:read',
    summary: 'Per node: journeys entered, left by each exit, waiting now, sent; journeys by status',
    params: CampaignParams,
    responses: { 200: CampaignStats },
    errors: [404],
    handler: async ({ params, deps: { db } }) => {
      const c = await loadCampaign(db, params.id);
      const graph = c.current_version
        ? (await getVersion(db, c.id, c.current_version))!.graph
        : c.draft;
      const byNode = new Map((await nodeStats(db, c.id)).map((s) => [s.nodeId, s]));
      return {
        nodes: graph.nodes.map((n) => {
          const s = byNode.get(n.id) ?? emptyStats(n.id);
          // Journeys start past their trigger: it was entered as often as it was left.
          return isTriggerKind(n.kind) ? { ...s, entered: s.exits.next ?? 0 } : s;
        }),
        journeys: Object.fromEntries(
          (await journeysByStatus(db, c.id)).map((r) => [r.status, r.journeys]),
        ),
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/{id}/entries',
    permission: 'campaigns:read',
    summary: 'Journeys of a campaign, each with its Temporal UI link',
    params: CampaignParams,
    query: EntriesQuery,
    responses: { 200: Entries },
    errors: [404],
    handler: async ({ params, query: q, deps }) => {
      const c = await loadCampaign(deps.db, params.id);
      const status: EntryStatus[] = q.status === 'open' ? ['starting', 'running'] : [q.status];
      const rows = q.node
        ? await journeysAtNode(deps.db, c.id, q.node, q.limit)
        : await listEntries(deps.db, c.id, { status, limit: q.limit });
      return {
        entries: rows.map((e) => ({
          id: e.id,
          customerId: e.customer_id,
          customerExternalId: e.external_id,
          customerName: [e.first_name, e.last_name].filter(Boolean).join(' ') || null,
          customerEmail: e.email,
          entryNumber: e.entry_number,
          version: e.version,
          status: e.status,
          currentNode: e.current_node,
          workflowId: e.workflow_id,
          enteredAt: e.entered_at.toISOString(),
          finishedAt: e.finished_at?.toISOString() ?? null,
          temporalUrl: temporalWorkflowUrl(
            deps.config.temporalUiUrl,
            deps.config.TEMPORAL_NAMESPACE,
            e.workflow_id,
          ),
        })),
      };
    },
  }),
];

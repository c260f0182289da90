// Campaigns: drafts, publishing immutable versions, and the journeys running in them.
import { Router } from 'express';
import { z } from 'zod';
import { CreateCampaign, PublishCampaign, UpdateCampaign } from '../../core/campaign.ts';
import { badRequest, conflict, type FieldProblem, notFound } from '../../core/errors.ts';
import { checkTransition, type LifecycleAction, transitions } from '../../core/lifecycle.ts';
import { type CampaignGraph, isTriggerKind, templateRefs } from '../../core/graph.ts';
import { validateGraph } from '../../core/graph-validation.ts';
import { temporalWorkflowUrl } from '../../core/ids.ts';
import type { Db } from '../../db/connection.ts';
import {
  type CampaignRow,
  createCampaign,
  getCampaign,
  getVersion,
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
import { emptyStats, nodeStats } from '../../db/node-counters.ts';
import { existingTemplateIds } from '../../db/templates.ts';
import { syncCampaignSchedules } from '../../entry/schedules.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

const CampaignId = z.uuid('use a campaign ID (a UUID)');
const EntriesQuery = z.object({
  status: z
    .enum(['starting', 'running', 'completed', 'converted', 'exited', 'stopped', 'failed', 'open'])
    .default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const summary = (c: CampaignRow) => ({
  id: c.id,
  name: c.name,
  description: c.description,
  status: c.status,
  currentVersion: c.current_version,
  createdAt: c.created_at.toISOString(),
  updatedAt: c.updated_at.toISOString(),
});

/** Everything that stops a graph from being published, each problem naming its node. */
async function publishProblems(db: Db, graph: CampaignGraph): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = validateGraph(graph).map((p) => ({
    field: p.nodeId ? `graph.nodes.${p.nodeId}` : 'graph',
    message: p.message,
  }));
  const refs = templateRefs(graph);
  const found = await existingTemplateIds(
    db,
    refs.map((r) => r.templateId),
  );
  for (const r of refs) {
    if (!found.has(r.templateId))
      problems.push({
        field: `graph.nodes.${r.nodeId}.${r.field}`,
        message: `no template has the ID "${r.templateId}"; pick an existing template`,
      });
  }
  return problems;
}

export function campaignsRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();
  const load = async (rawId: string) => {
    const id = parseBody(CampaignId, rawId, 'campaign ID');
    const campaign = await getCampaign(db, id);
    if (!campaign) throw notFound(`Campaign ${id}`);
    return campaign;
  };

  router.post('/', async (req, res) => {
    const input = parseBody(CreateCampaign, req.body, 'campaign');
    const row = await createCampaign(db, input);
    res.status(201).json({
      campaign: {
        ...summary(row),
        draft: row.draft,
        problems: await publishProblems(db, row.draft),
      },
    });
  });

  router.get('/', async (_req, res) => {
    const rows = await listCampaigns(db);
    res.json({
      campaigns: rows.map((r) => ({ ...summary(r), runningJourneys: r.running_journeys })),
    });
  });

  router.get('/:id', async (req, res) => {
    const c = await load(req.params.id);
    const [versions, open] = await Promise.all([
      listVersions(db, c.id),
      openJourneysByVersion(db, c.id),
    ]);
    const journeysOn = new Map(open.map((o) => [o.version, o.journeys]));
    res.json({
      campaign: {
        ...summary(c),
        draft: c.draft,
        problems: await publishProblems(db, c.draft),
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
    });
  });

  router.patch('/:id', async (req, res) => {
    const c = await load(req.params.id);
    const input = parseBody(UpdateCampaign, req.body, 'campaign');
    const row = (await updateCampaignDraft(db, c.id, input))!;
    res.json({
      campaign: {
        ...summary(row),
        draft: row.draft,
        problems: await publishProblems(db, row.draft),
      },
    });
  });

  router.post('/:id/publish', async (req, res) => {
    const c = await load(req.params.id);
    const { note } = parseBody(PublishCampaign, req.body ?? {}, 'publish request');
    const check = checkTransition('publish', c.status);
    if (!check.allowed) throw conflict(check.reason);
    const problems = await publishProblems(db, c.draft);
    if (problems.length > 0)
      throw badRequest(
        `The campaign cannot be published: fix ${problems.length} problem(s) first`,
        problems,
      );
    const v = await publishCampaign(db, c.id, c.draft, note, check.to);
    // Time-based triggers fire from Temporal Schedules that follow the new version.
    const schedules = await syncCampaignSchedules(deps, c.id);
    res.status(201).json({
      version: {
        version: v.version,
        note: v.note,
        publishedAt: v.published_at.toISOString(),
        graph: v.graph,
      },
      schedules,
    });
  });

  router.get('/:id/versions/:version', async (req, res) => {
    const c = await load(req.params.id);
    const n = parseBody(
      z.coerce.number().int().min(1, 'versions start at 1'),
      req.params.version,
      'version',
    );
    const v = await getVersion(db, c.id, n);
    if (!v) throw notFound(`Version ${n} of campaign ${c.id}`);
    res.json({
      version: {
        version: v.version,
        note: v.note,
        publishedAt: v.published_at.toISOString(),
        graph: v.graph,
      },
    });
  });

  // The live view's numbers: per node, journeys entered, left by each exit, waiting now, sent.
  router.get('/:id/stats', async (req, res) => {
    const c = await load(req.params.id);
    const graph = c.current_version
      ? (await getVersion(db, c.id, c.current_version))!.graph
      : c.draft;
    const byNode = new Map((await nodeStats(db, c.id)).map((s) => [s.nodeId, s]));
    res.json({
      nodes: graph.nodes.map((n) => {
        const s = byNode.get(n.id) ?? emptyStats(n.id);
        // Journeys start past their trigger: it was entered as often as it was left.
        return isTriggerKind(n.kind) ? { ...s, entered: s.exits.next ?? 0 } : s;
      }),
      journeys: Object.fromEntries(
        (await journeysByStatus(db, c.id)).map((r) => [r.status, r.journeys]),
      ),
    });
  });

  router.get('/:id/entries', async (req, res) => {
    const c = await load(req.params.id);
    const q = parseBody(EntriesQuery, req.query, 'query');
    const status: EntryStatus[] = q.status === 'open' ? ['starting', 'running'] : [q.status];
    const rows = await listEntries(db, c.id, { status, limit: q.limit });
    res.json({
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
    });
  });

  return router;
}

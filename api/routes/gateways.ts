// Gateways as data: provider accounts per channel, their settings, senders, rate limit and
// default. Credentials go in and never come out. "Test connection" runs on a worker, which holds
// the providers' clients, and answers in the provider's own words.
import { IdParams } from '../../core/contract/common.ts';
import { GatewayAnswer, Gateways, GatewayTestResult } from '../../core/contract/gateways.ts';
import { badRequest, conflict, HeraldError, notFound, zodProblems } from '../../core/errors.ts';
import { CreateGateway, parseProviderParts, UpdateGateway } from '../../core/gateways.ts';
import {
  createGateway,
  deleteGateway,
  gatewayConfig,
  type GatewayRow,
  getGateway,
  listGateways,
  toGateway,
  updateGateway,
} from '../../db/gateways.ts';
import {
  type GatewayTestOutcome,
  TEST_GATEWAY_WORKFLOW_TYPE,
  testGatewayWorkflowId,
} from '../../workflows/gateway-test-api.ts';
import { audited } from '../audit.ts';
import type { ApiDeps } from '../deps.ts';
import { route } from '../route.ts';

const Params = IdParams('a gateway');
const answer = (deps: ApiDeps, row: GatewayRow) => ({
  gateway: toGateway(row, deps.config.trackingUrl, deps.config.HERALD_SECRET),
});

async function found(deps: ApiDeps, id: string): Promise<GatewayRow> {
  const row = await getGateway(deps.db, id);
  if (!row) throw notFound(`Gateway ${id}`);
  return row;
}

/** What the environment's SMTP gateway lets the api change: the rest is SMTP_* settings. */
const ENVIRONMENT_CHANGES = new Set(['isDefault', 'ratePerSecond']);

export const gatewayRoutes = [
  route({
    method: 'post',
    path: '/v1/gateways',
    permission: 'settings:write',
    summary:
      'Add a gateway: a provider account for one channel (SMTP, SMPP), with sealed credentials, senders, a rate limit; the first of its channel is the default',
    body: CreateGateway,
    responses: { 201: GatewayAnswer },
    errors: [409],
    handler: async ({ body, req, deps }) => {
      const row = await audited(
        deps,
        req,
        (trx) => createGateway(trx, deps.config.HERALD_SECRET, body),
        (made) =>
          made && {
            action: 'setting.gateway_created',
            targetType: 'gateway',
            targetId: made.id,
            details: { name: made.name, channel: made.channel, provider: made.provider },
          },
      );
      if (!row) throw conflict(`A gateway is already named "${body.name}"; pick another name.`);
      return answer(deps, row);
    },
  }),
  route({
    method: 'get',
    path: '/v1/gateways',
    permission: 'settings:write',
    summary: 'List the gateways of every channel (credentials are never answered)',
    responses: { 200: Gateways },
    handler: async ({ deps }) => ({
      gateways: (await listGateways(deps.db)).map((row) => answer(deps, row).gateway),
    }),
  }),
  route({
    method: 'get',
    path: '/v1/gateways/{id}',
    permission: 'settings:write',
    summary: 'One gateway (credentials are never answered)',
    params: Params,
    responses: { 200: GatewayAnswer },
    errors: [404],
    handler: async ({ params: { id }, deps }) => answer(deps, await found(deps, id)),
  }),
  route({
    method: 'patch',
    path: '/v1/gateways/{id}',
    permission: 'settings:write',
    summary:
      'Change a gateway: settings and credentials given are replaced whole; isDefault: true makes it its channel’s default',
    params: Params,
    body: UpdateGateway,
    responses: { 200: GatewayAnswer },
    errors: [404, 409],
    handler: async ({ params: { id }, body, req, deps }) => {
      const current = await found(deps, id);
      const changed = Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined);
      if (current.managed_by === 'environment' && changed.some((k) => !ENVIRONMENT_CHANGES.has(k)))
        throw conflict(
          `${current.name} is the SMTP_* settings of the environment: change those and restart, or add a gateway of your own`,
        );
      let parts: { settings?: unknown; credentials?: unknown } = {};
      if (body.settings !== undefined || body.credentials !== undefined) {
        const stored = gatewayConfig(current, deps.config.HERALD_SECRET);
        const parsed = parseProviderParts(current.provider, {
          settings: body.settings ?? stored.settings,
          credentials: body.credentials ?? stored.credentials,
        });
        if (!parsed.success)
          throw badRequest(
            `These ${current.provider} settings or credentials are not valid`,
            zodProblems(parsed.error),
          );
        parts = {
          ...(body.settings !== undefined && { settings: parsed.data.settings }),
          ...(body.credentials !== undefined && { credentials: parsed.data.credentials }),
        };
      }
      const row = await audited(
        deps,
        req,
        (trx) =>
          updateGateway(trx, deps.config.HERALD_SECRET, id, {
            name: body.name,
            senders: body.senders,
            ratePerSecond: body.ratePerSecond,
            isDefault: body.isDefault,
            ...parts,
          }),
        (updated) =>
          updated && updated !== 'name taken'
            ? {
                action: 'setting.gateway_changed',
                targetType: 'gateway',
                targetId: id,
                // Which fields changed, never their values: credentials among them.
                details: { fields: changed },
              }
            : undefined,
      );
      if (row === 'name taken')
        throw conflict(`A gateway is already named "${body.name}"; pick another name.`);
      if (!row) throw notFound(`Gateway ${id}`);
      return answer(deps, row);
    },
  }),
  route({
    method: 'delete',
    path: '/v1/gateways/{id}',
    permission: 'settings:write',
    summary:
      'Remove a gateway; messages sent through it keep their history. The environment’s SMTP gateway cannot be removed',
    params: Params,
    responses: { 204: null },
    errors: [404, 409],
    handler: async ({ params: { id }, req, deps }) => {
      const current = await found(deps, id);
      if (current.managed_by === 'environment')
        throw conflict(`${current.name} is the SMTP_* settings of the environment; it stays`);
      await audited(
        deps,
        req,
        (trx) => deleteGateway(trx, id),
        (gone) =>
          gone && {
            action: 'setting.gateway_deleted',
            targetType: 'gateway',
            targetId: id,
            details: { name: gone.name },
          },
      );
    },
  }),
  route({
    method: 'post',
    path: '/v1/gateways/{id}/test',
    permission: 'settings:write',
    summary:
      'Test connection: a worker connects and authenticates with the gateway’s settings; ok, or the provider’s reason',
    params: Params,
    responses: { 200: GatewayTestResult },
    errors: [404, 503],
    handler: async ({ params: { id }, deps }) => {
      await found(deps, id);
      const testedAt = new Date().toISOString();
      let outcome: GatewayTestOutcome;
      try {
        outcome = await deps.temporal.workflow.execute<
          (gatewayId: string) => Promise<GatewayTestOutcome>
        >(TEST_GATEWAY_WORKFLOW_TYPE, {
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          workflowId: testGatewayWorkflowId(id, testedAt),
          args: [id],
          // No worker polling: say so rather than hold the request.
          workflowExecutionTimeout: '60 seconds',
        });
      } catch (err) {
        throw new HeraldError(
          503,
          'worker_unavailable',
          `No worker ran the test (${(err as Error).message}); is the worker running?`,
        );
      }
      return { ...outcome, testedAt };
    },
  }),
];

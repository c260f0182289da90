// Mass mailings (/v1/mailings): a draft always saves with its problems listed; starting sends it
// now or schedules it. The edit rules are the reference's: before it starts, everything; while
// it sends, only pause, resume, cancel and the throttle; once it has finished, only attribution.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import {
  MailingAnswer,
  MailingAttribution,
  MailingInput,
  MailingList,
  MailingParams,
  MailingThrottle,
  type MailingStatus,
} from '../../core/contract/mailings.ts';
import { badRequest, conflict, HeraldError, notFound } from '../../core/errors.ts';
import { editable, finished, running } from '../../core/mailing-rules.ts';
import {
  deleteDraftMailing,
  getMailing,
  insertMailing,
  listMailings,
  mailingCounts,
  type MailingRow,
  moveMailing,
  setMailingColumns,
  toMailing,
  updateMailing,
} from '../../db/mailings.ts';
import {
  MAILING_WORKFLOW_TYPE,
  mailingCancelledSignal,
  mailingChangedSignal,
  mailingPausedSignal,
  mailingWorkflowId,
  type MailingWorkflowInput,
} from '../../workflows/mailing-api.ts';
import type { ApiDeps } from '../deps.ts';
import { checkMailing, checkStartable } from '../mailing-input.ts';
import { recomputingSince } from '../../db/attribution-recomputes.ts';
import { recomputeAttribution } from '../attribution-recompute.ts';
import { route } from '../route.ts';

const Params = MailingParams;

async function answer(deps: ApiDeps, row: MailingRow) {
  return {
    mailing: {
      ...toMailing(row),
      counts: await mailingCounts(deps.db, row.id),
      attributionRecomputingSince: await recomputingSince(deps.db, row.id),
    },
  };
}

async function found(deps: ApiDeps, id: string): Promise<MailingRow> {
  const row = await getMailing(deps.db, id);
  if (!row) throw notFound('mailing');
  return row;
}

/** Tells a running workflow; a workflow already gone has nothing left to act on. */
async function tell(
  deps: ApiDeps,
  id: string,
  send: (h: ReturnType<ApiDeps['temporal']['workflow']['getHandle']>) => Promise<void>,
) {
  try {
    await send(deps.temporal.workflow.getHandle(mailingWorkflowId(id)));
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}

const refusal = (status: MailingStatus, what: string) =>
  conflict(
    running(status)
      ? `The mailing is ${status}: ${what} cannot change now; only pause, resume, cancel and the throttle can`
      : `The mailing is ${status}: only its attribution rules can change now`,
  );

/** A status change the api makes itself, refused (409) from any status not in `from`. */
function transition(
  path: string,
  summary: string,
  from: MailingStatus[],
  to: MailingStatus,
  signal: (deps: ApiDeps, id: string) => Promise<void>,
) {
  return route({
    method: 'post',
    path,
    permission: 'mailings:write',
    summary,
    params: Params,
    responses: { 200: MailingAnswer },
    errors: [404, 409],
    handler: async ({ params, deps }) => {
      const row = await found(deps, params.id);
      const moved = await moveMailing(deps.db, row.id, from, to, {
        finished: to === 'cancelled',
      });
      if (!moved)
        throw conflict(
          `The mailing is ${row.status}: it can be ${to} only when ${from.join(' or ')}`,
        );
      await signal(deps, row.id);
      return answer(deps, moved);
    },
  });
}

export const mailingRoutes = [
  route({
    method: 'get',
    path: '/v1/mailings',
    permission: 'mailings:read',
    summary: 'Mailings, newest first',
    responses: { 200: MailingList },
    handler: async ({ deps }) => ({ mailings: (await listMailings(deps.db)).map(toMailing) }),
  }),
  route({
    method: 'post',
    path: '/v1/mailings',
    permission: 'mailings:write',
    summary:
      'Save a mailing as a draft; what it still lacks is listed in problems, which block starting it',
    body: MailingInput,
    responses: { 201: MailingAnswer },
    handler: async ({ body, deps }) => {
      const { templateRevision, problems } = await checkMailing(deps.db, body);
      return answer(deps, await insertMailing(deps.db, body, templateRevision, problems));
    },
  }),
  route({
    method: 'get',
    path: '/v1/mailings/{id}',
    permission: 'mailings:read',
    summary: 'A mailing with its status, live counts and who was left out of its audience and why',
    params: Params,
    responses: { 200: MailingAnswer },
    errors: [404],
    handler: async ({ params, deps }) => answer(deps, await found(deps, params.id)),
  }),
  route({
    method: 'put',
    path: '/v1/mailings/{id}',
    permission: 'mailings:write',
    summary:
      'Edit a mailing that has not started (a draft or a scheduled one); a scheduled one must stay complete',
    params: Params,
    body: MailingInput,
    responses: { 200: MailingAnswer },
    errors: [404, 409],
    handler: async ({ params, body, deps }) => {
      const row = await found(deps, params.id);
      if (!editable(row.status)) throw refusal(row.status, 'its content');
      const { templateRevision, problems } = await checkMailing(deps.db, body);
      if (row.status === 'scheduled') {
        if (problems.length > 0)
          throw badRequest('A scheduled mailing must stay complete', problems);
        await checkStartable(deps.db, body);
      }
      const saved = await updateMailing(
        deps.db,
        row.id,
        ['draft', 'scheduled'],
        body,
        templateRevision,
        problems,
      );
      if (!saved) throw refusal((await found(deps, row.id)).status, 'its content');
      if (saved.status === 'scheduled')
        await tell(deps, row.id, (h) => h.signal(mailingChangedSignal));
      return answer(deps, saved);
    },
  }),
  route({
    method: 'delete',
    path: '/v1/mailings/{id}',
    permission: 'mailings:write',
    summary: 'Delete a draft (a mailing that was started stays, for its report)',
    params: Params,
    responses: { 204: null },
    errors: [404, 409],
    handler: async ({ params, deps }) => {
      const row = await found(deps, params.id);
      if (!(await deleteDraftMailing(deps.db, row.id)))
        throw conflict(
          `The mailing is ${row.status}: only a draft can be deleted; cancel it instead`,
        );
    },
  }),
  route({
    method: 'post',
    path: '/v1/mailings/{id}/start',
    permission: 'mailings:write',
    summary:
      'Send now or schedule, as its delivery says: the audience is frozen when it starts. Refused (400) while it has problems',
    params: Params,
    responses: { 202: MailingAnswer },
    errors: [404, 409, 503],
    handler: async ({ params, deps }) => {
      const row = await found(deps, params.id);
      if (row.status !== 'draft')
        throw conflict(`The mailing is ${row.status}: only a draft can be started`);
      if (row.problems.length > 0) throw badRequest('The mailing is not complete', row.problems);
      const input = MailingInput.parse(toMailing(row));
      await checkMailing(deps.db, input);
      await checkStartable(deps.db, input);
      const moved = await moveMailing(deps.db, row.id, ['draft'], 'scheduled');
      if (!moved) throw conflict('The mailing was started or changed meanwhile; read it again');
      try {
        await deps.temporal.workflow.start(MAILING_WORKFLOW_TYPE, {
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          workflowId: mailingWorkflowId(row.id),
          args: [{ mailingId: row.id } satisfies MailingWorkflowInput],
        });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return answer(deps, moved);
        await moveMailing(deps.db, row.id, ['scheduled'], 'draft');
        throw new HeraldError(
          503,
          'temporal_unavailable',
          `The mailing could not be started (${(err as Error).message}); it is a draft again: start it once more`,
        );
      }
      return answer(deps, moved);
    },
  }),
  transition(
    '/v1/mailings/{id}/pause',
    'Pause a sending mailing: no message leaves after the batch in flight, within seconds',
    ['collecting', 'sending'],
    'paused',
    (deps, id) => tell(deps, id, (h) => h.signal(mailingPausedSignal, true)),
  ),
  transition(
    '/v1/mailings/{id}/resume',
    'Resume a paused mailing where it stopped',
    ['paused'],
    'sending',
    (deps, id) => tell(deps, id, (h) => h.signal(mailingPausedSignal, false)),
  ),
  transition(
    '/v1/mailings/{id}/cancel',
    'Cancel a scheduled, sending or paused mailing: those not yet sent are never sent',
    ['scheduled', 'collecting', 'sending', 'paused'],
    'cancelled',
    (deps, id) => tell(deps, id, (h) => h.signal(mailingCancelledSignal)),
  ),
  route({
    method: 'put',
    path: '/v1/mailings/{id}/throttle',
    permission: 'mailings:write',
    summary: 'Change the throttle (messages per minute, null for none), also while it sends',
    params: Params,
    body: MailingThrottle,
    responses: { 200: MailingAnswer },
    errors: [404, 409],
    handler: async ({ params, body, deps }) => {
      const row = await found(deps, params.id);
      if (finished(row.status)) throw refusal(row.status, 'the throttle');
      const saved = await setMailingColumns(deps.db, row.id, {
        throttle_per_minute: body.throttlePerMinute,
      });
      await tell(deps, row.id, (h) => h.signal(mailingChangedSignal));
      return answer(deps, saved!);
    },
  }),
  route({
    method: 'put',
    path: '/v1/mailings/{id}/attribution',
    permission: 'mailings:write',
    summary:
      'Change the attribution rules, in any status; the figures are recomputed in the background (attributionRecomputingSince says since when)',
    params: Params,
    body: z.object({ attribution: MailingAttribution }),
    responses: { 200: MailingAnswer },
    errors: [404, 503],
    handler: async ({ params, body, deps }) => {
      await found(deps, params.id);
      const saved = await setMailingColumns(deps.db, params.id, body);
      // The credit for its recipients' purchases may move to or from it (issue 16).
      await recomputeAttribution(deps, params.id);
      return answer(deps, saved!);
    },
  }),
];

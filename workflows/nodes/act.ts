// The nodes that act: sends (one channel, or a fallback cascade), profile updates and HTTP calls.
// Every one carries a deterministic key, so a retried activity or a replay never acts twice.
import { ActivityFailure, condition } from '@temporalio/workflow';
import type {
  ActNode,
  HttpCallNode,
  SendMessageNode,
  UpdateProfileNode,
} from '../../core/graph.ts';
import type { Channel } from '../../core/channels.ts';
import { findNode, nextNodeId } from '../../core/graph-walk.ts';
import { journeyMessageKey } from '../../core/ids.ts';
import { callHttp, sends, updateProfile } from '../journey-activities.ts';
import type { SendRequest, SendResult, Step, StepsRecord } from '../journey-api.ts';
import type { Walk } from '../journey-context.ts';
import { waitForWindow } from '../journey-waits.ts';
import { features, hasFeature } from '../patches.ts';
import type { StepRegistry } from './kind.ts';

/**
 * Quiet hours and a paused campaign hold a journey before it sends, never after. A send may
 * take long (a provider outage is retried until it passes), so the steps so far are recorded
 * first, or (newer runs) counted by the send when it claims its message: those are returned.
 */
async function readyToSend(w: Walk, nodeId: string): Promise<StepsRecord | undefined> {
  if (w.graph.sendingWindow) await waitForWindow(w, nodeId, w.graph.sendingWindow);
  if (w.state.paused) await condition(() => !w.state.paused);
  return w.progress.beforeSend();
}

/** One send from this node, known to the journey's progress until it returns. */
function send(
  w: Walk,
  nodeId: string,
  request: SendRequest & { channel: Channel },
  call: () => Promise<SendResult>,
): Promise<SendResult> {
  const { idempotencyKey, customerId, channel, templateId, stepsBefore, test } = request;
  const message = {
    idempotencyKey,
    customerId,
    channel,
    templateId,
    stepsBefore,
    ...(test && { test }),
  };
  return w.progress.sending({ ...message, nodeId, campaignId: w.input.campaignId }, call);
}

async function runSendEmail(
  w: Walk,
  node: { id: string; templateId: string; templateRevision?: number; messagingType?: string },
  visit: number,
): Promise<void> {
  const stepsBefore = await readyToSend(w, node.id);
  const request = {
    idempotencyKey: journeyMessageKey(w.workflowId, node.id, visit),
    customerId: w.input.customerId,
    templateId: node.templateId,
    // Activity input only, like messagingType: absent on versions published before pinning.
    ...(node.templateRevision && { templateRevision: node.templateRevision }),
    campaignId: w.input.campaignId,
    nodeId: node.id,
    event: w.input.triggerEvent,
    // Activity input only, which replays never compare; absent on nodes drawn without one.
    ...(node.messagingType && { messagingType: node.messagingType }),
    // Older runs sent no such field: they still send none.
    ...(stepsBefore && { stepsBefore }),
    // Only test runs (a type born with the feature) send it: live journeys' inputs are unchanged.
    ...(hasFeature(features.testRuns) && { test: true }),
  };
  const ahead = stepsToEnd(w, node.id);
  const finish = ahead && w.progress.finishAhead(ahead);
  const call = { ...request, ...(finish && { finish }) };
  await send(w, node.id, { ...request, channel: 'email' }, () => sends().sendEmail(call));
}

/**
 * The steps after a send that leaves by "next" when nothing but the end follows: into an exit
 * node, or out of the graph (an unconnected exit). Undefined when more follows.
 */
function stepsToEnd(w: Walk, nodeId: string): Step[] | undefined {
  const left = { nodeId, exit: 'next' };
  const next = nextNodeId(w.graph, nodeId, 'next');
  if (next === undefined) return [{ left }];
  return findNode(w.graph, next)?.kind === 'exit' ? [{ left, entered: next }] : undefined;
}

/** Tries each channel in order until one sends; "undelivered" when none did. */
async function runSendMessage(
  w: Walk,
  node: SendMessageNode,
  visit: number,
): Promise<'sent' | 'undelivered'> {
  // The first channel tried counts the steps before the cascade.
  let stepsBefore = await readyToSend(w, node.id);
  const key = journeyMessageKey(w.workflowId, node.id, visit);
  for (const { channel, templateId, templateRevision } of node.channels) {
    const request = {
      // One message per channel tried: the cascade's history survives a retry or a replay.
      idempotencyKey: node.channels.length > 1 ? `${key}:${channel}` : key,
      customerId: w.input.customerId,
      channel,
      templateId,
      ...(templateRevision && { templateRevision }),
      campaignId: w.input.campaignId,
      nodeId: node.id,
      sender: node.sender,
      messagingType: node.messagingType,
      event: w.input.triggerEvent,
      ...(stepsBefore && { stepsBefore }),
      ...(hasFeature(features.testRuns) && { test: true }),
    };
    stepsBefore = undefined;
    const result = await send(w, node.id, request, () => sends().sendMessage(request));
    // "unknown" may have reached the customer: falling back could message them twice.
    if (result.status === 'sent' || result.status === 'unknown') return 'sent';
  }
  return 'undelivered';
}

async function runUpdateProfile(w: Walk, node: UpdateProfileNode, visit: number): Promise<void> {
  await updateProfile({
    key: journeyMessageKey(w.workflowId, node.id, visit),
    customerId: w.input.customerId,
    campaignId: w.input.campaignId,
    actions: node.actions,
  });
}

/** "success" on a 2xx answer; "failure" on any other, or when retries run out. */
async function runHttpCall(
  w: Walk,
  node: HttpCallNode,
  visit: number,
): Promise<'success' | 'failure'> {
  await w.progress.settle(); // the call may take minutes of retries
  try {
    const { ok } = await callHttp({
      key: journeyMessageKey(w.workflowId, node.id, visit),
      customerId: w.input.customerId,
      event: w.input.triggerEvent,
      request: node,
    });
    return ok ? 'success' : 'failure';
  } catch (err) {
    if (err instanceof ActivityFailure) return 'failure';
    throw err;
  }
}

export const actSteps: StepRegistry<ActNode> = {
  sendEmail: {
    async run(w, node, visit) {
      await runSendEmail(w, node, visit);
      return 'next';
    },
  },
  sendMessage: { run: runSendMessage },
  updateProfile: {
    async run(w, node, visit) {
      await runUpdateProfile(w, node, visit);
      return 'next';
    },
  },
  httpCall: { run: runHttpCall },
};

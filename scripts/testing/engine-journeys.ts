// The engine's node tests on Temporal's time-skipping server with the real api, worker, Postgres
// and SMTP peer: a published Welcome template to send, a way to start a journey by posting its
// event for a new customer, and the ways the tests follow that journey.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { welcomeTemplate } from '../demo-campaigns.ts';
import { type JourneyState, journeyStateQuery } from '../../workflows/journey-api.ts';
import { createTemplate } from './fixtures.ts';
import { eventually, type Harness } from './harness.ts';
import { timeSkippingHarness } from './time-skipping.ts';

export interface Journey {
  customerId: string;
  handle: ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>;
}

export interface EngineStack {
  env: TestWorkflowEnvironment;
  h: Harness;
  /** A Welcome email template whose subject greets the customer by name. */
  templateId: string;
  /** Posts the event that starts a journey for a new customer; returns the journey's handle. */
  enter: (type: string, externalId: string, customer?: Record<string, unknown>) => Promise<Journey>;
  close: () => Promise<void>;
}

export async function startEngineStack(): Promise<EngineStack> {
  const { env, h, close } = await timeSkippingHarness();
  const templateId = await createTemplate(h, {
    ...welcomeTemplate,
    subject: 'Hello {{ customer.firstName }}',
  });
  async function enter(type: string, externalId: string, customer: Record<string, unknown> = {}) {
    const res = await h.api('/v1/events', {
      body: {
        type,
        externalId,
        customer: { email: `${externalId}@example.com`, firstName: externalId, ...customer },
      },
    });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const [journey] = res.body.journeysStarted as { workflowId: string }[];
    assert.ok(journey, `no journey started for ${externalId}`);
    return {
      customerId: res.body.customerId as string,
      handle: env.client.workflow.getHandle(journey.workflowId),
    };
  }
  return { env, h, templateId, enter, close };
}

export const finish = async (j: Journey) => (await j.handle.result()) as JourneyState;

/** Edges joining the steps in the order given. */
export const line = (...ids: string[]) => ids.slice(1).map((to, i) => ({ from: ids[i]!, to }));

/** Where a journey waits and until when, read before any result() lets time run. */
export const waiting = (j: Journey, nodeId: string) =>
  eventually(async () => {
    const s = await j.handle.query(journeyStateQuery);
    return s.currentNode === nodeId && s.wakeUpAt ? new Date(s.wakeUpAt).toISOString() : undefined;
  });

/**
 * Starts the stack before the file's tests and closes it after them; its fields are there once
 * the tests run.
 */
export function useEngineStack(): EngineStack {
  const stack = {} as EngineStack;
  before(async () => {
    Object.assign(stack, await startEngineStack());
  });
  after(() => stack.close?.());
  return stack;
}

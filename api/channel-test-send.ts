// The test send of an SMS, push or Viber template (issue 14): rendered by the api exactly as its
// preview is (for the chosen customer, with the same context a send gets), marked "[Test]", and
// sent by a worker through the channel's real gateway (the worker holds the providers' clients
// and the egress policy), to the phone numbers or device tokens given, or to the customer's own
// phone or devices. Kept in template_test_sends, never in messages: no report counts it.
import type { TestSend, TestSent } from '../core/contract/template-versions.ts';
import { badRequest, conflict, type FieldProblem, HeraldError } from '../core/errors.ts';
import { normalizePhone } from '../core/phone-quality.ts';
import type { Db } from '../db/connection.ts';
import type { DeviceRow } from '../db/devices.ts';
import { gatewayFor } from '../db/gateways.ts';
import { getCustomer } from '../db/customers.ts';
import { noteTestSendError, recordTestSend } from '../db/template-test-sends.ts';
import type { TemplateRow } from '../db/templates.ts';
import {
  TEMPLATE_TEST_SEND_WORKFLOW_TYPE,
  type TemplateTestSend,
  templateTestSendWorkflowId,
  type TestSendOutcome,
  type TestSendRecipient,
} from '../workflows/template-test-send-api.ts';
import type { ApiDeps } from './deps.ts';
import type { EditorRender } from './template-render.ts';

type Channel = TemplateTestSend['channel'];
const MARK = '[Test]';

const refused = (problems: FieldProblem[]) =>
  badRequest(`The test cannot be sent: ${problems.map((p) => p.message).join('; ')}`, problems);

/** Phone numbers in E.164; absent: the customer's phone. */
async function phones(db: Db, body: TestSend): Promise<TestSendRecipient[]> {
  if (!body.to) {
    const phone = body.customerId && (await getCustomer(db, body.customerId))?.phone;
    if (phone) return [{ to: phone }];
    throw refused([
      {
        field: 'to',
        message: 'give the phone numbers to send the test to, or choose a customer with a phone',
      },
    ]);
  }
  const problems: FieldProblem[] = [];
  const to = body.to.map((raw, i) => {
    const phone = normalizePhone(raw);
    if (!phone.valid || !phone.e164)
      problems.push({
        field: `to.${i}`,
        message: `"${raw}" is not a phone number: write it in international form, such as +4791234567`,
      });
    return { to: phone.e164 ?? raw };
  });
  if (problems.length > 0) throw refused(problems);
  return to;
}

/** Devices registered with Herald, by token; absent: the customer's active devices. */
async function devices(db: Db, body: TestSend): Promise<TestSendRecipient[]> {
  const recipient = (d: DeviceRow) => ({ to: d.token, platform: d.platform, appId: d.app_id });
  if (!body.to) {
    const own = body.customerId
      ? await db('devices')
          .where({ customer_id: body.customerId, active: true })
          .orderBy('last_seen_at', 'desc')
          .limit(10)
          .select<DeviceRow[]>('*')
      : [];
    if (own.length > 0) return own.map(recipient);
    throw refused([
      {
        field: body.customerId ? 'customerId' : 'to',
        message: body.customerId
          ? 'the customer has no active device: give device tokens in `to`'
          : 'give device tokens, or choose a customer with a device',
      },
    ]);
  }
  const known = await db('devices')
    .whereIn('token', body.to)
    .where({ active: true })
    .select<DeviceRow[]>('*');
  const problems: FieldProblem[] = [];
  const to = body.to.map((token, i) => {
    const device = known.find((d) => d.token === token);
    if (!device)
      problems.push({
        field: `to.${i}`,
        message:
          'no active device has this token: register the device with Herald (its SDK, or POST /v1/customers/{id}/devices) first',
      });
    return device && recipient(device);
  });
  if (problems.length > 0) throw refused(problems);
  return to as TestSendRecipient[];
}

export async function channelTestSend(
  deps: ApiDeps,
  args: { template: TemplateRow; render: EditorRender; body: TestSend; sentBy: string | null },
): Promise<TestSent> {
  const { template, render, body } = args;
  const channel = template.channel as Channel;
  const recipients =
    channel === 'push' ? await devices(deps.db, body) : await phones(deps.db, body);
  if (channel !== 'push' && !(await gatewayFor(deps.db, channel)))
    throw conflict(
      `No ${channel} gateway is configured: add one under Settings → Gateways, then send the test`,
    );
  const m = render.message!;
  // The title carries the mark on a push (the text stays as the customer would read it).
  const message =
    channel === 'push'
      ? { ...m, title: `${MARK} ${m.title ?? ''}`.trim() }
      : { ...m, text: `${MARK} ${m.text}` };
  const testSendId = await recordTestSend(deps.db, {
    templateId: template.id,
    revision: body.revision ?? template.revision,
    channel,
    customerId: body.customerId,
    to: recipients.map((r) => r.to),
    sentBy: args.sentBy,
  });
  let results: TestSendOutcome[];
  try {
    results = await deps.temporal.workflow.execute<
      (input: TemplateTestSend) => Promise<TestSendOutcome[]>
    >(TEMPLATE_TEST_SEND_WORKFLOW_TYPE, {
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      workflowId: templateTestSendWorkflowId(testSendId),
      args: [{ testSendId, channel, message, recipients }],
      // No worker polling: say so rather than hold the request.
      workflowExecutionTimeout: '90 seconds',
    });
  } catch (err) {
    const detail = `no worker sent the test (${(err as Error).message}); is the worker running?`;
    await noteTestSendError(deps.db, testSendId, detail);
    throw new HeraldError(503, 'worker_unavailable', `The test was not sent: ${detail}`);
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0)
    await noteTestSendError(
      deps.db,
      testSendId,
      failed.map((f) => `${f.to}: ${f.detail}`).join('; '),
    );
  return {
    sent: results.filter((r) => r.ok).map((r) => r.to),
    subject: channel === 'push' ? message.title! : message.text,
    results,
  };
}

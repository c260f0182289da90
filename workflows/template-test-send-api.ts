// What the api needs to run a template's test send on a worker (which holds the SMS, push and
// Viber gateways and the network egress), without importing workflow code.
import type { RenderedChannelMessage } from '../core/channel-templates.ts';
import type { DevicePlatform } from '../core/push-gateways.ts';

export const TEMPLATE_TEST_SEND_WORKFLOW_TYPE = 'templateTestSendWorkflow';
export const templateTestSendWorkflowId = (testSendId: string) =>
  `template-test-send:${testSendId}`;

export interface TestSendRecipient {
  /** An E.164 phone number (SMS, Viber) or a device's token (push). */
  to: string;
  /** push: the platform and app the token was registered with. */
  platform?: DevicePlatform;
  appId?: string;
}

export interface TemplateTestSend {
  /** template_test_sends.id: the provider IDs are kept with it, for delivery reports. */
  testSendId: string;
  channel: 'sms' | 'push' | 'viber';
  /** Rendered by the api as its preview renders, "[Test]" already in front. */
  message: RenderedChannelMessage;
  recipients: TestSendRecipient[];
}

export interface TestSendOutcome {
  to: string;
  ok: boolean;
  /** The provider's answer, or why it was not sent, in its words. */
  detail: string;
}

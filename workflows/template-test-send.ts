// A template's test send to phones or devices: one attempt on a worker, its outcome per
// recipient returned to the api (the tester is waiting; a retry could send a second copy).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { TemplateTestSend, TestSendOutcome } from './template-test-send-api.ts';

const { sendTemplateTest } = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: { maximumAttempts: 1 },
});

export async function templateTestSendWorkflow(
  input: TemplateTestSend,
): Promise<TestSendOutcome[]> {
  return sendTemplateTest(input);
}

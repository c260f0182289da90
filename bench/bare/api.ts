// The bare baseline's api: the same kind of process as Herald's (Node, express, a JSON body, a
// Temporal client), where a posted event does nothing but start one bare workflow. Beside it,
// Herald's api (which also resolves the customer, stores the event and its journey's entry) is
// measured against what its process could do at most with the same hop and the same start.
import { Client, Connection } from '@temporalio/client';
import express from 'express';
import { loadConfig } from '../../core/config.ts';
import type { bareWorkflow } from './workflow.ts';

const config = loadConfig();
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
const app = express();
app.use(express.json());
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});
// { workflowId, sleepMs? }: starts the bare workflow under that ID, answers 202 once started.
app.post('/v1/events', async (req, res) => {
  const { workflowId, sleepMs = 0 } = req.body as { workflowId: string; sleepMs?: number };
  try {
    await temporal.workflow.start<typeof bareWorkflow>('bareWorkflow', {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [sleepMs],
    });
    res.status(202).json({ workflowId });
  } catch (err) {
    res.status(503).json({ error: { message: (err as Error).message } });
  }
});
const server = app.listen(config.API_PORT, config.API_HOST);
const stop = () => {
  server.close(() => void connection.close().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

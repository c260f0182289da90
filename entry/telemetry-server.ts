// The api's and each worker's own small HTTP server for operations, apart from the public port:
// Prometheus scrapes /metrics (core/telemetry.ts), Kubernetes probes /health/live (the process
// answers) and /health/ready (its Postgres and Temporal answer).
import { createServer, type Server } from 'node:http';
import { registry } from '../core/telemetry.ts';

/** The names of the probes that fail (or take over 2 s): what is down. */
export async function failing(probes: Record<string, () => Promise<unknown>>): Promise<string[]> {
  const results = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      try {
        await Promise.race([
          probe(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
        ]);
        return undefined;
      } catch {
        return name;
      }
    }),
  );
  return results.filter((n) => n !== undefined);
}

export function serveTelemetry(opts: {
  port: number;
  host: string;
  /** What is down, or an empty list when the process can do its work. */
  check: () => Promise<string[]>;
  /** A port already taken: metrics are an aid, so the process runs on without them. */
  onError?: (err: Error) => void;
}): Server {
  const server = createServer((req, res) => {
    const answer = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type }).end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return answer(405, 'GET only\n');
    if (path === '/metrics')
      return void registry.metrics().then(
        (text) => answer(200, text, registry.contentType),
        (err: Error) => answer(500, `${err.message}\n`),
      );
    if (path === '/health/live') return answer(200, 'ok\n');
    if (path === '/health/ready')
      return void opts.check().then(
        (down) =>
          down.length === 0 ? answer(200, 'ok\n') : answer(503, `down: ${down.join(', ')}\n`),
        (err: Error) => answer(503, `${err.message}\n`),
      );
    answer(404, 'GET /metrics, /health/live or /health/ready\n');
  });
  server.once('error', opts.onError ?? ((err) => console.error(err)));
  return server.listen(opts.port, opts.host);
}

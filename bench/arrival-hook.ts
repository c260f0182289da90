// The endpoint benchmark journeys call from an HTTP-call step (`${url}?customer={{ customer.id }}`):
// when each customer's call first arrived, for step latencies.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startArrivalHook(): Promise<{
  url: string;
  arrived: Map<string, number>;
  close(): void;
}> {
  const arrived = new Map<string, number>();
  const server = createServer((req, res) => {
    const customer = new URL(req.url ?? '/', 'http://x').searchParams.get('customer');
    if (customer && !arrived.has(customer)) arrived.set(customer, Date.now());
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/arrived`;
  return { url, arrived, close: () => server.close() };
}

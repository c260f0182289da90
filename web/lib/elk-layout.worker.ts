// elkjs in a web worker: laying out a campaign of 200 steps takes seconds of CPU, which on the
// page's thread froze the live view (counters, clicks, scrolling) until it was done. The page
// posts { id, graph } and gets { id, laid } or { id, error } back.
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';

// Inside a worker elk.bundled.js also installs its own message handler on `self`; ours, set
// after the import has run, replaces it, and elk runs here through its in-thread fake worker.
const elk = new ELK();
const scope = globalThis as unknown as {
  onmessage: ((e: { data: { id: number; graph: ElkNode } }) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (e) => {
  const { id, graph } = e.data;
  elk.layout(graph).then(
    (laid) => scope.postMessage({ id, laid }),
    (err: unknown) => scope.postMessage({ id, error: String(err) }),
  );
};

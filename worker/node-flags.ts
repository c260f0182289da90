// The Node.js flags every worker process runs with: scripts/dev.ts and the test and benchmark
// workers (scripts/testing/worker-process.ts) read them from here; package.json's `worker`
// script, docker-compose.yml and the helm chart spell them out.
//
// --max-semi-space-size: a mailing's worker allocates some hundred kilobytes per email (the
// rendered HTML, its MIME encoding, the SMTP buffers) and keeps a few megabytes of emails in
// flight. V8's default young generation (16 MB semi-spaces) is scavenged every hundred or so
// emails, each time copying the same in-flight emails; at 64 MB it is scavenged a quarter as
// often for the same copying. It costs at most 3 x 48 MB more memory.
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=64'];

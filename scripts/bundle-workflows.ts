// Prebuilds the workflow bundle, so that a production worker starts without bundling
// (the Docker image does this at build time and sets WORKFLOW_BUNDLE_PATH).
// Usage: tsx scripts/bundle-workflows.ts <output.js>
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFile } from 'node:fs/promises';
import { preloadModules, workflowsPath } from '../worker/workflow-bundle.ts';

const out = process.argv[2];
if (!out) throw new Error('Usage: tsx scripts/bundle-workflows.ts <output.js>');
const { code } = await bundleWorkflowCode({ workflowsPath, preloadModules });
await writeFile(out, code);
console.log(`workflow bundle written to ${out} (${(code.length / 1024).toFixed(0)} KiB)`);

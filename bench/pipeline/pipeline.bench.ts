/**
 * End-to-end pipeline timing on this machine: seeds N generated reviews into an isolated PostgreSQL database, starts
 * the five worker services as processes, triggers a full run through the extract queue and waits until its snapshot
 * is published. Prints the wall time, reviews/s and each stage's busy time from the run report.
 *
 *   node dist/bench/pipeline/pipeline.bench.js --reviews 10000 [--replicas 1] [--quantized] [--batch-size 500]
 */
import { parseArgs } from 'node:util';
import { QUEUES, jobIds } from '@reviewlens/contracts';
import { generateSample } from '@reviewlens/source-db';
import { RunBatchRepository, RunRepository, buildRunReport } from '@reviewlens/store';
import { createE2eContext } from '../../test/support/e2e-context';

const { values } = parseArgs({
  options: {
    reviews: { type: 'string', default: '10000' },
    replicas: { type: 'string', default: '1' },
    quantized: { type: 'boolean', default: false },
    'batch-size': { type: 'string', default: '500' },
    timeout: { type: 'string', default: '7200' },
  },
});
const reviews = Number(values.reviews);

async function main(): Promise<void> {
  const ctx = await createE2eContext({
    basePort: 4700, classifierReplicas: Number(values.replicas),
    extraEnv: { EXTRACT_BATCH_SIZE: values['batch-size']!, MODEL_QUANTIZED: String(values.quantized), LOG_LEVEL: 'warn' },
  });
  try {
    let t = Date.now();
    await generateSample(ctx.ownerPool, { reviews, seed: 42, malformedRate: 0.02 });
    const seedSec = (Date.now() - t) / 1000;
    await ctx.stack.start(['extractor', 'archiver', 'cleaner', 'classifier', 'loader']);

    const runId = `bench-${reviews}`;
    t = Date.now();
    await ctx.queue(QUEUES.extract).add('run', { runId, trigger: 'cli', full: true }, { jobId: jobIds.extract(runId) });
    const runs = new RunRepository(ctx.db);
    const batches = new RunBatchRepository(ctx.db);
    const deadline = Date.now() + Number(values.timeout) * 1000;
    for (;;) {
      const run = await runs.get(runId);
      if (run?.status === 'published' || run?.status === 'failed') break;
      if (Date.now() > deadline) throw new Error(`run not published after ${values.timeout}s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const wallSec = (Date.now() - t) / 1000;
    const report = buildRunReport((await runs.get(runId))!, await batches.forRun(runId));
    console.log(`pipeline end to end: ${reviews} reviews, batch ${values['batch-size']}, classifier replicas ${values.replicas}, quantized ${values.quantized}`);
    console.log(`  seed:               ${seedSec.toFixed(1)} s`);
    console.log(`  trigger → published: ${wallSec.toFixed(1)} s  (${(reviews / wallSec).toFixed(0)} reviews/s)`);
    console.log(`  counts:             ${JSON.stringify(report.counts)}  invariant ${report.invariantHolds}`);
    for (const [stage, s] of Object.entries(report.stages)) {
      console.log(`  ${stage.padEnd(11)} busy ${(s.durationMs / 1000).toFixed(1).padStart(7)} s over ${String(s.batches).padStart(4)} batches, retries ${s.retries}`);
    }
  } finally {
    await ctx.cleanup();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });

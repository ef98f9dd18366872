#!/usr/bin/env node
import { Command } from 'commander';
import { Queue } from 'bullmq';
import { SingleBar, Presets } from 'cli-progress';
import { z } from 'zod';
import { BaseConfigSchema, loadConfig } from '@reviewlens/config';
import { QUEUES, jobIds, type ExtractJob } from '@reviewlens/contracts';
import { redisOptionsFromUrl } from '@reviewlens/queueing';
import { RunBatchRepository, RunRepository, buildRunReport, connectMongo } from '@reviewlens/store';

const program = new Command('run')
  .description('Trigger a ReviewLens run (same path as POST /runs) and optionally wait until its snapshot is published')
  .option('--run-id <id>', 'run id (default: generated)')
  .option('--full', 'ignore the watermark and extract everything', false)
  .option('--no-wait', 'return as soon as the run is queued')
  .option('--timeout <seconds>', 'give up waiting after this many seconds', '3600')
  .parse();

const opts = z.object({ runId: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/).optional(), full: z.boolean(), wait: z.boolean(), timeout: z.coerce.number().positive() })
  .parse(program.opts());

async function main(): Promise<void> {
  const config = loadConfig('run', BaseConfigSchema);
  const runId = opts.runId ?? `cli-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  const queue = new Queue(QUEUES.extract, { connection: redisOptionsFromUrl(config.REDIS_URL), prefix: config.QUEUE_PREFIX || 'bull' });
  const { client, db } = await connectMongo({ url: config.MONGO_URL, dbName: config.MONGO_DB });
  try {
    const runs = new RunRepository(db);
    const batches = new RunBatchRepository(db);
    const active = await runs.findActive();
    if (active && active._id !== runId) throw new Error(`run ${active._id} is still ${active.status}; wait for it or pass --run-id ${active._id}`);
    const data: ExtractJob = { runId, trigger: 'cli', full: opts.full };
    await queue.add('run', data, { jobId: jobIds.extract(runId) });
    process.stderr.write(`run ${runId} queued\n`);
    if (!opts.wait) return;

    const bar = new SingleBar({ format: 'run {runId} [{bar}] {percentage}% | batches loaded {value}/{total} | {status}', hideCursor: true }, Presets.shades_classic);
    bar.start(1, 0, { runId, status: 'extracting' });
    const deadline = Date.now() + opts.timeout * 1000;
    for (;;) {
      const run = await runs.get(runId);
      if (run) {
        const report = buildRunReport(run, await batches.forRun(runId));
        bar.setTotal(Math.max(1, run.batchCount ?? run.batchesPublished));
        bar.update(report.stages.loader.batches, { status: run.status });
        if (run.status === 'published' || run.status === 'failed' || run.status === 'cancelled') {
          bar.stop();
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          // Exit codes for scripts: 0 published, 1 failed (report.failure says where), 3 cancelled.
          if (run.status === 'failed') process.exitCode = 1;
          if (run.status === 'cancelled') process.exitCode = 3;
          return;
        }
      }
      if (Date.now() > deadline) { bar.stop(); throw new Error(`run ${runId} not published after ${opts.timeout}s`); }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await queue.close();
    await client.close();
  }
}

main().catch((err: Error) => { process.stderr.write(`run failed: ${err.message}\n`); process.exit(1); });

import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ExtractJobSchema, QUEUES, type ExtractJob } from '@reviewlens/contracts';
import { STAGE_WORKER_DEPS, StageWorker, workerOptionsFor, type JobResult, type StageWorkerDeps } from '@reviewlens/queueing';
import { ExtractionService } from './extraction.service';

/** Consumes run triggers (api, CLI, the daily scheduler). */
@Processor(QUEUES.extract, workerOptionsFor('extract'))
export class ExtractorProcessor extends StageWorker<ExtractJob> {
  protected readonly stage = 'extractor' as const;
  protected readonly queueKey = 'extract' as const;
  protected readonly schema = ExtractJobSchema;

  constructor(
    private readonly extraction: ExtractionService,
    @Inject(STAGE_WORKER_DEPS) deps: StageWorkerDeps,
  ) {
    super(deps);
  }

  protected handle(data: ExtractJob, job: Job): Promise<JobResult> {
    return this.extraction.run(data, job);
  }
}

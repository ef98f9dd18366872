import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { ExtractJobSchema, QUEUES, type ExtractJob } from '@reviewlens/contracts';
import type { StageMetrics } from '@reviewlens/observability';
import { DeadLetterPublisher, LOGGER, STAGE_METRICS, StageWorker, workerOptionsFor, type JobResult } from '@reviewlens/queueing';
import { ExtractionService } from './extraction.service';

/** Consumes run triggers (api, CLI, the daily scheduler). */
@Processor(QUEUES.extract, workerOptionsFor('extract'))
export class ExtractorProcessor extends StageWorker<ExtractJob> {
  protected readonly stage = 'extractor' as const;
  protected readonly queueKey = 'extract' as const;
  protected readonly schema = ExtractJobSchema;

  constructor(
    private readonly extraction: ExtractionService,
    deadLetters: DeadLetterPublisher,
    @Inject(STAGE_METRICS) metrics: StageMetrics,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ deadLetters, metrics, logger });
  }

  protected handle(data: ExtractJob, job: Job): Promise<JobResult> {
    return this.extraction.run(data, job);
  }
}

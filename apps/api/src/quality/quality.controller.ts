import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '../common/parse-input';
import { RunsService } from '../runs/runs.service';
import { buildQualityReport } from './quality-report';

const QualityQuery = z.object({ runs: z.coerce.number().int().min(1).max(100).default(10) }).strict();

/** Reject rates by reason over the last runs, from the run reports (the original vw_data_quality). Public: aggregates only. */
@Controller('v1/quality')
export class QualityController {
  constructor(private readonly runs: RunsService) {}

  @Get()
  async quality(@Query() query: unknown) {
    const { runs } = parseInput(QualityQuery, query);
    return buildQualityReport(await this.runs.list(runs));
  }
}

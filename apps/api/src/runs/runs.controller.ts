import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequiresRole } from '../auth/requires-role.decorator';
import { parseInput } from '../common/parse-input';
import { RunIdParam } from '../common/schemas';
import { RunsService } from './runs.service';

const TriggerBody = z.object({ runId: RunIdParam.optional(), full: z.boolean().default(false), fromArchive: RunIdParam.optional() }).strict();
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }).strict();

/** Run control and reports. Reading needs analyst; triggering and cancelling need engineer. */
@Controller(['runs', 'v1/runs'])
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Post()
  @HttpCode(202)
  @RequiresRole('engineer')
  trigger(@Body() body: unknown) {
    const input = parseInput(TriggerBody, body);
    return this.runs.trigger({ ...input, trigger: 'api' });
  }

  @Get()
  @RequiresRole('analyst')
  async list(@Query() query: unknown) {
    const { limit } = parseInput(ListQuery, query);
    return { runs: await this.runs.list(limit) };
  }

  @Get(':runId')
  @RequiresRole('analyst')
  get(@Param('runId') runId: string) {
    return this.runs.report(parseInput(RunIdParam, runId));
  }

  /** Cancels an active run: nothing it wrote is published, its waiting jobs are removed. */
  @Delete(':runId')
  @RequiresRole('engineer')
  cancel(@Param('runId') runId: string) {
    return this.runs.cancel(parseInput(RunIdParam, runId));
  }
}

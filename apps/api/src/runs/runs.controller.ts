import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '../common/parse-input';
import { RunsService } from './runs.service';

const RunIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'run id: 1-80 chars of [A-Za-z0-9_.-]');
const TriggerBody = z.object({ runId: RunIdSchema.optional(), full: z.boolean().default(false) }).strict();
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

@Controller(['runs', 'v1/runs'])
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Post()
  @HttpCode(202)
  trigger(@Body() body: unknown) {
    const input = parseInput(TriggerBody, body);
    return this.runs.trigger({ ...input, trigger: 'api' });
  }

  @Get()
  async list(@Query() query: unknown) {
    const { limit } = parseInput(ListQuery, query);
    return { runs: await this.runs.list(limit) };
  }

  @Get(':runId')
  get(@Param('runId') runId: string) {
    return this.runs.report(parseInput(RunIdSchema, runId));
  }
}

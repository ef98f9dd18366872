import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequiresRole } from '../auth/requires-role.decorator';
import { parseInput } from '../common/parse-input';
import { RunIdParam } from '../common/schemas';
import { RejectsService } from './rejects.service';

const ListQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  runId: RunIdParam.optional(),
  reason: z.string().max(80).optional(),
  productId: z.string().min(1).max(100).optional(),
  replayed: z.enum(['true', 'false']).default('false'),
}).strict();
const ReplayBody = z.object({
  runId: RunIdParam,
  reason: z.string().max(80).optional(),
  ids: z.array(z.string().min(1).max(300)).min(1).max(10_000).optional(),
}).strict();

/** Rows rejected for their data (not failed jobs): listing needs engineer, replay needs admin. */
@Controller(['rejects', 'v1/rejects'])
export class RejectsController {
  constructor(private readonly rejects: RejectsService) {}

  @Get()
  @RequiresRole('engineer')
  list(@Query() query: unknown) {
    const q = parseInput(ListQuery, query);
    return this.rejects.list({ runId: q.runId, reason: q.reason, productId: q.productId, includeReplayed: q.replayed === 'true' }, q.offset, q.limit);
  }

  @Post('replay')
  @HttpCode(202)
  @RequiresRole('admin')
  replay(@Body() body: unknown) {
    return this.rejects.replay(parseInput(ReplayBody, body));
  }
}

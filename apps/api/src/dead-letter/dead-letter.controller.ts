import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequiresRole } from '../auth/requires-role.decorator';
import { parseInput } from '../common/parse-input';
import { DeadLetterService } from './dead-letter.service';

const ListQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  runId: z.string().max(80).optional(),
  reason: z.string().max(80).optional(),
}).strict();
const IdParam = z.string().min(1).max(300);

/** Dead-letter entries: listing needs engineer; replay and discard need admin. */
@Controller(['dead-letter', 'v1/dead-letter'])
export class DeadLetterController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  @RequiresRole('engineer')
  list(@Query() query: unknown) {
    const q = parseInput(ListQuery, query);
    return this.deadLetters.list(q.offset, q.limit, q);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @RequiresRole('admin')
  replay(@Param('id') id: string) { return this.deadLetters.replay(parseInput(IdParam, id)); }

  @Delete(':id')
  @HttpCode(204)
  @RequiresRole('admin')
  async discard(@Param('id') id: string) { await this.deadLetters.discard(parseInput(IdParam, id)); }
}

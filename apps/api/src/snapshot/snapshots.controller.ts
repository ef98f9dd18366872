import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { LakeRepository } from '@reviewlens/datalake';
import { RequiresRole } from '../auth/requires-role.decorator';
import { parseInput } from '../common/parse-input';
import { RunIdParam } from '../common/schemas';
import { listSnapshotRuns } from './snapshot-manifests';
import { SnapshotStore } from './snapshot.store';

const PinBody = z.object({ runId: RunIdParam }).strict();
const RollbackBody = z.object({ runId: RunIdParam.optional() }).strict();

/** Which snapshot is served; pin, roll back, unpin. Reading needs analyst; changing needs admin. */
@Controller('v1/snapshots')
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotStore, private readonly lake: LakeRepository) {}

  @Get()
  @RequiresRole('analyst')
  async list() {
    const current = this.snapshots.status();
    const runs = await listSnapshotRuns(this.lake);
    return { current, available: runs.map((runId) => ({ runId, served: runId === current.runId })) };
  }

  @Get('current')
  @RequiresRole('analyst')
  current() { return this.snapshots.status(); }

  /** Load the run's snapshot now and keep serving it (on every replica) until unpinned; 422 if it cannot be loaded. */
  @Put('pin')
  @RequiresRole('admin')
  pin(@Body() body: unknown) { return this.snapshots.pin(parseInput(PinBody, body).runId); }

  @Delete('pin')
  @RequiresRole('admin')
  unpin() { return this.snapshots.unpin(); }

  /** Pin the snapshot the served one replaced (or `runId`). */
  @Post('rollback')
  @HttpCode(200)
  @RequiresRole('admin')
  rollback(@Body() body: unknown) { return this.snapshots.rollback(parseInput(RollbackBody, body ?? {}).runId); }
}

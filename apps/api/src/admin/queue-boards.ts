import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardFastifyAdapter } from '@bull-board/fastify';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { ApiConfig } from '@reviewlens/config';
import { QUEUES } from '@reviewlens/contracts';
import { APP_CONFIG } from '@reviewlens/queueing';
import { ApiKeyRing } from '../auth/api-keys';
import type { Role } from '../auth/roles';
import { PipelineQueues } from '../metrics/queue-depths';
import { boardAccess } from './board-access';

/** The two Bull Board mounts and who may open them. */
export const BOARDS = [
  /** Full board (retry, promote, clean, pause…) for engineers and admins; dead-letter entries stay read-only here. */
  { path: '/admin/queues', minRole: 'engineer', readOnly: false },
  /** The same queues, every action disabled (Bull Board answers 405), for analysts and up. */
  { path: '/admin/queues-readonly', minRole: 'analyst', readOnly: true },
] as const satisfies ReadonlyArray<{ path: string; minRole: Role; readOnly: boolean }>;

/**
 * Mounts Bull Board on the api's Fastify instance, each board in its own encapsulated plugin with an auth hook.
 * The dead-letter queue is read-only on both boards: its entries are replayed or discarded through the admin-only
 * API, which routes a replay back to the right queue.
 */
@Injectable()
export class QueueBoards implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: PipelineQueues,
    private readonly keys: ApiKeyRing,
    @Inject(APP_CONFIG) private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    for (const board of BOARDS) {
      const server = new BoardFastifyAdapter();
      server.setBasePath(board.path);
      createBullBoard({
        queues: this.queues.all.map((q) => new BullMQAdapter(q, { readOnlyMode: board.readOnly || q.name === QUEUES.deadLetter })),
        serverAdapter: server,
        options: { uiConfig: { boardTitle: board.readOnly ? 'ReviewLens queues (read-only)' : 'ReviewLens queues' } },
      });
      const guard = boardAccess(this.keys, board.minRole, this.config.NODE_ENV === 'production');
      void app.register(async (scope) => {
        scope.addHook('onRequest', guard);
        await scope.register(server.registerPlugin() as never);
      }, { prefix: board.path });
    }
  }
}

import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import type { InferenceProcessClient, LoadedModelInfo } from '@reviewlens/classification';
import { THEME_CLASSIFIER } from './theme-classifier.provider';

export interface ModelHealth extends LoadedModelInfo {
  status: 'ok';
  inferenceProcess: { status: string; pid: number | undefined; restarts: number; pending: number };
}

/** GET /health/model: which model the inference process holds; 503 while it is (re)starting or gone. */
@Controller('health')
export class ModelHealthController {
  constructor(@Inject(THEME_CLASSIFIER) private readonly client: InferenceProcessClient) {}

  @Get('model')
  model(): ModelHealth {
    const inferenceProcess = { status: this.client.status, pid: this.client.pid, restarts: this.client.restarts, pending: this.client.pending };
    if (this.client.status !== 'ready') throw new HttpException({ status: 'unavailable', inferenceProcess }, 503);
    return { status: 'ok', ...this.client.info, inferenceProcess };
  }
}

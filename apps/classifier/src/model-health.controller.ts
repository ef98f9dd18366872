import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import type { InferenceProcessClient, LoadedModelInfo } from '@reviewlens/classification';
import { weightsSummary, type LoadedModelReport, type WeightsSummary } from './loaded-models';
import { LOADED_MODELS, THEME_CLASSIFIER } from './theme-classifier.provider';

export interface ModelHealth extends LoadedModelInfo {
  status: 'ok';
  /** "random" when any loaded model has random weights (scores are noise), "real" when all are real, else "unknown". */
  weights: WeightsSummary;
  /** Every loaded model (primary first): weights kind, role, whether a trained head was loaded and for which themes version. */
  models: LoadedModelReport[];
  /** Every loaded model has a trained head (aspect engine); false = zero-shot, uncalibrated scores. */
  headsLoaded: boolean;
  inferenceProcess: { status: string; pid: number | undefined; restarts: number; pending: number };
}

/**
 * GET /health/model: which model(s) the inference process holds, their weights kind (real/random), the themes version
 * and whether trained heads were loaded; 503 while the inference process is (re)starting or gone.
 */
@Controller('health')
export class ModelHealthController {
  constructor(
    @Inject(THEME_CLASSIFIER) private readonly client: InferenceProcessClient,
    @Inject(LOADED_MODELS) private readonly models: LoadedModelReport[],
  ) {}

  @Get('model')
  model(): ModelHealth {
    const inferenceProcess = { status: this.client.status, pid: this.client.pid, restarts: this.client.restarts, pending: this.client.pending };
    if (this.client.status !== 'ready') throw new HttpException({ status: 'unavailable', inferenceProcess }, 503);
    return {
      status: 'ok', ...this.client.info, weights: weightsSummary(this.models), models: this.models,
      headsLoaded: this.models.length > 0 && this.models.every((m) => m.head), inferenceProcess,
    };
  }
}

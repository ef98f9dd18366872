import { transformers, type PreTrainedModel, type PreTrainedTokenizer } from './transformers';
import type { ClassifierEngine } from './classifier.types';
import { assertModelFiles, ModelLoadError, modelFilesFor } from './model-files';
import { withLocalModelEnv } from './transformers-env';

export interface LoadedModel {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  config: Record<string, unknown>;
}

export interface LoadModelOptions {
  engine: ClassifierEngine;
  modelDir: string;
  modelId: string;
  quantized: boolean;
  threads: number;
}

/**
 * Load ONNX model + tokenizer (model first: its failure is the likelier and the costlier) through transformers.js's own loading path (local files only):
 * the NLI engine needs the sequence-classification head (logits), the embedding engine the bare encoder
 * (last_hidden_state). Any failure is rethrown as ModelLoadError naming the path.
 */
export async function loadModel(opts: LoadModelOptions): Promise<LoadedModel> {
  const files = modelFilesFor(opts.modelDir, opts.modelId, opts.quantized);
  const config = assertModelFiles(files, opts.modelDir);
  return withLocalModelEnv(opts.modelDir, async () => {
    const Auto = opts.engine === 'nli' ? transformers.AutoModelForSequenceClassification : transformers.AutoModel;
    let model: PreTrainedModel;
    try {
      model = await Auto.from_pretrained(opts.modelId, {
        local_files_only: true,
        device: 'cpu',
        dtype: opts.quantized ? 'q8' : 'fp32',
        session_options: { intraOpNumThreads: opts.threads, interOpNumThreads: 1 },
      });
    } catch (err) {
      throw new ModelLoadError(`Cannot load ONNX model ${files.onnx}: ${(err as Error).message}`, { cause: err });
    }
    let tokenizer: PreTrainedTokenizer;
    try {
      tokenizer = await transformers.AutoTokenizer.from_pretrained(opts.modelId, { local_files_only: true });
    } catch (err) {
      throw new ModelLoadError(`Cannot load tokenizer from ${files.folder}: ${(err as Error).message}`, { cause: err });
    }
    return { tokenizer, model, config };
  });
}

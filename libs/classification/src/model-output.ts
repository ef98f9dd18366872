import type { Tensor } from './transformers';

/** Pick a named output tensor of a transformers.js model call, failing clearly if the ONNX graph lacks it. */
export function outputTensor(outputs: Record<string, Tensor>, names: readonly string[]): Tensor {
  for (const name of names) if (outputs[name]) return outputs[name];
  throw new Error(`model outputs ${Object.keys(outputs).join(', ')} contain none of ${names.join(', ')}`);
}

/** Float data of a tensor as a plain Float32Array (fp32 models already give one). */
export function floatData(tensor: Tensor): Float32Array {
  const data = tensor.data as ArrayLike<number>;
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

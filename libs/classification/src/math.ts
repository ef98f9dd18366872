/** Numerically stable softmax (subtracts the max), like transformers.js's `softmax`. */
export function softmax(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** softmax(values / temperature): lower temperature = sharper distribution. */
export function softmaxWithTemperature(values: readonly number[], temperature: number): number[] {
  if (!(temperature > 0)) throw new Error(`temperature must be > 0, got ${temperature}`);
  return softmax(values.map((v) => v / temperature));
}

/** Index of the largest value (first one on ties); -1 for an empty list. */
export function argmax(values: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i] > values[best]) best = i;
  return best;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Divide by the L2 norm (a zero vector stays zero). */
export function l2Normalize(v: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(v, v));
  if (norm === 0) return v;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / norm;
  return out;
}

/**
 * Mean pooling over the token axis of `hidden` ([batch, tokens, dim], row-major), counting only tokens whose
 * attention mask is 1 (padding excluded), as sentence-transformers does.
 */
export function meanPool(
  hidden: ArrayLike<number>, dims: readonly number[], mask: ArrayLike<number | bigint>,
): Float32Array[] {
  const [batch, tokens, dim] = dims;
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const acc = new Float32Array(dim);
    let count = 0;
    for (let t = 0; t < tokens; t++) {
      if (Number(mask[b * tokens + t]) === 0) continue;
      count++;
      const base = (b * tokens + t) * dim;
      for (let d = 0; d < dim; d++) acc[d] += hidden[base + d];
    }
    if (count > 0) for (let d = 0; d < dim; d++) acc[d] /= count;
    out.push(acc);
  }
  return out;
}

/**
 * L2-regularised logistic regression, binary and multinomial, trained by full-batch gradient descent with Adam.
 * Objective (as scikit-learn's LogisticRegression with `C`): 0.5·‖W‖² + C·Σᵢ sᵢ·loss(xᵢ, yᵢ), where sᵢ are sample
 * weights (`balanced`: n / (classes · count(class of i)), scikit-learn's formula); the bias is not penalised.
 * Sizes here are small (hundreds of rows, about 800 features), so a few hundred passes take well under a second.
 */

export interface BinaryModel { w: number[]; b: number }
export interface SoftmaxModel { classes: string[]; W: number[][]; b: number[] }

export interface TrainOptions {
  /** Inverse regularisation strength, as scikit-learn's C. Default 1. */
  C?: number;
  /** Weight classes inversely to their frequency. Default false. */
  balanced?: boolean;
  /** Gradient steps. Default 400. */
  iterations?: number;
  /** Adam step size. Default 0.05. */
  learningRate?: number;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function dotRow(w: ArrayLike<number>, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i] * x[i];
  return s;
}

function sampleWeights(labels: readonly (number | string)[], balanced: boolean): number[] {
  if (!balanced) return labels.map(() => 1);
  const counts = new Map<number | string, number>();
  for (const y of labels) counts.set(y, (counts.get(y) ?? 0) + 1);
  return labels.map((y) => labels.length / (counts.size * counts.get(y)!));
}

/** Adam optimiser state over one flat parameter vector (Kingma & Ba 2015, default betas 0.9 / 0.999). */
class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(size: number, private readonly lr: number) { this.m = new Float64Array(size); this.v = new Float64Array(size); }
  step(params: Float64Array, grad: Float64Array): void {
    this.t++;
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    const c1 = 1 - b1 ** this.t, c2 = 1 - b2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      this.m[i] = b1 * this.m[i] + (1 - b1) * grad[i];
      this.v[i] = b2 * this.v[i] + (1 - b2) * grad[i] * grad[i];
      params[i] -= (this.lr * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + eps);
    }
  }
}

/** Fit a binary model to rows `X` (same length each) and labels `y` (0 or 1). Throws on empty or ragged input. */
export function trainBinary(X: readonly ArrayLike<number>[], y: readonly number[], opts: TrainOptions = {}): BinaryModel {
  if (X.length === 0 || X.length !== y.length) throw new Error(`trainBinary: ${X.length} rows, ${y.length} labels`);
  const d = X[0].length;
  const C = opts.C ?? 1;
  const s = sampleWeights(y, opts.balanced ?? false);
  const params = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  const adam = new Adam(d + 1, opts.learningRate ?? 0.05);
  // Scale the objective by 1/(C·n) so the step size does not depend on the number of rows.
  const scale = 1 / X.length;
  for (let it = 0; it < (opts.iterations ?? 400); it++) {
    for (let j = 0; j < d; j++) grad[j] = (params[j] / C) * scale;
    grad[d] = 0;
    for (let i = 0; i < X.length; i++) {
      const x = X[i];
      const g = (sigmoid(dotRow(params, x) + params[d]) - y[i]) * s[i] * scale;
      for (let j = 0; j < d; j++) grad[j] += g * x[j];
      grad[d] += g;
    }
    adam.step(params, grad);
  }
  return { w: Array.from(params.subarray(0, d)), b: params[d] };
}

export function predictBinary(model: BinaryModel, x: ArrayLike<number>): number {
  return sigmoid(dotRow(model.w, x) + model.b);
}

/** Fit a multinomial (softmax) model; `classes` fixes the output order (labels outside it throw). */
export function trainSoftmax(X: readonly ArrayLike<number>[], y: readonly string[], classes: readonly string[], opts: TrainOptions = {}): SoftmaxModel {
  if (X.length === 0 || X.length !== y.length) throw new Error(`trainSoftmax: ${X.length} rows, ${y.length} labels`);
  const k = classes.length;
  const d = X[0].length;
  const yi = y.map((label) => {
    const i = classes.indexOf(label);
    if (i < 0) throw new Error(`trainSoftmax: label "${label}" not in ${classes.join(', ')}`);
    return i;
  });
  const C = opts.C ?? 1;
  const s = sampleWeights(yi, opts.balanced ?? false);
  const stride = d + 1;
  const params = new Float64Array(k * stride);
  const grad = new Float64Array(k * stride);
  const adam = new Adam(k * stride, opts.learningRate ?? 0.05);
  const scale = 1 / X.length;
  const p = new Float64Array(k);
  for (let it = 0; it < (opts.iterations ?? 400); it++) {
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) grad[c * stride + j] = (params[c * stride + j] / C) * scale;
      grad[c * stride + d] = 0;
    }
    for (let i = 0; i < X.length; i++) {
      const x = X[i];
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let z = params[c * stride + d];
        for (let j = 0; j < d; j++) z += params[c * stride + j] * x[j];
        p[c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) { p[c] = Math.exp(p[c] - max); sum += p[c]; }
      for (let c = 0; c < k; c++) {
        const g = (p[c] / sum - (c === yi[i] ? 1 : 0)) * s[i] * scale;
        for (let j = 0; j < d; j++) grad[c * stride + j] += g * x[j];
        grad[c * stride + d] += g;
      }
    }
    adam.step(params, grad);
  }
  return {
    classes: [...classes],
    W: classes.map((_, c) => Array.from(params.subarray(c * stride, c * stride + d))),
    b: classes.map((_, c) => params[c * stride + d]),
  };
}

/** Class probabilities, in `model.classes` order. */
export function predictSoftmax(model: SoftmaxModel, x: ArrayLike<number>): number[] {
  const z = model.W.map((w, c) => dotRow(w, x) + model.b[c]);
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

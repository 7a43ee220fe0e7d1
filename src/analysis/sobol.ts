/**
 * Variance-based sensitivity analysis: first-order and total-effect Sobol indices of a model's
 * outputs to each of its independent inputs, estimated from Saltelli's sampling design with the
 * estimators recommended by Saltelli et al. (2010, "Variance based sensitivity analysis of model
 * output", Comput. Phys. Commun. 181, Table 2 (b) and (f)).
 *
 * The model takes a point u ∈ [0, 1)ᵏ — each coordinate one uncertain input, uniform and
 * independent; the model maps it to whatever the input means (a weight, a discrete choice) —
 * and writes m outputs. Two independent N × k sample matrices A and B are drawn from a seeded
 * generator; A_B⁽ⁱ⁾ is A with its column i taken from B. With f = one output,
 *
 *     V    = variance of f over the 2N rows of A and B,
 *     Sᵢ   = (1/N) Σⱼ f(B)ⱼ · ( f(A_B⁽ⁱ⁾)ⱼ − f(A)ⱼ ) / V          (first order, Saltelli 2010)
 *     S_Tᵢ = (1/2N) Σⱼ ( f(A)ⱼ − f(A_B⁽ⁱ⁾)ⱼ )² / V               (total effect, Jansen 1999)
 *
 * Sᵢ is the share of the output's variance that input i causes on its own; S_Tᵢ the share it
 * takes part in, interactions included (S_Tᵢ ≥ Sᵢ up to sampling error; Σ Sᵢ ≤ 1). The cost is
 * N · (k + 2) model runs. Estimates carry sampling error of order 1/√N and may come out
 * slightly negative for inputs without effect. Each estimate is a mean of N independent terms
 * divided by V, so its standard error is estimated as sd(terms) / (√N · V) — V taken as known,
 * which slightly understates the error for small N. An output that never varies (V = 0, up to
 * rounding noise) has no indices: NaN.
 */
import { seededRandom } from './random.js';

export interface SobolModel {
  /** k: number of inputs. */
  inputs: number;
  /** m: number of outputs. */
  outputs: number;
  /** Writes the m outputs for input point `u` (length k) into `out`; must not keep either. */
  evaluate(u: Float64Array, out: Float64Array): void;
}

export interface SobolIndices {
  /** N, the rows of each sample matrix. */
  samples: number;
  /** Model runs made: N · (k + 2). */
  runs: number;
  /** Per output: mean and variance over the rows of A and B. */
  mean: Float64Array;
  variance: Float64Array;
  /** First-order index of input i on output o at `first[o * k + i]`; NaN when V = 0. */
  first: Float64Array;
  /** Total-effect index, laid out as `first`. */
  total: Float64Array;
  /** Standard errors of `first` and `total`, laid out alike. */
  firstError: Float64Array;
  totalError: Float64Array;
}

export function sobolIndices(model: SobolModel, samples: number, seed: number): SobolIndices {
  if (!Number.isInteger(samples) || samples < 2)
    throw new RangeError('Sobol samples must be a whole number of at least 2');
  const k = model.inputs;
  const m = model.outputs;
  const n = samples;
  const random = seededRandom(seed);
  const a = new Float64Array(n * k);
  const b = new Float64Array(n * k);
  for (let j = 0; j < n * k; j++) {
    a[j] = random();
    b[j] = random();
  }

  const point = new Float64Array(k);
  const out = new Float64Array(m);
  const runRows = (matrix: Float64Array, results: Float64Array) => {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < k; i++) point[i] = matrix[j * k + i]!;
      model.evaluate(point, out);
      results.set(out, j * m);
    }
  };
  const fa = new Float64Array(n * m);
  const fb = new Float64Array(n * m);
  runRows(a, fa);
  runRows(b, fb);

  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  for (let o = 0; o < m; o++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += fa[j * m + o]! + fb[j * m + o]!;
    const mu = sum / (2 * n);
    let squares = 0;
    for (let j = 0; j < n; j++) {
      const da = fa[j * m + o]! - mu;
      const db = fb[j * m + o]! - mu;
      squares += da * da + db * db;
    }
    mean[o] = mu;
    // Rounding noise of a constant output (a mean that is not exact in binary) is no variance.
    const v = squares / (2 * n);
    variance[o] = v > 1e-20 * Math.max(1, mu * mu) ? v : 0;
  }

  const firstSum = new Float64Array(m * k);
  const totalSum = new Float64Array(m * k);
  const firstSquares = new Float64Array(m * k);
  const totalSquares = new Float64Array(m * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < n; j++) {
      for (let c = 0; c < k; c++) point[c] = a[j * k + c]!;
      point[i] = b[j * k + i]!;
      model.evaluate(point, out);
      for (let o = 0; o < m; o++) {
        const d = out[o]! - fa[j * m + o]!;
        const at = o * k + i;
        const firstTerm = fb[j * m + o]! * d;
        const totalTerm = (d * d) / 2;
        firstSum[at] = firstSum[at]! + firstTerm;
        totalSum[at] = totalSum[at]! + totalTerm;
        firstSquares[at] = firstSquares[at]! + firstTerm * firstTerm;
        totalSquares[at] = totalSquares[at]! + totalTerm * totalTerm;
      }
    }
  }

  const first = new Float64Array(m * k);
  const total = new Float64Array(m * k);
  const firstError = new Float64Array(m * k);
  const totalError = new Float64Array(m * k);
  /** sd of the terms / √N, from their sum and sum of squares. */
  const standardError = (sum: number, squares: number) =>
    Math.sqrt(Math.max(0, squares / n - (sum / n) ** 2) / n);
  for (let o = 0; o < m; o++) {
    const v = variance[o]!;
    for (let i = 0; i < k; i++) {
      const at = o * k + i;
      first[at] = v > 0 ? firstSum[at]! / n / v : NaN;
      total[at] = v > 0 ? totalSum[at]! / n / v : NaN;
      firstError[at] = v > 0 ? standardError(firstSum[at]!, firstSquares[at]!) / v : NaN;
      totalError[at] = v > 0 ? standardError(totalSum[at]!, totalSquares[at]!) / v : NaN;
    }
  }
  return { samples: n, runs: n * (k + 2), mean, variance, first, total, firstError, totalError };
}

/**
 * The quality model: a one-hidden-layer network over standardised content-free features, trained with
 * TensorFlow.js on moderator decisions (weighted fully) and engagement (weighted lightly), classes balanced.
 * Output: probability the post is fine; low values go to the review queue.
 */
import { tf } from '../../model/backend.js';

export interface QualityModel {
  featureNames: string[];
  mean: Float32Array;
  std: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: number;
  hidden: number;
}

export interface TrainingOptions {
  hidden?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

export interface TrainingExample {
  features: Float32Array;
  width: number;
  labels: (0 | 1)[];
  /** Per-example weight before class balancing (1 for moderator decisions). */
  weights: number[];
}

export async function trainQualityModel(featureNames: string[], data: TrainingExample, options: TrainingOptions = {}): Promise<QualityModel> {
  const { width } = data;
  const n = data.labels.length;
  const hidden = options.hidden ?? 8;
  const epochs = options.epochs ?? 200;
  const l2 = options.l2 ?? 1e-2;
  const { mean, std } = standardiser(data.features, n, width);
  // Balance the classes so the rare "confirmed" decisions are not drowned by engagement positives.
  const totals = [0, 0];
  data.labels.forEach((y, i) => (totals[y]! += data.weights[i] ?? 1));
  const balanced = data.labels.map((y, i) => ((data.weights[i] ?? 1) * n) / (2 * Math.max(totals[y]!, 1e-9)));

  const x = tf.tensor2d(standardise(data.features, n, width, mean, std), [n, width]);
  const y = tf.tensor2d(data.labels, [n, 1]);
  const w = tf.tensor2d(balanced, [n, 1]);
  const seed = options.seed ?? 7;
  const w1 = tf.variable(tf.randomNormal([width, hidden], 0, Math.sqrt(2 / width), 'float32', seed));
  const b1 = tf.variable(tf.zeros([hidden]));
  const w2 = tf.variable(tf.randomNormal([hidden, 1], 0, Math.sqrt(1 / hidden), 'float32', seed + 1));
  const b2 = tf.variable(tf.zeros([1]));
  const optimizer = tf.train.adam(options.learningRate ?? 0.02);
  try {
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      const loss = optimizer.minimize(() => {
        const logits = x.matMul(w1).add(b1).relu().matMul(w2).add(b2);
        // Binary cross-entropy from logits, written with softplus (stable, and differentiable on every backend).
        const perExample = tf.add(tf.mul(y, tf.softplus(tf.neg(logits))), tf.mul(tf.sub(1, y), tf.softplus(logits)));
        const penalty = tf.add(tf.sum(tf.square(w1)), tf.sum(tf.square(w2))).mul(l2);
        return tf.mean(tf.mul(perExample, w)).add(penalty) as tf.Scalar;
      });
      loss?.dispose();
    }
    return {
      featureNames,
      mean,
      std,
      w1: Float32Array.from(await w1.data()),
      b1: Float32Array.from(await b1.data()),
      w2: Float32Array.from(await w2.data()),
      b2: (await b2.data())[0] ?? 0,
      hidden,
    };
  } finally {
    optimizer.dispose();
    tf.dispose([x, y, w, w1, b1, w2, b2]);
  }
}

/** Probability each row is fine. Plain arithmetic: scoring is cheap and needs no tensors. */
export function predictQuality(model: QualityModel, features: Float32Array, n: number): Float32Array {
  const width = model.featureNames.length;
  const out = new Float32Array(n);
  const h = new Float32Array(model.hidden);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < model.hidden; j += 1) {
      let sum = model.b1[j] ?? 0;
      for (let k = 0; k < width; k += 1) {
        const v = ((features[i * width + k] ?? 0) - (model.mean[k] ?? 0)) / (model.std[k] ?? 1);
        sum += v * (model.w1[k * model.hidden + j] ?? 0);
      }
      h[j] = sum > 0 ? sum : 0;
    }
    let logit = model.b2;
    for (let j = 0; j < model.hidden; j += 1) logit += (h[j] ?? 0) * (model.w2[j] ?? 0);
    out[i] = 1 / (1 + Math.exp(-logit));
  }
  return out;
}

function standardiser(features: Float32Array, n: number, width: number): { mean: Float32Array; std: Float32Array } {
  const mean = new Float32Array(width);
  const std = new Float32Array(width);
  for (let k = 0; k < width; k += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += features[i * width + k] ?? 0;
    const m = n > 0 ? sum / n : 0;
    let sq = 0;
    for (let i = 0; i < n; i += 1) sq += ((features[i * width + k] ?? 0) - m) ** 2;
    mean[k] = m;
    // A constant feature is left as is rather than divided by zero.
    std[k] = n > 1 && sq > 0 ? Math.sqrt(sq / (n - 1)) : 1;
  }
  return { mean, std };
}

function standardise(features: Float32Array, n: number, width: number, mean: Float32Array, std: Float32Array): Float32Array {
  const out = new Float32Array(n * width);
  for (let i = 0; i < n; i += 1) {
    for (let k = 0; k < width; k += 1) out[i * width + k] = ((features[i * width + k] ?? 0) - (mean[k] ?? 0)) / (std[k] ?? 1);
  }
  return out;
}

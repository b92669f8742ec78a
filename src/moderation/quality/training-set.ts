/** Which rows of a dataset a model learns from: labelled posts, moderator decisions weighted above engagement. */
import type { QualityDataset } from './features.js';
import type { TrainingExample } from './model.js';

/** Engagement is a weaker signal than a moderator's decision. */
const ENGAGEMENT_WEIGHT = 0.3;

export function trainingExamples(data: QualityDataset, include: (index: number) => boolean): TrainingExample {
  const width = data.featureNames.length;
  const rows: number[] = [];
  data.labels.forEach((label, i) => {
    if (label !== null && include(i)) rows.push(i);
  });
  const features = new Float32Array(rows.length * width);
  rows.forEach((row, j) => features.set(data.features.subarray(row * width, (row + 1) * width), j * width));
  return {
    features,
    width,
    labels: rows.map((row) => data.labels[row] ?? 0) as (0 | 1)[],
    weights: rows.map((row) => (data.moderatorLabelled[row] ? 1 : ENGAGEMENT_WEIGHT)),
  };
}

/** Rows of `data` as their own feature matrix. */
export function rowsOf(data: QualityDataset, rows: readonly number[]): Float32Array {
  const width = data.featureNames.length;
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, j) => out.set(data.features.subarray(row * width, (row + 1) * width), j * width));
  return out;
}

/** Enough of both kinds to learn anything. */
export function hasEnoughLabels(example: TrainingExample, minimumPerClass = 5): boolean {
  const low = example.labels.filter((y) => y === 0).length;
  return low >= minimumPerClass && example.labels.length - low >= minimumPerClass;
}

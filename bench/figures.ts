/**
 * A benchmark's figures as data: what each benchmark returns besides its printed lines, and the shape of one
 * recorded run (one line of bench/results/<benchmark>.jsonl). The schema is the boundary for reading results
 * files back, which may have been written by an older version or edited by hand.
 */
import { z } from 'zod';

export const goalSchema = z.object({
  op: z.enum(['<=', '>=', '<', '>']),
  value: z.number(),
});
export type Goal = z.infer<typeof goalSchema>;

export const figureSchema = z.object({
  name: z.string().min(1),
  /** null when the quantity was not reached in the run (e.g. "time to recall 0.17" when recall stayed below). */
  value: z.number().nullable(),
  unit: z.string(),
  goal: goalSchema.nullable(),
  /** Whether the value met the goal when it was recorded; null when the figure has no goal. */
  met: z.boolean().nullable(),
});
export type BenchFigure = z.infer<typeof figureSchema>;

export const machineSchema = z.object({
  cores: z.number().int().positive(),
  cpu: z.string(),
  node: z.string(),
  platform: z.string(),
  memoryGiB: z.number().nonnegative(),
  /** One-minute load average when the run finished: figures from a loaded machine read differently. */
  load1: z.number().nonnegative(),
});
export type Machine = z.infer<typeof machineSchema>;

export const benchRunSchema = z.object({
  benchmark: z.string().min(1),
  /** ISO 8601, UTC: when the run finished. */
  at: z.iso.datetime(),
  /** What was measured on: a public data set's name or "synthetic". */
  dataset: z.string(),
  /** The size or preset that was run; figures from different presets are not compared with each other. */
  preset: z.string(),
  /** The training backend that ran (tfjs benchmarks), null for benchmarks without one. */
  backend: z.string().nullable(),
  machine: machineSchema,
  figures: z.array(figureSchema),
});
export type BenchRun = z.infer<typeof benchRunSchema>;

/** What a benchmark function returns: its run without the date and machine, which the recorder adds. */
export type BenchOutcome = Pick<BenchRun, 'dataset' | 'preset' | 'backend' | 'figures'>;

export function meetsGoal(goal: Goal, value: number | null): boolean {
  if (value === null || Number.isNaN(value)) return false;
  switch (goal.op) {
    case '<=':
      return value <= goal.value;
    case '>=':
      return value >= goal.value;
    case '<':
      return value < goal.value;
    case '>':
      return value > goal.value;
  }
}

/** One figure, with the goal judged now so the recorded line says whether it was met. */
export function figure(name: string, value: number | null, unit: string, goal: Goal | null = null): BenchFigure {
  return { name, value, unit, goal, met: goal === null ? null : meetsGoal(goal, value) };
}

const GOAL_SYMBOL: Record<Goal['op'], string> = { '<=': '≤', '>=': '≥', '<': '<', '>': '>' };

export function formatGoal(goal: Goal, unit: string): string {
  return `${GOAL_SYMBOL[goal.op]} ${formatNumber(goal.value)}${unit ? ` ${unit}` : ''}`;
}

/** Four significant digits below 1,000 (0.1935, 7.44, 46), whole numbers with separators above (1,536). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(4)));
}

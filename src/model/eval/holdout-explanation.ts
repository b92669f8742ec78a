/**
 * Why a training run's holdout evaluated nothing, for `attune train`: when no cut qualified, the cut chooser's
 * reason; when cuts were chosen but no member had a target at any of them, each cut's own reason.
 */
import type Database from 'better-sqlite3';
import { selectCuts } from './cuts.js';
import { prepareCut } from './protocol.js';

export interface HoldoutSettings {
  /** The run's "now". */
  now: number;
  windowMs: number;
  horizonMs: number;
  /** How many cuts the run asked for, and the ones it got. */
  count: number;
  cuts: readonly number[];
}

/** One `no targets because …` line per cause (empty when something was evaluated). */
export function explainEmptyHoldout(sqlite: Database.Database, guildId: string, settings: HoldoutSettings): string[] {
  const { windowMs, horizonMs } = settings;
  if (settings.cuts.length === 0) {
    const { reason } = selectCuts(sqlite, guildId, { count: settings.count, windowMs, horizonMs, now: settings.now });
    return reason === null ? [] : [reason];
  }
  return settings.cuts.flatMap((at) => {
    const { noTargets } = prepareCut(sqlite, guildId, at, { windowMs, horizonMs }).summary;
    return noTargets === undefined ? [] : [`cut ${new Date(at).toISOString()}: ${noTargets}`];
  });
}

/** Human durations for command options: `90m`, `24h`, `2d`, `1w`, `30s` (a number and one unit). */
import { z } from 'zod';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export const durationSchema = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?(s|m|h|d|w)$/, 'must be a number and a unit (s, m, h, d, w), e.g. 90m, 24h, 2d')
  .transform((text) => {
    const unit = text.at(-1) as keyof typeof UNIT_MS;
    return Math.round(Number(text.slice(0, -1)) * UNIT_MS[unit]);
  })
  .refine((ms) => ms > 0, 'must be longer than zero');

export function formatDuration(ms: number): string {
  for (const [unit, size] of [['w', UNIT_MS.w], ['d', UNIT_MS.d], ['h', UNIT_MS.h], ['m', UNIT_MS.m]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms / 1000}s`;
}

/**
 * Per-guild economy settings. Stored as JSON in economy_configs and validated with zod on every read and write, so a
 * bad row (hand-edited, older version) falls back to defaults for the bad fields instead of breaking the economy.
 */
import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { economyQueries } from '../db/queries/economy.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id');

const ruleSchema = z.object({
  /** Points per rewarded event. */
  points: z.number().int().min(0).max(1000),
  /** Most points a member can earn from this rule per day (the guild's time zone). */
  dailyCap: z.number().int().min(0).max(100_000),
});

export const economyConfigSchema = z.object({
  post: ruleSchema.default({ points: 2, dailyCap: 40 }),
  reactionReceived: ruleSchema.default({ points: 1, dailyCap: 50 }),
  replyReceived: ruleSchema.default({ points: 2, dailyCap: 40 }),
  contestEntry: ruleSchema.default({ points: 5, dailyCap: 25 }),
  /** Points for first, second, third … place. */
  contestPlacing: z.array(z.number().int().min(0).max(10_000)).max(10).default([50, 30, 20]),
  /** A member's posts earn at most once per this many seconds. */
  postCooldownSeconds: z.number().int().min(0).max(86_400).default(60),
  /** Reactions and replies from members who joined less than this many days before earn the author nothing. */
  newMemberDays: z.number().int().min(0).max(365).default(3),
  /** Most rewarded reactions and replies between the same two members per day, both directions together. */
  pairDailyCap: z.number().int().min(0).max(1000).default(5),
  /** Where badges and role rewards are announced; null: not announced (still shown in /points). */
  announceChannelId: snowflake.nullable().default(null),
  /** Roles granted once a member's all-time balance reaches the threshold. */
  roleRewards: z
    .array(z.object({ threshold: z.number().int().min(1).max(10_000_000), roleId: snowflake }))
    .max(20)
    .default([]),
});

export type EconomyConfig = z.infer<typeof economyConfigSchema>;

export const DEFAULT_ECONOMY_CONFIG: EconomyConfig = economyConfigSchema.parse({});

/** The guild's config; defaults when none is stored or the stored JSON does not validate. */
export function readEconomyConfig(db: Db, guildId: string): EconomyConfig {
  const stored = economyQueries(db.$client).storedConfig(guildId);
  if (stored === undefined) return DEFAULT_ECONOMY_CONFIG;
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return DEFAULT_ECONOMY_CONFIG;
  }
  const parsed = economyConfigSchema.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_ECONOMY_CONFIG;
}

/**
 * Merges a change into the stored config and validates the result. Returns the zod error instead of writing when the
 * merged config is invalid.
 */
export function updateEconomyConfig(
  db: Db,
  guildId: string,
  change: (current: EconomyConfig) => unknown,
  by: string,
  at: number,
  /** zod's messages in the language of the member making the change (default: English). */
  errorMap?: z.core.$ZodErrorMap,
): { ok: true; config: EconomyConfig } | { ok: false; error: z.ZodError } {
  const next = economyConfigSchema.safeParse(change(readEconomyConfig(db, guildId)), errorMap ? { error: errorMap } : undefined);
  if (!next.success) return { ok: false, error: next.error };
  economyQueries(db.$client).saveConfig(guildId, JSON.stringify(next.data), by, at);
  return { ok: true, config: next.data };
}

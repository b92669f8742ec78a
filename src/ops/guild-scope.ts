/**
 * Which guilds this process is responsible for. Unsharded, that is every guild. Under the ShardingManager each
 * process is one or more shards, and Discord routes guild `g` to shard `(g >> 22) % shardCount`; scheduled
 * per-guild work (training, quality passes, contest deadlines, announcements, role rewards) must only touch the
 * guilds of its own shards, or two processes would train the same guild or send the same announcement. The rule is
 * arithmetic on the id, so it also holds for guilds the bot has left (in no shard's cache any more). The TaskRunner
 * (src/tasks/task-runner.ts) applies it to every task; no task computes it itself.
 */
import { ShardClientUtil, type Client } from 'discord.js';

export interface GuildScope {
  owns(guildId: string): boolean;
  /**
   * Database-wide jobs with no guild to route by (retention sweeps) run in exactly one process: the one holding
   * shard 0.
   */
  readonly runsGlobalJobs: boolean;
}

export const ALL_GUILDS: GuildScope = { owns: () => true, runsGlobalJobs: true };

export function shardScope(shardIds: readonly number[], shardCount: number): GuildScope {
  if (shardCount <= 1) return ALL_GUILDS;
  const mine = new Set(shardIds);
  return {
    owns: (guildId) => mine.has(ShardClientUtil.shardIdForGuildId(guildId, shardCount)),
    runsGlobalJobs: mine.has(0),
  };
}

/**
 * The scope of a client from its shard options: the ShardingManager hands each child its shard ids and count
 * (discord.js reads them from SHARDS / SHARD_COUNT), and a client may be given them directly. `auto` means this
 * one process runs every shard.
 */
export function guildScopeOf(client: Client): GuildScope {
  const { shards, shardCount } = client.options;
  if (shards === undefined || shards === 'auto' || shardCount === undefined) return ALL_GUILDS;
  return shardScope(typeof shards === 'number' ? [shards] : shards, shardCount);
}

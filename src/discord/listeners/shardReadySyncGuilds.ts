import { defineListener } from './define.js';

/**
 * A shard (re)connected with a new session: events between the old session and this one are lost unless we
 * backfill. discord.js emits no guildCreate for guilds it receives on READY, so sync them here.
 */
export const shardReadySyncGuilds = defineListener({
  name: 'shardReadySyncGuilds',
  event: 'shardReady',
  async run(ctx, shardId) {
    await ctx.sync.syncShard(shardId);
  },
});

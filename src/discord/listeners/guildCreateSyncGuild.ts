import { defineListener } from './define.js';

/** The bot joined a guild, or one came back from an outage: record it and backfill what we missed. */
export const guildCreateSyncGuild = defineListener({
  name: 'guildCreateSyncGuild',
  event: 'guildCreate',
  async run(ctx, guild) {
    await ctx.sync.syncGuild(guild);
  },
});

import { defineListener } from './define.js';

export const guildDeleteRecordLeave = defineListener({
  name: 'guildDeleteRecordLeave',
  event: 'guildDelete',
  run(ctx, guild) {
    // An outage also emits guildDelete, with the guild marked unavailable: that is not a removal.
    if (!guild.available) return;
    ctx.sync.forgetGuild(guild.id);
    ctx.writer.enqueue({ kind: 'guildLeft', guildId: guild.id, at: ctx.now() });
  },
});

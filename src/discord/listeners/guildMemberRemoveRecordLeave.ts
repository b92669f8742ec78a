import { defineListener } from './define.js';

export const guildMemberRemoveRecordLeave = defineListener({
  name: 'guildMemberRemoveRecordLeave',
  event: 'guildMemberRemove',
  run(ctx, member) {
    ctx.writer.enqueue({ kind: 'memberLeft', guildId: member.guild.id, userId: member.id, at: ctx.now() });
  },
});

import { defineListener } from './define.js';

export const messageDeleteRecordDeletion = defineListener({
  name: 'messageDeleteRecordDeletion',
  event: 'messageDelete',
  run(ctx, message) {
    if (!message.guildId) return;
    ctx.writer.enqueue({ kind: 'postsDeleted', ids: [message.id], at: ctx.now() });
  },
});

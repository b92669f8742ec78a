import { defineListener } from './define.js';

export const messageReactionRemoveAllRecordRemoval = defineListener({
  name: 'messageReactionRemoveAllRecordRemoval',
  event: 'messageReactionRemoveAll',
  run(ctx, message) {
    if (!message.guildId) return;
    ctx.writer.enqueue({ kind: 'reactionsCleared', messageId: message.id });
  },
});

import { defineListener } from './define.js';
import { emojiKey } from '../../ingest/from-discord.js';

export const messageReactionRemoveRecordRemoval = defineListener({
  name: 'messageReactionRemoveRecordRemoval',
  event: 'messageReactionRemove',
  run(ctx, reaction, user) {
    const emoji = emojiKey(reaction);
    if (!reaction.message.guildId || emoji === null) return;
    ctx.writer.enqueue({ kind: 'reactionRemoved', messageId: reaction.message.id, userId: user.id, emoji });
  },
});

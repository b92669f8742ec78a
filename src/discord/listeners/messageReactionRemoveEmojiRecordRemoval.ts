import { defineListener } from './define.js';
import { emojiKey } from '../../ingest/from-discord.js';

export const messageReactionRemoveEmojiRecordRemoval = defineListener({
  name: 'messageReactionRemoveEmojiRecordRemoval',
  event: 'messageReactionRemoveEmoji',
  run(ctx, reaction) {
    const emoji = emojiKey(reaction);
    if (!reaction.message.guildId || emoji === null) return;
    ctx.writer.enqueue({ kind: 'reactionsCleared', messageId: reaction.message.id, emoji });
  },
});

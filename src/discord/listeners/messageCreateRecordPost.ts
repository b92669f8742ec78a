import { defineListener } from './define.js';
import { authorMemberRecord, postRecord } from '../../ingest/from-discord.js';

export const messageCreateRecordPost = defineListener({
  name: 'messageCreateRecordPost',
  event: 'messageCreate',
  run(ctx, message) {
    const post = postRecord(message, { keepContent: ctx.keepContent, source: 'gateway' });
    if (post === null) return;
    const author = authorMemberRecord(message);
    if (author) ctx.writer.enqueue({ kind: 'member', member: author, at: ctx.now() });
    ctx.writer.enqueue({ kind: 'post', post });
    const channelId = post.threadId ?? post.channelId;
    if (ctx.sync.isLive(channelId)) {
      ctx.writer.enqueue({ kind: 'checkpoint', guildId: post.guildId, channelId, lastMessageId: post.id, backfilledAt: null });
    }
  },
});

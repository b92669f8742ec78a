import { defineListener } from '../listener.js';
import { authorMemberRecord, postRecord, reactionRecord } from '../../ingest/from-discord.js';

export const messageReactionAddRecordReaction = defineListener({
  name: 'messageReactionAddRecordReaction',
  event: 'messageReactionAdd',
  async run(ctx, reaction, user) {
    const message = reaction.message;
    if (!message.guildId || user.bot || ctx.store.isBot(user.id)) return;
    const record = reactionRecord(reaction, user.id, ctx.now());
    if (record === null) return;
    if (!ctx.writer.knowsPost(message.id)) {
      // A reaction on a message from before our history (or sent while we were away and not yet backfilled):
      // fetch it once so the reaction has its post, rather than dropping the reaction.
      const fetched = await message.fetch().catch(() => null);
      const post = fetched ? postRecord(fetched, { keepContent: ctx.keepContent, source: 'backfill' }) : null;
      if (fetched === null || post === null) return;
      const author = authorMemberRecord(fetched);
      if (author) ctx.writer.enqueue({ kind: 'member', member: author, at: ctx.now() });
      ctx.writer.enqueue({ kind: 'post', post });
    }
    ctx.writer.enqueue({ kind: 'reactionAdded', reaction: record });
  },
});

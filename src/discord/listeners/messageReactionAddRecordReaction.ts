import type { Message, PartialMessage } from 'discord.js';
import { defineListener, type BotContext } from './define.js';
import { authorMemberRecord, postRecord, reactionRecord } from '../../ingest/from-discord.js';
import type { ReactionRecord } from '../../ingest/records.js';

export const messageReactionAddRecordReaction = defineListener({
  name: 'messageReactionAddRecordReaction',
  event: 'messageReactionAdd',
  run(ctx, reaction, user) {
    const message = reaction.message;
    // A partial user may not say whether it is a bot; the store drops bot reactions it knows of either way.
    if (!message.guildId || user.bot === true) return;
    const record = reactionRecord(reaction, user.id, ctx.now());
    if (record === null) return;
    // The common case stays synchronous: this runs for every reaction in the guild.
    if (ctx.writer.knowsPost(message.id)) ctx.writer.enqueue({ kind: 'reactionAdded', reaction: record });
    else return recordWithItsPost(ctx, message, record);
  },
});

/**
 * A reaction on a message from before our history (or sent while we were away and not yet backfilled): fetch the
 * message once so the reaction has its post, rather than dropping the reaction.
 */
async function recordWithItsPost(ctx: BotContext, message: Message | PartialMessage, record: ReactionRecord): Promise<void> {
  const fetched = await message.fetch().catch(() => null);
  const post = fetched ? postRecord(fetched, { keepContent: ctx.keepContent, source: 'backfill' }) : null;
  if (fetched === null || post === null) return;
  const author = authorMemberRecord(fetched);
  if (author) ctx.writer.enqueue({ kind: 'member', member: author, at: ctx.now() });
  ctx.writer.enqueue({ kind: 'post', post });
  ctx.writer.enqueue({ kind: 'reactionAdded', reaction: record });
}

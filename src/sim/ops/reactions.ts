import { GatewayDispatchEvents, ReactionType } from 'discord-api-types/v10';
import { botCanView, guildIdOf, reactionIntentFor, type SimContext } from '../context.js';
import { apiEmoji, sameEmoji } from '../state/emoji.js';
import type { EmojiRef, MessageRecord } from '../state/records.js';
import { apiMember } from '../payloads/guilds.js';

/** Adds a user's reaction. Returns false (and sends nothing) if the user had already reacted with that emoji. */
export function addReaction(ctx: SimContext, message: MessageRecord, userId: string, emoji: EmojiRef): boolean {
  const { world } = ctx;
  world.requireUser(userId);
  let reaction = message.reactions.find((r) => sameEmoji(r.emoji, emoji));
  if (reaction?.userIds.includes(userId)) return false;
  if (!reaction) {
    reaction = { emoji, userIds: [] };
    message.reactions.push(reaction);
  }
  reaction.userIds.push(userId);

  const channel = world.requireChannel(message.channelId);
  if (!botCanView(ctx, channel)) return true;
  const guildId = guildIdOf(channel);
  const member = guildId === null ? undefined : world.guilds.get(guildId)?.members.get(userId);
  ctx.gateway.dispatch(GatewayDispatchEvents.MessageReactionAdd, { guildId, intent: reactionIntentFor(channel) }, () => ({
    user_id: userId,
    channel_id: message.channelId,
    message_id: message.id,
    ...(guildId !== null ? { guild_id: guildId } : {}),
    ...(member ? { member: apiMember(world, member) } : {}),
    emoji: apiEmoji(emoji),
    message_author_id: message.authorId,
    burst: false,
    burst_colors: [],
    type: ReactionType.Normal,
  }));
  return true;
}

/** Removes a user's reaction. Returns false if there was none. */
export function removeReaction(ctx: SimContext, message: MessageRecord, userId: string, emoji: EmojiRef): boolean {
  const index = message.reactions.findIndex((r) => sameEmoji(r.emoji, emoji));
  const reaction = message.reactions[index];
  if (!reaction?.userIds.includes(userId)) return false;
  reaction.userIds = reaction.userIds.filter((id) => id !== userId);
  if (reaction.userIds.length === 0) message.reactions.splice(index, 1);

  const channel = ctx.world.requireChannel(message.channelId);
  if (!botCanView(ctx, channel)) return true;
  const guildId = guildIdOf(channel);
  ctx.gateway.dispatch(GatewayDispatchEvents.MessageReactionRemove, { guildId, intent: reactionIntentFor(channel) }, () => ({
    user_id: userId,
    channel_id: message.channelId,
    message_id: message.id,
    ...(guildId !== null ? { guild_id: guildId } : {}),
    emoji: apiEmoji(reaction.emoji),
    burst: false,
    type: ReactionType.Normal,
  }));
  return true;
}

export function removeAllReactions(ctx: SimContext, message: MessageRecord): void {
  message.reactions = [];
  const channel = ctx.world.requireChannel(message.channelId);
  if (!botCanView(ctx, channel)) return;
  const guildId = guildIdOf(channel);
  ctx.gateway.dispatch(GatewayDispatchEvents.MessageReactionRemoveAll, { guildId, intent: reactionIntentFor(channel) }, () => ({
    channel_id: message.channelId,
    message_id: message.id,
    ...(guildId !== null ? { guild_id: guildId } : {}),
  }));
}

export function removeEmojiReactions(ctx: SimContext, message: MessageRecord, emoji: EmojiRef): void {
  const reaction = message.reactions.find((r) => sameEmoji(r.emoji, emoji));
  if (!reaction) return;
  message.reactions = message.reactions.filter((r) => r !== reaction);
  const channel = ctx.world.requireChannel(message.channelId);
  if (!botCanView(ctx, channel)) return;
  const guildId = guildIdOf(channel);
  ctx.gateway.dispatch(GatewayDispatchEvents.MessageReactionRemoveEmoji, { guildId, intent: reactionIntentFor(channel) }, () => ({
    channel_id: message.channelId,
    message_id: message.id,
    ...(guildId !== null ? { guild_id: guildId } : {}),
    emoji: apiEmoji(reaction.emoji),
  }));
}

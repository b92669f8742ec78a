import { PermissionFlagsBits } from 'discord-api-types/v10';
import { DiscordErrors } from '../../api-errors.js';
import type { SimContext } from '../../context.js';
import { parseEmojiIdentifier, sameEmoji } from '../../state/emoji.js';
import type { EmojiRef, MessageRecord } from '../../state/records.js';
import { addReaction, removeAllReactions, removeEmojiReactions, removeReaction } from '../../ops/reactions.js';
import { apiUser } from '../../payloads/users.js';
import { accessibleChannel, existingMessage, intQuery, requirePermission, snowflakeParam, snowflakeQuery } from '../access.js';
import type { RouteContext, RouteDefinition } from '../types.js';
import { compareSnowflakes } from '../../../lib/snowflake.js';

const MAX_DISTINCT_REACTIONS = 20;
const BASE = '/channels/{channel_id}/messages/{message_id}/reactions';

interface ReactionTarget {
  message: MessageRecord;
  permissions: bigint;
  emoji: EmojiRef | null;
}

function target(sim: SimContext, context: RouteContext): ReactionTarget {
  const { channel, permissions } = accessibleChannel(sim, snowflakeParam(context.params, 'channel_id'));
  const message = existingMessage(sim, channel.id, snowflakeParam(context.params, 'message_id'));
  const raw = context.params.emoji_name;
  return { message, permissions, emoji: raw === undefined ? null : parseEmojiIdentifier(raw) };
}

function requireEmoji(emoji: EmojiRef | null): EmojiRef {
  if (emoji === null) throw DiscordErrors.unknownEmoji();
  return emoji;
}

export const reactionRoutes: readonly RouteDefinition[] = [
  {
    method: 'PUT',
    template: `${BASE}/{emoji_name}/@me`,
    auth: 'bot',
    handler: (context) => {
      const { sim } = context;
      const { message, permissions, emoji } = target(sim, context);
      const reacted = requireEmoji(emoji);
      requirePermission(permissions, PermissionFlagsBits.ReadMessageHistory);
      // Joining an existing reaction needs no ADD_REACTIONS; starting a new one does.
      if (!message.reactions.some((reaction) => sameEmoji(reaction.emoji, reacted))) {
        requirePermission(permissions, PermissionFlagsBits.AddReactions);
        if (message.reactions.length >= MAX_DISTINCT_REACTIONS) throw DiscordErrors.maxReactions();
      }
      addReaction(sim, message, sim.world.botUserId, reacted);
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    template: `${BASE}/{emoji_name}/@me`,
    auth: 'bot',
    handler: (context) => {
      const { message, emoji } = target(context.sim, context);
      removeReaction(context.sim, message, context.sim.world.botUserId, requireEmoji(emoji));
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    template: `${BASE}/{emoji_name}/{user_id}`,
    auth: 'bot',
    handler: (context) => {
      const { message, permissions, emoji } = target(context.sim, context);
      requirePermission(permissions, PermissionFlagsBits.ManageMessages);
      removeReaction(context.sim, message, snowflakeParam(context.params, 'user_id'), requireEmoji(emoji));
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    template: `${BASE}/{emoji_name}`,
    auth: 'bot',
    handler: (context) => {
      const { message, permissions, emoji } = target(context.sim, context);
      requirePermission(permissions, PermissionFlagsBits.ManageMessages);
      removeEmojiReactions(context.sim, message, requireEmoji(emoji));
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    template: BASE,
    auth: 'bot',
    handler: (context) => {
      const { message, permissions } = target(context.sim, context);
      requirePermission(permissions, PermissionFlagsBits.ManageMessages);
      removeAllReactions(context.sim, message);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    template: `${BASE}/{emoji_name}`,
    auth: 'bot',
    handler: (context) => {
      const { sim, query } = context;
      const { message, emoji } = target(sim, context);
      const wanted = requireEmoji(emoji);
      const limit = intQuery(query, 'limit', 25, 1, 100);
      const after = snowflakeQuery(query, 'after') ?? '0';
      // Burst (super) reactions are never created by the fake.
      const burst = query.get('type') === '1';
      const reaction = message.reactions.find((r) => sameEmoji(r.emoji, wanted));
      const userIds = burst || !reaction ? [] : [...reaction.userIds];
      const page = userIds
        .filter((id) => compareSnowflakes(id, after) > 0)
        .sort(compareSnowflakes)
        .slice(0, limit)
        .map((id) => apiUser(sim.world.requireUser(id)));
      return { status: 200, body: page };
    },
  },
];

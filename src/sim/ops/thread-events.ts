/**
 * Thread events: THREAD_UPDATE to the bot, when it can see the thread (after a rename, an archive, or a new message:
 * counts), and thread membership (THREAD_MEMBERS_UPDATE). Apart from channels.ts so that messages.ts (a post in a
 * private thread joins its author) needs no import of channels.ts, which imports messages.ts.
 */
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import { botCanView, now, type SimContext } from '../context.js';
import { apiThread, apiThreadMember } from '../payloads/channels.js';
import type { ThreadRecord } from '../state/records.js';

/** THREAD_UPDATE to the bot, when it can see the thread. */
export function dispatchThreadUpdate(ctx: SimContext, thread: ThreadRecord): void {
  if (!botCanView(ctx, thread)) return;
  const payload = apiThread(ctx.world, thread);
  ctx.gateway.dispatch(GatewayDispatchEvents.ThreadUpdate, { guildId: thread.guildId, intent: GatewayIntentBits.Guilds }, () => payload);
}

/**
 * Someone adds a user to a thread (an invitation, a mention in a private thread, or the user posting there): THREAD_MEMBERS_UPDATE,
 * which Discord sends about other users only to sessions with GUILD_MEMBERS, and about the bot itself always.
 */
export function addThreadMember(ctx: SimContext, threadId: string, userId: string): void {
  const thread = requireThread(ctx, threadId);
  ctx.world.requireMember(thread.guildId, userId);
  if (thread.memberJoinedAt.has(userId)) return;
  thread.memberJoinedAt.set(userId, now(ctx));
  dispatchThreadMembersUpdate(ctx, thread, { added: userId });
}

/** A user leaves a thread or is removed from it: THREAD_MEMBERS_UPDATE with the user among the removed ids. */
export function removeThreadMember(ctx: SimContext, threadId: string, userId: string): void {
  const thread = requireThread(ctx, threadId);
  if (!thread.memberJoinedAt.delete(userId)) return;
  dispatchThreadMembersUpdate(ctx, thread, { removed: userId });
}

function dispatchThreadMembersUpdate(ctx: SimContext, thread: ThreadRecord, change: { added: string } | { removed: string }): void {
  const userId = 'added' in change ? change.added : change.removed;
  const aboutBot = userId === ctx.world.botUserId;
  if (!aboutBot && !botCanView(ctx, thread)) return;
  const intent = aboutBot ? GatewayIntentBits.Guilds : GatewayIntentBits.GuildMembers;
  const member = 'added' in change ? apiThreadMember(thread, change.added) : null;
  ctx.gateway.dispatch(GatewayDispatchEvents.ThreadMembersUpdate, { guildId: thread.guildId, intent }, () => ({
    id: thread.id,
    guild_id: thread.guildId,
    member_count: Math.min(thread.memberJoinedAt.size, 50),
    ...(member ? { added_members: [member] } : { removed_member_ids: [userId] }),
  }));
}

export function requireThread(ctx: SimContext, threadId: string): ThreadRecord {
  const channel = ctx.world.requireChannel(threadId);
  if (channel.kind !== 'thread') throw new Error(`fake-discord: channel ${threadId} is not a thread`);
  return channel;
}

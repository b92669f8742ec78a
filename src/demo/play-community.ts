/**
 * Plays a simulated Community into the fake Discord: creates the guild, channels (the private one hidden from the
 * bot) and members, then performs actions. History (actions before `until`) can be played before the bot connects
 * and the rest live, in accelerated time.
 */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { moderatorsOf, PRIVATE_CHANNEL_ACTIVITY, type Community, type SimAction } from './community.js';
import type { FakeDiscord } from '../sim/index.js';

export interface PlayedCommunity {
  guildId: string;
  /** Discord ids by simulation key. */
  channelIds: Map<string, string>;
  memberIds: Map<string, string>;
  messageIds: Map<string, string>;
  /** Where each message lives (channel or thread id). */
  messageChannel: Map<string, string>;
  privateChannelId: string;
  /** Role that may see the private channel (the members who talk there); the bot does not have it. */
  insiderRoleId: string;
  /** Role with Manage Messages: the guild's moderators. */
  moderatorRoleId: string;
}

const DAY = 86_400_000;

export function createCommunityGuild(fake: FakeDiscord, community: Community, name = 'Attune Demo'): PlayedCommunity {
  const guild = fake.createGuild({ name });
  const played: PlayedCommunity = {
    guildId: guild.id,
    channelIds: new Map(),
    memberIds: new Map(),
    messageIds: new Map(),
    messageChannel: new Map(),
    privateChannelId: '',
    insiderRoleId: '',
    moderatorRoleId: '',
  };
  const insiders = fake.createRole(guild.id, { name: 'regulars', permissions: 0n });
  const moderators = fake.createRole(guild.id, { name: 'moderators', permissions: PermissionFlagsBits.ManageMessages });
  played.insiderRoleId = insiders.id;
  played.moderatorRoleId = moderators.id;
  const moderatorKeys = new Set(moderatorsOf(community).map((m) => m.key));
  for (const member of community.members) {
    const joinedAt = community.start - member.joinedDaysAgo * DAY;
    const roles = [
      ...(member.activity > PRIVATE_CHANNEL_ACTIVITY ? [insiders.id] : []),
      ...(moderatorKeys.has(member.key) ? [moderators.id] : []),
    ];
    const created = fake.addMember(guild.id, { username: member.username }, { joinedAt, roles });
    played.memberIds.set(member.key, created.user.id);
  }
  for (const channel of community.channels) {
    const created = fake.createChannel(guild.id, {
      name: channel.name,
      type: channel.kind === 'forum' ? ChannelType.GuildForum : ChannelType.GuildText,
      // The moderators' room is closed to @everyone, the bot included: attune must never read it.
      ...(channel.kind === 'private'
        ? {
            permissionOverwrites: [
              { id: guild.id, type: 'role' as const, deny: PermissionFlagsBits.ViewChannel },
              { id: insiders.id, type: 'role' as const, allow: PermissionFlagsBits.ViewChannel },
            ],
          }
        : {}),
    });
    played.channelIds.set(channel.key, created.id);
    if (channel.kind === 'private') played.privateChannelId = created.id;
  }
  return played;
}

/**
 * Performs the community's actions with `from <= at < until`, in order. Returns how many were performed.
 * `before` runs ahead of each one (a live simulation moves its clock to the action's time there).
 */
export function playActions(
  fake: FakeDiscord,
  community: Community,
  played: PlayedCommunity,
  from: number,
  until: number,
  before?: (action: SimAction) => void,
): number {
  let count = 0;
  for (const action of community.actions) {
    if (action.at < from || action.at >= until) continue;
    before?.(action);
    if (playAction(fake, played, action)) count += 1;
  }
  return count;
}

export function playAction(fake: FakeDiscord, played: PlayedCommunity, action: SimAction): boolean {
  const member = (key: string) => played.memberIds.get(key) as string;
  switch (action.type) {
    case 'message': {
      const channelId = played.channelIds.get(action.channel) as string;
      const replyTo = action.replyTo ? played.messageIds.get(action.replyTo) : undefined;
      const message = fake.postMessage({
        channelId,
        authorId: member(action.author),
        content: action.content,
        ...(replyTo ? { replyTo } : {}),
        mentions: action.mentions.map(member),
        at: action.at,
      });
      played.messageIds.set(action.key, message.id);
      played.messageChannel.set(action.key, channelId);
      return true;
    }
    case 'forumPost': {
      const { thread, message } = fake.createForumPost(played.channelIds.get(action.channel) as string, {
        name: action.title,
        authorId: member(action.author),
        content: action.content,
        at: action.at,
      });
      played.messageIds.set(action.key, message.id);
      played.messageChannel.set(action.key, thread.id);
      return true;
    }
    case 'threadMessage': {
      const threadId = played.messageChannel.get(action.thread);
      if (!threadId) return false;
      const replyTo = action.replyTo ? played.messageIds.get(action.replyTo) : undefined;
      const message = fake.postMessage({
        channelId: threadId,
        authorId: member(action.author),
        content: action.content,
        ...(replyTo ? { replyTo } : {}),
        at: action.at,
      });
      played.messageIds.set(action.key, message.id);
      played.messageChannel.set(action.key, threadId);
      return true;
    }
    case 'reaction': {
      const messageId = played.messageIds.get(action.message);
      const channelId = played.messageChannel.get(action.message);
      if (!messageId || !channelId) return false;
      return fake.addReaction(channelId, messageId, member(action.user), action.emoji);
    }
  }
}

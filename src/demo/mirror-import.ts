/**
 * Puts an imported guild (what `attune import` wrote to the database) into the fake Discord with the same ids —
 * members, channels, forum threads, messages and reactions — so the real bot can log in over imported data: its
 * start-up backfill finds on "Discord" exactly what the import stored, and commands run in the same guild.
 */
import type Database from 'better-sqlite3';
import { ChannelType } from 'discord-api-types/v10';
import { demoQueries } from '../db/queries/demo.js';
import { guildQueries } from '../db/queries/guilds.js';
import type { FakeDiscord } from '../sim/index.js';
import type { PlayedCommunity } from './play-community.js';

export interface MirroredGuild extends PlayedCommunity {
  name: string;
  posts: number;
  reactions: number;
  /** The newest post's time: the demo's clock starts after it. */
  lastActivityAt: number;
  /** Members by number of posts, most first. */
  activeMemberIds: string[];
}

/** The imported guild with the most posts (null when the database holds none). */
export function busiestImportedGuild(sqlite: Database.Database): string | null {
  return demoQueries(sqlite).busiestGuild() ?? null;
}

const TEXT_KINDS = new Set(['text', 'announcement', 'other']);

export function mirrorImportedGuild(fake: FakeDiscord, sqlite: Database.Database, guildId: string): MirroredGuild {
  const guild = guildQueries(sqlite).guild(guildId);
  if (!guild) throw new Error(`guild ${guildId} is not in the database`);
  const queries = demoQueries(sqlite);
  const created = fake.createGuild({ id: guildId, name: guild.name });
  const played: MirroredGuild = {
    guildId,
    name: guild.name,
    channelIds: new Map(),
    memberIds: new Map(),
    messageIds: new Map(),
    messageChannel: new Map(),
    privateChannelId: '',
    insiderRoleId: '',
    moderatorRoleId: '',
    posts: 0,
    reactions: 0,
    lastActivityAt: 0,
    activeMemberIds: [],
  };
  // The owner fake.createGuild made moderates; imported members keep their ids and join dates.
  played.moderatorRoleId = created.roles[0]?.id ?? '';
  const members = queries.presentMembers(guildId);
  for (const member of members) {
    fake.addMember(guildId, { id: member.id, username: member.username }, member.joinedAt === null ? {} : { joinedAt: member.joinedAt });
    played.memberIds.set(member.id, member.id);
  }
  const present = new Set(members.map((m) => m.id));

  const channels = queries.liveChannels(guildId);
  for (const channel of channels) {
    if (channel.kind !== 'forum' && !TEXT_KINDS.has(channel.kind)) continue;
    fake.createChannel(guildId, { id: channel.id, name: channel.name, type: channel.kind === 'forum' ? ChannelType.GuildForum : ChannelType.GuildText });
    played.channelIds.set(channel.id, channel.id);
  }
  const threads = new Map(channels.filter((c) => c.kind.endsWith('thread')).map((c) => [c.id, c]));

  const posts = queries.memberPosts(guildId);
  const postCounts = new Map<string, number>();
  for (const post of posts) {
    // Posts by members who left or that live where the fake has no channel cannot be shown by a Discord either.
    if (!present.has(post.authorId) || !played.channelIds.has(post.channelId)) continue;
    const where = post.threadId ?? post.channelId;
    if (post.threadId !== null && !played.messageChannel.has(post.threadId) && fake.channel(post.threadId) === null) {
      const thread = threads.get(post.threadId);
      const parentIsForum = channels.find((c) => c.id === post.channelId)?.kind === 'forum';
      if (parentIsForum && post.id === post.threadId) {
        fake.createForumPost(post.channelId, { id: post.id, name: thread?.name ?? 'post', authorId: post.authorId, content: post.content ?? '', at: post.at });
        remember(played, post, where, postCounts);
        continue;
      }
      fake.createThread(post.channelId, { id: post.threadId, name: thread?.name ?? 'thread', ownerId: post.authorId, at: post.at });
    }
    const replyTo = post.replyTo !== null && fake.message(where, post.replyTo) ? post.replyTo : undefined;
    fake.postMessage({ id: post.id, channelId: where, authorId: post.authorId, content: post.content ?? '', at: post.at, ...(replyTo ? { replyTo } : {}) });
    remember(played, post, where, postCounts);
  }

  for (const reaction of queries.reactions(guildId)) {
    const where = played.messageChannel.get(reaction.messageId);
    if (!where || !present.has(reaction.userId)) continue;
    if (fake.addReaction(where, reaction.messageId, reaction.userId, reaction.emoji)) played.reactions += 1;
  }
  played.activeMemberIds = [...postCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  return played;
}

function remember(played: MirroredGuild, post: { id: string; authorId: string; at: number }, where: string, counts: Map<string, number>): void {
  played.messageIds.set(post.id, post.id);
  played.messageChannel.set(post.id, where);
  played.posts += 1;
  played.lastActivityAt = Math.max(played.lastActivityAt, post.at);
  counts.set(post.authorId, (counts.get(post.authorId) ?? 0) + 1);
}

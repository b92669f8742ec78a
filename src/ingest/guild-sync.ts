/**
 * Brings the database in line with a guild as Discord has it now: the guild, its channels and active and recently
 * archived threads, its members (who left while we were away), and every readable channel's history since its
 * checkpoint. Runs on each new gateway session and when the bot joins a guild.
 */
import {
  ChannelType,
  PermissionFlagsBits,
  type AnyThreadChannel,
  type Client,
  type Guild,
  type GuildBasedChannel,
  type GuildTextBasedChannel,
} from 'discord.js';
import type { Logger } from '../ops/log.js';
import type { ActivityStore } from './activity-store.js';
import type { HistoryBackfill } from './backfill.js';
import { channelRecord, guildRecord, memberRecord } from './from-discord.js';
import type { IngestWriter } from './ingest-writer.js';

const DAY = 86_400_000;
/** Channels of one guild backfilled at once; discord.js queues per route, this keeps the global budget calm. */
const CHANNEL_CONCURRENCY = 2;

const THREAD_PARENTS: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
]);

export interface GuildSyncOptions {
  horizonDays: number;
  now: () => number;
}

export class GuildSync {
  private readonly liveChannels = new Set<string>();
  private readonly liveGuilds = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly client: Client,
    private readonly store: ActivityStore,
    private readonly writer: IngestWriter,
    private readonly backfill: HistoryBackfill,
    private readonly log: Logger,
    private readonly options: GuildSyncOptions,
  ) {}

  /** Backfill of this channel finished in this process: its live messages may advance its checkpoint. */
  isLive(channelId: string): boolean {
    return this.liveChannels.has(channelId);
  }

  markLive(channelId: string): void {
    this.liveChannels.add(channelId);
  }

  isGuildLive(guildId: string): boolean {
    return this.liveGuilds.has(guildId);
  }

  forgetGuild(guildId: string): void {
    this.liveGuilds.delete(guildId);
  }

  async syncShard(shardId: number): Promise<void> {
    for (const guild of this.client.guilds.cache.values()) {
      if (guild.shardId === shardId && guild.available) await this.syncGuild(guild);
    }
  }

  /** Resolves when every sync started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  syncGuild(guild: Guild): Promise<void> {
    const existing = this.running.get(guild.id);
    if (existing) return existing;
    const run = this.runSync(guild)
      .catch((error: unknown) => this.log.error({ err: error, guildId: guild.id }, 'guild sync failed'))
      .finally(() => this.running.delete(guild.id));
    this.running.set(guild.id, run);
    return run;
  }

  private async runSync(guild: Guild): Promise<void> {
    const started = this.options.now();
    const now = this.options.now;
    this.writer.enqueue({ kind: 'guild', guild: guildRecord(guild), at: now() });
    for (const channel of guild.channels.cache.values()) this.recordChannel(channel);
    await this.syncMembers(guild);
    await this.markVanishedChannels(guild);
    const threads = await this.archivedThreads(guild);
    for (const thread of threads) this.recordChannel(thread);
    await this.writer.idle();

    const readable = [...guild.channels.cache.values(), ...threads].filter((c) => this.canReadHistory(guild, c));
    let messages = 0;
    await forEachLimited(readable, CHANNEL_CONCURRENCY, async (channel) => {
      try {
        const result = await this.backfill.backfillChannel(channel);
        messages += result.messages;
        this.liveChannels.add(channel.id);
      } catch (error) {
        this.log.warn({ err: error, guildId: guild.id, channelId: channel.id }, 'channel backfill failed; retried on next sync');
      }
    });
    this.liveGuilds.add(guild.id);
    this.log.info(
      { guildId: guild.id, channels: readable.length, messages, ms: this.options.now() - started },
      'guild synced',
    );
  }

  private recordChannel(channel: GuildBasedChannel): void {
    const record = channelRecord(channel);
    if (record) this.writer.enqueue({ kind: 'channel', channel: record, at: this.options.now() });
  }

  /** Everyone in the guild now; whoever we hold as present but is not, left while we were away. */
  private async syncMembers(guild: Guild): Promise<void> {
    const members = await guild.members.fetch().catch((error: unknown) => {
      this.log.warn({ err: error, guildId: guild.id }, 'member list unavailable (is the Server Members intent enabled?)');
      return null;
    });
    if (members === null) return;
    const at = this.options.now();
    for (const member of members.values()) {
      const record = memberRecord(member);
      if (record) this.writer.enqueue({ kind: 'member', member: record, at });
    }
    await this.writer.idle();
    for (const userId of this.store.presentMemberIds(guild.id)) {
      if (!members.has(userId)) this.writer.enqueue({ kind: 'memberLeft', guildId: guild.id, userId, at });
    }
  }

  /**
   * Top-level channels we hold that Discord no longer lists were deleted while we were away. Threads are left
   * alone: archived ones are not listed either, and their deletion arrives as threadDelete.
   */
  private async markVanishedChannels(guild: Guild): Promise<void> {
    await this.writer.idle();
    for (const channel of this.store.liveChannels(guild.id)) {
      if (channel.kind.endsWith('thread') || guild.channels.cache.has(channel.id)) continue;
      this.writer.enqueue({ kind: 'channelDeleted', channelId: channel.id, at: this.options.now() });
    }
  }

  /** Public threads archived within the backfill horizon: their history counts too. */
  private async archivedThreads(guild: Guild): Promise<AnyThreadChannel[]> {
    const since = this.options.now() - this.options.horizonDays * DAY;
    const found: AnyThreadChannel[] = [];
    for (const channel of guild.channels.cache.values()) {
      if (!THREAD_PARENTS.has(channel.type) || !this.canReadHistory(guild, channel)) continue;
      if (!('threads' in channel)) continue;
      let before: Date | undefined;
      for (;;) {
        const page = await channel.threads
          .fetchArchived({ type: 'public', limit: 100, ...(before ? { before } : {}) })
          .catch((error: unknown) => {
            this.log.warn({ err: error, guildId: guild.id, channelId: channel.id }, 'archived threads unavailable');
            return null;
          });
        if (page === null) break;
        let oldest: number | null = null;
        for (const thread of page.threads.values()) {
          const archivedAt = thread.archiveTimestamp ?? 0;
          oldest = oldest === null ? archivedAt : Math.min(oldest, archivedAt);
          if (archivedAt >= since) found.push(thread);
        }
        if (!page.hasMore || oldest === null || oldest < since) break;
        before = new Date(oldest);
      }
    }
    return found;
  }

  private canReadHistory(guild: Guild, channel: GuildBasedChannel): channel is GuildTextBasedChannel {
    if (!channel.isTextBased() || channel.type === ChannelType.GuildVoice || channel.type === ChannelType.GuildStageVoice) {
      return false;
    }
    const me = guild.members.me;
    if (!me) return false;
    return channel.permissionsFor(me).has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.ReadMessageHistory]);
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(runners);
}

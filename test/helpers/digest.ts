/**
 * A guild ready for daily digests, as the digest tests (in-process and resilience) build it: authors whose recent
 * posts make the digest, readers who get it, the `/digest` commands an owner and a member use, and what the bot
 * DMed each member.
 */
import { ApplicationCommandOptionType, type APIMessage } from 'discord-api-types/v10';
import { expect } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.js';
import type { FakeDiscord, InteractionHandle } from '../../src/sim/index.js';
import { registerCommandsIn } from './bot-harness.js';

const HOUR = 3_600_000;

export interface DigestCommunity {
  authors: string[];
  readers: string[];
}

export interface DigestCommunityOptions {
  readers: number;
  /** Posts each of the four authors wrote in the last hours (default 4). */
  postsPerAuthor?: number;
  /** Whether the other authors react to every other post (default true: the popularity ranker has signal). */
  reactions?: boolean;
  /** When members joined (default: the fake's default, now). */
  joinedAt?: number;
  now?: number;
}

/** Four authors (ann, ben, cat, dan) with recent posts, and readers with one post 40 hours ago (active members). */
export function digestCommunity(fake: FakeDiscord, guildId: string, channelId: string, options: DigestCommunityOptions): DigestCommunity {
  const now = options.now ?? Date.now();
  const perAuthor = options.postsPerAuthor ?? 4;
  const joined = options.joinedAt === undefined ? {} : { joinedAt: options.joinedAt };
  const authors = ['ann', 'ben', 'cat', 'dan'].map((username) => fake.addMember(guildId, { username }, joined).user.id);
  const readers = Array.from({ length: options.readers }, (_, i) => fake.addMember(guildId, { username: `reader${i}` }, joined).user.id);
  authors.forEach((author, a) => {
    for (let k = 0; k < perAuthor; k++) {
      const id = fake.postMessage({ channelId, authorId: author, content: `post ${a}.${k}`, at: now - (2 + a * perAuthor + k) * HOUR }).id;
      if (options.reactions === false || (a + k) % 2 !== 0) continue;
      for (const other of authors) if (other !== author) fake.addReaction(channelId, id, other, '👍');
    }
  });
  for (const reader of readers) fake.postMessage({ channelId, authorId: reader, content: 'hello', at: now - 40 * HOUR });
  return { authors, readers };
}

export interface Where {
  guildId: string;
  channelId: string;
}

type OptionValue = { type: ApplicationCommandOptionType; name: string; value: string | number | boolean };

/** `/<name> <sub> …options` as `userId`. */
export function subcommand(fake: FakeDiscord, where: Where, userId: string, name: string, sub: string, options: OptionValue[] = []): InteractionHandle {
  return fake.invokeSlashCommand({
    ...where,
    userId,
    name,
    options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options } as never],
  });
}

/** `/settings digest`: daily at hour 0 (the guild's zone, UTC by default) into `digestChannel`, `size` items per digest. */
export function digestSetup(fake: FakeDiscord, where: Where, ownerId: string, digestChannel: string, size = 3): InteractionHandle {
  return subcommand(fake, where, ownerId, 'settings', 'digest', [
    { type: ApplicationCommandOptionType.Channel, name: 'channel', value: digestChannel },
    { type: ApplicationCommandOptionType.Integer, name: 'hour', value: 0 },
    { type: ApplicationCommandOptionType.Integer, name: 'size', value: size },
  ]);
}

/** `/digest mode dm` as `memberId`. */
export function chooseDmDigest(fake: FakeDiscord, where: Where, memberId: string): InteractionHandle {
  return subcommand(fake, where, memberId, 'digest', 'mode', [{ type: ApplicationCommandOptionType.String, name: 'mode', value: 'dm' }]);
}

/**
 * Registers attune's commands in the guild, then `/settings digest` by the owner (daily at hour 0 UTC into
 * `digestChannel`) and `/digest mode dm` by each member, every answer checked.
 */
export async function setUpDmDigests(
  fake: FakeDiscord,
  where: Where,
  ownerId: string,
  digestChannel: string,
  members: readonly string[],
  { size = 3, timeout = 20_000 }: { size?: number; timeout?: number } = {},
): Promise<void> {
  await registerCommandsIn(fake, where.guildId);
  expect((await digestSetup(fake, where, ownerId, digestChannel, size).firstResponse(timeout)).content).toMatch(/daily digest goes to/);
  for (const member of members) expect((await chooseDmDigest(fake, where, member).firstResponse(timeout)).content).toMatch(/direct message/);
}

/** Setup at hour 0 counts today as done (the hour has passed); this makes today's digest due now. */
export function makeTodaysDigestDue(handle: DatabaseHandle): void {
  handle.sqlite.prepare('UPDATE digest_settings SET last_run_day = NULL').run();
}

/** The messages the bot sent the member by DM. */
export function dmsFromBot(fake: FakeDiscord, memberId: string): APIMessage[] {
  const channel = fake.dmChannelWith(memberId);
  return channel ? fake.messages(channel.id).filter((m) => m.author.id === fake.botUserId) : [];
}

/** The bot's posts in a channel. */
export function botPostsIn(fake: FakeDiscord, channelId: string): APIMessage[] {
  return fake.messages(channelId).filter((m) => m.author.id === fake.botUserId);
}

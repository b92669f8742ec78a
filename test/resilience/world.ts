/**
 * What the resilience tests compare: the fake Discord's truth (messages, reactions) against the bot's database, and
 * the points ledger against the source events that activity should have produced.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { FakeDiscord } from '../../src/sim/index.js';
import { seededRandom } from '../../src/lib/random.js';
import { eventually } from '../helpers/eventually.js';

export interface Truth {
  posts: Set<string>;
  /** `message:user:emoji` */
  reactions: Set<string>;
  /** Ledger source keys the activity pays (or denies): post:<id>, reply:<id>, reaction:<post>:<user>. */
  ledgerKeys: Set<string>;
}

/** The fake's messages and reactions in the given channels, as the bot should have recorded them. */
export function truthOf(fake: FakeDiscord, channelIds: readonly string[]): Truth {
  const posts = new Set<string>();
  const reactions = new Set<string>();
  const ledgerKeys = new Set<string>();
  for (const channelId of channelIds) {
    for (const message of fake.messages(channelId)) {
      if (message.author.bot) continue;
      posts.add(message.id);
      ledgerKeys.add(`post:${message.id}`);
      const repliedTo = message.referenced_message?.author;
      if (repliedTo && !repliedTo.bot) ledgerKeys.add(`reply:${message.id}`);
    }
  }
  return { posts, reactions, ledgerKeys };
}

/** Adds the fake's reactions (who reacted with what) to `truth`; the fake keeps them per message. */
export function addReactionTruth(truth: Truth, reactionLog: Iterable<{ messageId: string; userId: string; emoji: string }>): Truth {
  for (const { messageId, userId, emoji } of reactionLog) {
    truth.reactions.add(`${messageId}:${userId}:${emoji}`);
    // A reaction to a bot's post (attune's own setup message, say) is recorded but pays no one.
    if (truth.posts.has(messageId)) truth.ledgerKeys.add(`reaction:${messageId}:${userId}`);
  }
  return truth;
}

export interface Recorded {
  posts: string[];
  reactions: string[];
  ledgerKeys: string[];
}

/** What the bot committed, read on a fresh read-only connection (the bot process may still be writing). */
export function recordedIn(databasePath: string): Recorded {
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const column = (sql: string) => (sqlite.prepare(sql).pluck().all() as string[]);
    return {
      posts: column(`SELECT id FROM posts WHERE author_is_bot = 0`),
      reactions: column(`SELECT message_id || ':' || user_id || ':' || emoji FROM reactions`),
      ledgerKeys: column(`SELECT source_key FROM points_ledger WHERE reason IN ('post', 'reply_received', 'reaction_received')`),
    };
  } finally {
    sqlite.close();
  }
}

/**
 * Waits until the bot has committed as many posts, reactions and ledger rows as `truth` holds, then checks they are
 * exactly those: every event recorded, none twice, one ledger row per source event.
 */
export async function expectRecordedOnce(databasePath: string, truth: Truth, timeout = 90_000): Promise<void> {
  const recorded = await eventually(
    () => {
      const now = recordedIn(databasePath);
      expect(now.posts.length).toBe(truth.posts.size);
      expect(now.reactions.length).toBe(truth.reactions.size);
      expect(now.ledgerKeys.length).toBe(truth.ledgerKeys.size);
      return now;
    },
    { timeout, interval: 250 },
  );
  expect(new Set(recorded.posts)).toEqual(truth.posts);
  expect(new Set(recorded.reactions)).toEqual(truth.reactions);
  expect(duplicates(recorded.ledgerKeys)).toEqual([]);
  expect(new Set(recorded.ledgerKeys)).toEqual(truth.ledgerKeys);
}

export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}

export interface Burst {
  /** Plays the next `count` events; returns how many were played. */
  play(count: number): number;
  readonly reactions: { messageId: string; userId: string; emoji: string }[];
}

/**
 * A seeded burst of activity: new messages (a fifth of them replies, some mentioning a member) and reactions on
 * recent messages, across the given channels. The burst logs who reacted, so start from messages without reactions.
 */
export function activityBurst(fake: FakeDiscord, channelIds: readonly string[], memberIds: readonly string[], seed: number): Burst {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const emojis = ['👍', '🎉', '🔥'];
  const recent = new Map<string, string[]>(channelIds.map((id) => [id, fake.messages(id).map((m) => m.id)]));
  const reactions: { messageId: string; userId: string; emoji: string }[] = [];
  let n = 0;
  return {
    reactions,
    play(count: number): number {
      for (let played = 0; played < count; played++) {
        const channelId = pick(channelIds);
        const ids = recent.get(channelId) ?? [];
        const author = pick(memberIds);
        if (ids.length < 5 || random() < 0.45) {
          const replyTo = ids.length > 0 && random() < 0.2 ? pick(ids.slice(-50)) : undefined;
          const mention = random() < 0.1 ? pick(memberIds) : undefined;
          const message = fake.postMessage({
            channelId,
            authorId: author,
            content: `burst ${n++}${mention ? ` <@${mention}>` : ''}`,
            ...(replyTo ? { replyTo } : {}),
          });
          ids.push(message.id);
          recent.set(channelId, ids);
        } else {
          const messageId = pick(ids.slice(-200));
          const emoji = pick(emojis);
          if (fake.addReaction(channelId, messageId, author, emoji)) reactions.push({ messageId, userId: author, emoji });
        }
      }
      return count;
    },
  };
}

/**
 * A simulated community: members with latent interests, heavy-tailed activity and social ties, posting, replying,
 * mentioning and reacting across channels over simulated days. Pure and seeded: the same seed gives the same
 * community, so tests, the demo and benchmarks can rely on it. `applyCommunity` plays it into the fake Discord.
 */
import { seededRandom } from '../lib/random.js';

export type SimChannelKind = 'text' | 'forum' | 'private';

export interface SimChannel {
  key: string;
  name: string;
  kind: SimChannelKind;
  /** Index of the latent topic this channel is about. */
  topic: number;
}

export interface SimMember {
  key: string;
  username: string;
  /** Affinity to each topic, summing to 1. */
  interests: number[];
  /** Relative activity (Pareto-distributed: a few members do most of the talking). */
  activity: number;
  /** Members this one replies to and reacts to more than chance would. */
  friends: string[];
  /** Days before the simulation start the member joined (negative: joins during it). */
  joinedDaysAgo: number;
}

export type SimAction =
  | { type: 'message'; key: string; channel: string; author: string; at: number; replyTo: string | null; mentions: string[]; content: string }
  /** A forum post: a thread whose starter message has `key`. */
  | { type: 'forumPost'; key: string; channel: string; author: string; at: number; title: string; content: string }
  /** A message inside the thread started by `thread`. */
  | { type: 'threadMessage'; key: string; thread: string; author: string; at: number; replyTo: string | null; content: string }
  | { type: 'reaction'; message: string; user: string; emoji: string; at: number };

export interface Community {
  seed: number;
  start: number;
  channels: SimChannel[];
  members: SimMember[];
  /** Ordered by time. */
  actions: SimAction[];
}

export interface CommunityOptions {
  seed?: number;
  members?: number;
  days?: number;
  /** Top-level messages per day across the guild (replies and reactions come on top). */
  postsPerDay?: number;
  /** Simulation start (ms); actions fall in [start, start + days). */
  start?: number;
}

const TOPICS = ['general chat', 'art', 'music', 'code', 'games'];
const EMOJIS = ['👍', '❤️', '😂', '🔥', '🎉', '👀', '💯'];
const WORDS = [
  ['morning all', 'what is everyone up to', 'quick question', 'anyone around', 'weekend plans?'],
  ['new sketch', 'watercolour study', 'colour palette help', 'finished the commission', 'line art WIP'],
  ['this album', 'new mix', 'guitar tone', 'playlist swap', 'live set tonight'],
  ['bug hunt', 'refactor done', 'type error again', 'benchmark results', 'release notes'],
  ['speedrun attempt', 'patch notes', 'co-op tonight?', 'boss strategy', 'new season'],
];
const DAY = 86_400_000;

/** Members more active than this are the regulars who also talk in the private channel. */
export const PRIVATE_CHANNEL_ACTIVITY = 2;


function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weightedIndex(random: () => number, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] as number;
    if (r <= 0) return i;
  }
  return weights.length - 1;
}

export function generateCommunity(options: CommunityOptions = {}): Community {
  const seed = options.seed ?? 7;
  const random = seededRandom(seed);
  const memberCount = options.members ?? 24;
  const days = options.days ?? 3;
  const postsPerDay = options.postsPerDay ?? 40;
  const start = options.start ?? Date.now() - days * DAY;

  const channels: SimChannel[] = [
    { key: 'general', name: 'general', kind: 'text', topic: 0 },
    { key: 'art', name: 'art', kind: 'text', topic: 1 },
    { key: 'music', name: 'music', kind: 'text', topic: 2 },
    { key: 'code', name: 'code-help', kind: 'text', topic: 3 },
    { key: 'showcase', name: 'showcase', kind: 'forum', topic: 1 },
    { key: 'games', name: 'games', kind: 'text', topic: 4 },
    { key: 'mods', name: 'mod-room', kind: 'private', topic: 0 },
  ];

  const members: SimMember[] = Array.from({ length: memberCount }, (_, i) => {
    const raw = TOPICS.map(() => random() ** 3);
    const sum = raw.reduce((a, b) => a + b, 0);
    return {
      key: `m${i}`,
      username: `${['ada', 'bo', 'cy', 'dee', 'eli', 'fay', 'gus', 'hana', 'ivo', 'jun', 'kai', 'lu'][i % 12]}${i >= 12 ? i : ''}`,
      interests: raw.map((x) => x / sum),
      // Pareto(alpha = 1.2): heavy-tailed activity.
      activity: 1 / (1 - random()) ** (1 / 1.2),
      friends: [],
      joinedDaysAgo: i === memberCount - 1 ? -1 : Math.floor(30 + random() * 300),
    };
  });
  for (const member of members) {
    const others = members.filter((m) => m !== member);
    // Friends share interests more often than not.
    const scored = others
      .map((m) => ({ m, s: m.interests.reduce((acc, x, t) => acc + x * (member.interests[t] ?? 0), 0) + random() * 0.3 }))
      .sort((a, b) => b.s - a.s);
    member.friends = scored.slice(0, 3).map((x) => x.m.key);
  }

  const activity = members.map((m) => m.activity);
  const actions: SimAction[] = [];
  const recent: { key: string; channel: string; author: string; at: number; thread: string | null }[] = [];
  let counter = 0;
  const nextKey = () => `k${counter++}`;
  const total = postsPerDay * days;

  for (let n = 0; n < total; n++) {
    const at = start + Math.floor(((n + random()) / total) * days * DAY);
    const author = members[weightedIndex(random, activity)] as SimMember;
    if (author.joinedDaysAgo < 0 && at < start + DAY) continue;
    const visible = channels.filter((c) => c.kind !== 'private' || author.activity > PRIVATE_CHANNEL_ACTIVITY);
    const channel = visible[weightedIndex(random, visible.map((c) => 0.1 + (author.interests[c.topic] ?? 0)))] as SimChannel;
    const words = pick(random, WORDS[channel.topic] ?? WORDS[0]!);
    const key = nextKey();
    if (channel.kind === 'forum') {
      actions.push({ type: 'forumPost', key, channel: channel.key, author: author.key, at, title: words, content: `${words} (${n})` });
      recent.push({ key, channel: channel.key, author: author.key, at, thread: key });
    } else {
      const friendPost = recent.filter((r) => r.channel === channel.key && author.friends.includes(r.author)).at(-1);
      const replyTo = friendPost && random() < 0.5 ? friendPost.key : null;
      const mentions = random() < 0.1 ? [pick(random, author.friends)] : [];
      actions.push({ type: 'message', key, channel: channel.key, author: author.key, at, replyTo, mentions, content: `${words} (${n})` });
      recent.push({ key, channel: channel.key, author: author.key, at, thread: null });
    }

    // Reactions and thread replies from members interested in the channel, friends of the author more likely.
    for (const reactor of members) {
      if (reactor === author) continue;
      const affinity = (reactor.interests[channel.topic] ?? 0) * (reactor.friends.includes(author.key) ? 3 : 1);
      if (channel.kind === 'private' && reactor.activity <= PRIVATE_CHANNEL_ACTIVITY) continue;
      if (random() < 0.12 * affinity * Math.min(reactor.activity, 4)) {
        actions.push({ type: 'reaction', message: key, user: reactor.key, emoji: pick(random, EMOJIS), at: at + Math.floor(random() * 6 * 3_600_000) });
      }
      if (channel.kind === 'forum' && random() < 0.08 * affinity * Math.min(reactor.activity, 4)) {
        const replyKey = nextKey();
        actions.push({ type: 'threadMessage', key: replyKey, thread: key, author: reactor.key, at: at + Math.floor(random() * 12 * 3_600_000), replyTo: random() < 0.5 ? key : null, content: `nice work on ${words}` });
      }
    }
  }
  actions.sort((a, b) => a.at - b.at);
  return { seed, start, channels, members, actions };
}

/** The guild's moderators: its most active members, one per dozen (at least one). Derived, so no extra draws. */
export function moderatorsOf(community: Pick<Community, 'members'>): SimMember[] {
  const count = Math.max(1, Math.round(community.members.length / 12));
  return [...community.members].sort((a, b) => b.activity - a.activity || a.key.localeCompare(b.key)).slice(0, count);
}

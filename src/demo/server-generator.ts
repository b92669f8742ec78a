/**
 * Generated Discord servers shaped like real ones, for the quality benchmark and for scale tests: a busy server
 * (100+ text channels, heavy-tailed authors, conversation by mentions more than by the reply button, few
 * reactions, members who keep to a few channels and a few people) or a forum-heavy one (most activity in forum
 * posts). Pure and seeded; it streams its records to a sink (server-jsonl.ts writes attune JSONL), so a million
 * messages fit in memory as typed arrays.
 *
 * The planted structure is what real servers show, each with noise, and none of it is read off any ranker:
 * - channel habits: each member posts in a few channels (drawn by channel popularity, Zipf), sometimes elsewhere;
 * - people habits: each member has a few friends among the regulars of their channels, whom they answer, mention
 *   and react to more than chance;
 * - popularity: every message has a heavy-tailed appeal (log-normal) that draws reactions, answers and thread posts;
 * - recency: answers go to recent messages (minutes in a chat, a day or two in a forum post);
 * - thread participation: members come back to the threads and forum posts they are in;
 * - time: a daily rhythm, members joining over the period, many members who mostly react.
 */
import { seededRandom } from '../lib/random.js';
import { timeToSnowflake } from '../ingest/records.js';

export type ServerShape = 'busy' | 'forum';

export interface ServerOptions {
  shape: ServerShape;
  /** Messages in all (top-level, in threads and forum posts). */
  messages: number;
  seed?: number;
  /** Days the history spans (default 90). */
  days?: number;
  /** First day (epoch ms, default 2025-01-01). */
  start?: number;
  /** Members (default one per 40 messages, at least 50). */
  members?: number;
}

export interface GeneratedMember {
  id: string;
  name: string;
  joinedAt: number;
}
export interface GeneratedChannel {
  id: string;
  name: string;
  kind: 'text' | 'forum' | 'thread';
  parent: string | null;
}
export interface GeneratedMessage {
  id: string;
  /** The channel the message is in: its thread or forum post, or its text channel. */
  channel: string;
  author: string;
  at: number;
  replyTo: string | null;
  mentions: string[];
}
export interface GeneratedReaction {
  message: string;
  channel: string;
  user: string;
  at: number;
}

/** Receives the server in an importable order: members and channels first, messages by time, reactions last. */
export interface ServerSink {
  member(member: GeneratedMember): void;
  channel(channel: GeneratedChannel): void;
  message(message: GeneratedMessage): void;
  reaction(reaction: GeneratedReaction): void;
}

export interface GeneratedSummary {
  members: number;
  channels: number;
  threads: number;
  messages: number;
  replies: number;
  mentions: number;
  reactions: number;
}

interface ShapeParameters {
  textChannels: number;
  forumChannels: number;
  /** Share of messages posted in forum posts (new posts and posts in them). */
  forumShare: number;
  /** Of forum messages, the share that start a new forum post. */
  newForumPost: number;
  /** Chance that a chat message answers a recent one (else it starts something). */
  answer: number;
  /** How an answer is linked: Discord's reply button, a mention of the author, or nothing (plain follow-up). */
  replyButton: number;
  mention: number;
  /** Mean reactions per message of average appeal. */
  reactionsPerMessage: number;
  /** Chance that a chat message starts a thread, and that a chat message goes to an active thread instead. */
  threadStart: number;
  threadPost: number;
}

const SHAPES: Record<ServerShape, ShapeParameters> = {
  busy: {
    textChannels: 108, forumChannels: 3, forumShare: 0.06, newForumPost: 0.2, answer: 0.6, replyButton: 0.3, mention: 0.3,
    reactionsPerMessage: 0.25, threadStart: 0.004, threadPost: 0.04,
  },
  forum: {
    textChannels: 8, forumChannels: 14, forumShare: 0.75, newForumPost: 0.08, answer: 0.5, replyButton: 0.15, mention: 0.2,
    reactionsPerMessage: 0.6, threadStart: 0.002, threadPost: 0.02,
  },
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EMOJI = ['👍', '❤️', '😂', '🔥', '🎉', '👀', '💯', '🙏'];

/** Sampling from fixed weights in O(log n) (cumulative sums, binary search). */
class WeightedSampler {
  private readonly cumulative: Float64Array;
  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) this.cumulative[i] = total += weights[i] as number;
  }
  sample(random: () => number): number {
    const c = this.cumulative;
    const value = random() * (c[c.length - 1] as number);
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((c[mid] as number) > value) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function pickWeighted(random: () => number, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] as number;
    if (r <= 0) return i;
  }
  return weights.length - 1;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function poisson(random: () => number, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** Message times over the period: a daily rhythm (busiest in the evening UTC), slightly growing, sorted. */
function messageTimes(random: () => number, count: number, start: number, days: number): Float64Array {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    for (;;) {
      const t = random() * days * DAY;
      const hour = (t % DAY) / HOUR;
      const intensity = (1 + 0.7 * Math.sin((2 * Math.PI * (hour - 13)) / 24)) * (0.8 + (0.4 * t) / (days * DAY));
      if (random() * 2.04 < intensity) {
        times[i] = start + Math.floor(t);
        break;
      }
    }
  }
  return times.sort();
}

/** A recent message a member may answer, and its weight factors. */
interface Open {
  message: number;
  at: number;
}

export function generateServer(options: ServerOptions, sink: ServerSink): GeneratedSummary {
  const shape = SHAPES[options.shape];
  const random = seededRandom(options.seed ?? 1);
  const days = options.days ?? 90;
  const start = options.start ?? Date.parse('2025-01-01T00:00:00Z');
  const total = options.messages;
  const memberCount = options.members ?? Math.max(50, Math.round(total / 40));
  let sequence = 0;
  const snowflake = (at: number) => (BigInt(timeToSnowflake(at)) | BigInt(sequence++ & 0x3fffff)).toString();

  // Channels: text channels and forums, popularity Zipf over a shuffled order.
  const channelCount = shape.textChannels + shape.forumChannels;
  const isForum = new Uint8Array(channelCount);
  const channelIds: string[] = [];
  const channelPopularity = new Float64Array(channelCount);
  const rank = Array.from({ length: channelCount }, (_, i) => i);
  for (let i = channelCount - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rank[i], rank[j]] = [rank[j] as number, rank[i] as number];
  }
  for (let c = 0; c < channelCount; c++) {
    isForum[c] = c >= shape.textChannels ? 1 : 0;
    channelPopularity[c] = 1 / Math.pow((rank[c] as number) + 1, 1.1);
    channelIds.push(snowflake(start - 400 * DAY + c * HOUR));
    sink.channel({ id: channelIds[c] as string, name: `${isForum[c] ? 'forum' : 'chat'}-${c}`, kind: isForum[c] ? 'forum' : 'text', parent: null });
  }
  const forumChannels = [...isForum.keys()].filter((c) => isForum[c]);
  const textChannels = [...isForum.keys()].filter((c) => !isForum[c]);
  const popularSampler = new WeightedSampler(channelPopularity);

  // Members: heavy-tailed activity (Pareto α 1.1) with a third who mostly react; join times spread over a year
  // before the start, a fifth joining during the period; a few channels each, a few friends among their regulars.
  const memberIds: string[] = [];
  const activity = new Float64Array(memberCount);
  const reactivity = new Float64Array(memberCount);
  const joinedAt = new Float64Array(memberCount);
  const habits: { channels: number[]; weights: number[] }[] = [];
  const regulars: number[][] = Array.from({ length: channelCount }, () => []);
  for (let m = 0; m < memberCount; m++) {
    const lurker = random() < 0.35;
    activity[m] = (lurker ? 0.05 : 1) / Math.pow(1 - random(), 1 / 1.1);
    reactivity[m] = 0.2 + random() * 2;
    joinedAt[m] = random() < 0.2 ? start + random() * days * DAY * 0.9 : start - random() * 365 * DAY;
    const id = snowflake(Math.min(joinedAt[m] as number, start) - 500 * DAY + m);
    memberIds.push(id);
    const count = 1 + Math.min(7, Math.floor(-Math.log(1 - random()) * 2.2));
    const channels = new Set<number>();
    while (channels.size < count) channels.add(popularSampler.sample(random));
    const chosen = [...channels];
    habits.push({ channels: chosen, weights: chosen.map(() => 0.2 + random() ** 2) });
    for (const c of chosen) regulars[c]?.push(m);
    sink.member({ id, name: `member${m}`, joinedAt: joinedAt[m] as number });
  }
  const friends: number[][] = [];
  for (let m = 0; m < memberCount; m++) {
    const mine = habits[m] as { channels: number[] };
    const set = new Set<number>();
    const wanted = 2 + Math.floor(random() * 9);
    for (let tries = 0; tries < wanted * 4 && set.size < wanted; tries++) {
      const pool = regulars[mine.channels[Math.floor(random() * mine.channels.length)] as number] as number[];
      const f = random() < 0.85 && pool.length > 1 ? (pool[Math.floor(random() * pool.length)] as number) : Math.floor(random() * memberCount);
      if (f !== m) set.add(f);
    }
    friends.push([...set]);
  }
  const isFriend = (a: number, b: number) => (friends[a] as number[]).includes(b);
  const authorSampler = new WeightedSampler(activity);
  /** Members there from the start: who posts when the one drawn has not joined yet. */
  const founders = [...joinedAt.keys()].filter((m) => (joinedAt[m] as number) <= start);
  if (founders.length === 0) founders.push(0);

  // Messages, in time order.
  const times = messageTimes(random, total, start, days);
  const author = new Int32Array(total);
  const place = new Int32Array(total); // index into `places`
  const appeal = new Float32Array(total);
  const ids: string[] = new Array<string>(total);
  /** Places a message can be in: the channels, then threads and forum posts as they are created. */
  const placeIds = [...channelIds];
  const placeParent: number[] = channelIds.map(() => -1);
  const placeAt: number[] = channelIds.map(() => start - 400 * DAY);
  const placeLast: number[] = channelIds.map(() => 0);
  const placeSize: number[] = channelIds.map(() => 0);
  const placeStarter: number[] = channelIds.map(() => -1);
  const participants: Set<number>[] = channelIds.map(() => new Set());
  const recent: Open[][] = channelIds.map(() => []);
  /** Open threads per channel (places), most recent last. */
  const openThreads: number[][] = channelIds.map(() => []);
  const summary: GeneratedSummary = { members: memberCount, channels: channelCount, threads: 0, messages: 0, replies: 0, mentions: 0, reactions: 0 };
  const reactionMessage: number[] = [];
  const reactionUser: number[] = [];
  const reactionAt: number[] = [];

  const openPlace = (parent: number, at: number, starter: number): number => {
    const p = placeIds.length;
    placeIds.push(starter >= 0 ? (ids[starter] as string) : snowflake(at));
    placeParent.push(parent);
    placeAt.push(at);
    placeLast.push(at);
    placeSize.push(0);
    placeStarter.push(starter);
    participants.push(new Set());
    recent.push([]);
    openThreads.push([]);
    (openThreads[parent] as number[]).push(p);
    summary.threads++;
    return p;
  };

  /** A recent message of `p` to answer: recency (half-life `halfLife`), appeal, and friendship weigh in. */
  const answerTarget = (p: number, a: number, at: number, halfLife: number): number => {
    const list = (recent[p] as Open[]).filter((o) => at - o.at < 8 * halfLife);
    recent[p] = list.slice(-40);
    if (list.length === 0) return -1;
    const weights = list.map((o) => {
      const other = author[o.message] as number;
      if (other === a) return 0;
      return Math.pow(2, -(at - o.at) / halfLife) * (0.5 + (appeal[o.message] as number)) * (isFriend(a, other) ? 4 : 1);
    });
    if (!weights.some((w) => w > 0)) return -1;
    return (list[pickWeighted(random, weights)] as Open).message;
  };

  /**
   * A thread or forum post of `parent` to post in: young and recently active (a post is answered in its first days),
   * appealing, somewhat popular, already joined, a friend's.
   */
  const threadFor = (parent: number, a: number, at: number, halfLife: number): number => {
    const list = (openThreads[parent] as number[]).filter((t) => at - (placeLast[t] as number) < 10 * halfLife);
    openThreads[parent] = list.slice(-200);
    if (list.length === 0) return -1;
    const weights = list.map((t) => {
      const starter = placeStarter[t] as number;
      const starterAuthor = starter >= 0 ? (author[starter] as number) : -1;
      return (
        Math.pow(2, -(at - (placeAt[t] as number)) / (2 * halfLife) - (at - (placeLast[t] as number)) / halfLife) *
        Math.pow(1 + (placeSize[t] as number), 0.3) *
        (0.5 + (starter >= 0 ? (appeal[starter] as number) : 1)) *
        ((participants[t] as Set<number>).has(a) ? 4 : 1) *
        (starterAuthor >= 0 && isFriend(a, starterAuthor) ? 3 : 1)
      );
    });
    return list[pickWeighted(random, weights)] as number;
  };

  const chooseChannel = (a: number, forum: boolean): number => {
    const mine = habits[a] as { channels: number[]; weights: number[] };
    const candidates = mine.channels.map((c, i) => ((isForum[c] === 1) === forum ? (mine.weights[i] as number) : 0));
    if (random() < 0.85 && candidates.some((w) => w > 0)) return mine.channels[pickWeighted(random, candidates)] as number;
    const pool = forum ? forumChannels : textChannels;
    return pool[pickWeighted(random, pool.map((c) => channelPopularity[c] as number))] as number;
  };

  for (let i = 0; i < total; i++) {
    const at = times[i] as number;
    let a = authorSampler.sample(random);
    for (let tries = 0; tries < 20 && (joinedAt[a] as number) > at; tries++) a = authorSampler.sample(random);
    if ((joinedAt[a] as number) > at) a = founders[Math.floor(random() * founders.length)] as number;
    author[i] = a;
    appeal[i] = Math.exp(0.9 * gaussian(random));
    let p: number;
    let replyTo = -1;
    const mentions: number[] = [];
    const inForum = forumChannels.length > 0 && random() < shape.forumShare;
    if (inForum) {
      const forum = chooseChannel(a, true);
      const thread = random() < shape.newForumPost ? -1 : threadFor(forum, a, at, 1.5 * DAY);
      if (thread < 0) {
        ids[i] = snowflake(at);
        p = openPlace(forum, at, i);
        sink.channel({ id: placeIds[p] as string, name: `post ${i}`, kind: 'thread', parent: channelIds[forum] as string });
      } else {
        p = thread;
        if (random() < shape.replyButton) replyTo = answerTarget(p, a, at, 6 * HOUR);
      }
    } else {
      const channel = chooseChannel(a, false);
      const thread = random() < shape.threadPost ? threadFor(channel, a, at, 6 * HOUR) : -1;
      p = thread >= 0 ? thread : channel;
      if (random() < shape.answer) {
        const target = answerTarget(p, a, at, thread >= 0 ? 2 * HOUR : 20 * 60_000);
        if (target >= 0) {
          const how = random();
          if (how < shape.replyButton) replyTo = target;
          else if (how < shape.replyButton + shape.mention) mentions.push(author[target] as number);
        }
      }
      if (mentions.length === 0 && replyTo < 0 && random() < 0.04) {
        const mine = friends[a] as number[];
        if (mine.length > 0) mentions.push(mine[Math.floor(random() * mine.length)] as number);
      }
    }
    ids[i] ??= snowflake(at);
    place[i] = p;
    placeLast[p] = at;
    placeSize[p] = (placeSize[p] as number) + 1;
    (participants[p] as Set<number>).add(a);
    (recent[p] as Open[]).push({ message: i, at });
    if (replyTo >= 0) summary.replies++;
    summary.mentions += mentions.length;
    sink.message({
      id: ids[i] as string,
      channel: placeIds[p] as string,
      author: memberIds[a] as string,
      at,
      replyTo: replyTo >= 0 ? (ids[replyTo] as string) : null,
      mentions: mentions.map((m) => memberIds[m] as string),
    });
    summary.messages++;

    // A chat message may start a thread (its id is the message's, as on Discord).
    if (!inForum && (placeParent[p] as number) < 0 && random() < shape.threadStart) {
      const thread = openPlace(p, at, i);
      sink.channel({ id: placeIds[thread] as string, name: `thread ${i}`, kind: 'thread', parent: channelIds[p] as string });
    }

    // Reactions: appeal × the server's rate; from friends of the author, regulars of the channel, anyone.
    const channel = (placeParent[p] as number) >= 0 ? (placeParent[p] as number) : p;
    const count = poisson(random, shape.reactionsPerMessage * (appeal[i] as number));
    const reacted = new Set<number>();
    for (let r = 0; r < count; r++) {
      const source = random();
      const pool = source < 0.4 ? (friends[a] as number[]) : source < 0.9 ? (regulars[channel] as number[]) : null;
      const user = pool && pool.length > 0 ? (pool[Math.floor(random() * pool.length)] as number) : Math.floor(random() * memberCount);
      if (user === a || reacted.has(user) || random() > Math.min(1, reactivity[user] as number)) continue;
      const when = at + Math.floor(-Math.log(1 - random()) * (inForum ? 8 : 2) * HOUR);
      if ((joinedAt[user] as number) > when) continue;
      reacted.add(user);
      reactionMessage.push(i);
      reactionUser.push(user);
      reactionAt.push(when);
    }
  }

  const order = reactionAt.map((_, r) => r).sort((x, y) => (reactionAt[x] as number) - (reactionAt[y] as number));
  for (const r of order) {
    const message = reactionMessage[r] as number;
    sink.reaction({
      message: ids[message] as string,
      channel: placeIds[place[message] as number] as string,
      user: memberIds[reactionUser[r] as number] as string,
      at: reactionAt[r] as number,
    });
  }
  summary.reactions = order.length;
  return summary;
}

/**
 * Generated servers shaped like busy real ones, written straight into a database (an import of a million messages
 * through `attune import` would measure the importer, not the ranker). Two shapes:
 *
 * - `chat`: 100+ text channels of Zipf-distributed popularity and a few forums; members with heavy-tailed
 *   (Pareto) activity, one to four home channels and a circle of friends, who join and drift away over time;
 *   messages arrive in bursts (a channel that just had a message is likelier to get the next), a daily cycle;
 *   about a third are replies (mostly to the last few messages of the channel, by friends and the people already
 *   talking), a few mention someone, few get reactions, some spawn threads;
 * - `forum`: mostly forum channels, whose posts are threads that draw replies over hours to days from members
 *   interested in the forum, the starter's friends and those already in the thread; a couple of chat channels.
 *
 * Pure and seeded (src/lib/random.ts): the same options give the same server. Rows are written as the bot writes
 * them (posts with reply_to_author_id, mentions, reactions, thread co-participation pairs).
 */
import type Database from 'better-sqlite3';
import { seededRandom } from '../src/lib/random.js';

export type ServerShape = 'chat' | 'forum';

export interface GeneratedServerOptions {
  shape: ServerShape;
  messages: number;
  members: number;
  days: number;
  seed: number;
  /** The last message is before this (epoch ms). */
  end: number;
}

export interface GeneratedServer {
  guildId: string;
  start: number;
  end: number;
  counts: { posts: number; reactions: number; mentions: number; threads: number; coThreadPairs: number };
}

const GUILD = '700000000000000001';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Channel {
  id: string;
  forum: boolean;
  popularity: number;
  /** Time of the channel's latest message (burstiness). */
  lastAt: number;
  /** Recent messages (post index), newest last, at most RECENT. */
  recent: number[];
  /** Recent threads of a forum (or a text channel's threads), newest last. */
  threads: number[];
}

interface Member {
  id: string;
  activity: number;
  homes: number[];
  friends: Set<number>;
  joinAt: number;
  leaveAt: number;
}

interface Thread {
  id: string;
  channel: number;
  starter: number;
  heat: number;
  lastAt: number;
  /** Posters, least recently active first (a Set keeps insertion order; a poster is re-added on each post). */
  posters: Set<number>;
}

const RECENT = 12;
const CO_THREAD_PARTNERS = 50;

export function generateServer(sqlite: Database.Database, options: GeneratedServerOptions): GeneratedServer {
  const random = seededRandom(options.seed);
  const start = options.end - options.days * DAY;
  const pareto = (alpha: number) => 1 / Math.pow(1 - random(), 1 / alpha);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const weighted = (weights: readonly number[]): number => {
    let total = 0;
    for (const w of weights) total += w;
    let r = random() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r <= 0) return i;
    }
    return weights.length - 1;
  };

  const forumShape = options.shape === 'forum';
  const textCount = forumShape ? 3 : 110;
  const forumCount = forumShape ? 12 : 4;
  const channels: Channel[] = [];
  for (let c = 0; c < textCount + forumCount; c++) {
    channels.push({
      id: String(710000000000000000n + BigInt(c)),
      forum: c >= textCount,
      // Zipf popularity: a few channels carry most of the talk.
      popularity: 1 / Math.pow(1 + (c < textCount ? c : c - textCount), forumShape ? 0.8 : 1.1),
      lastAt: -Infinity,
      recent: [],
      threads: [],
    });
  }
  const channelWeights = channels.map((c) => (forumShape ? (c.forum ? 4 : 1) : c.forum ? 0.6 : 1) * c.popularity);

  const members: Member[] = [];
  for (let m = 0; m < options.members; m++) {
    const homeCount = 1 + Math.min(3, Math.floor(pareto(1.5)) - 1);
    const homes: number[] = [];
    while (homes.length < homeCount) {
      const c = weighted(channelWeights);
      if (!homes.includes(c)) homes.push(c);
    }
    // Members join before or during the history and drift away after a heavy-tailed time.
    const joinAt = start - 200 * DAY * random() + (random() < 0.4 ? random() * options.days * DAY : 0);
    members.push({
      id: String(720000000000000000n + BigInt(m)),
      activity: pareto(1.1),
      homes,
      friends: new Set(),
      joinAt,
      leaveAt: joinAt + 20 * DAY * pareto(0.8),
    });
  }
  // Friends: members who share a home channel, a handful each (and both ways).
  const byHome: number[][] = channels.map(() => []);
  members.forEach((m, i) => m.homes.forEach((c) => byHome[c]!.push(i)));
  members.forEach((m, i) => {
    for (let f = 0; f < 4; f++) {
      const pool = byHome[pick(m.homes)]!;
      const other = pick(pool);
      if (other !== i) {
        m.friends.add(other);
        members[other]!.friends.add(i);
      }
    }
  });
  const regulars = channels.map((_, c) => byHome[c]!);

  const insertChannel = sqlite.prepare(
    `INSERT INTO channels (id, guild_id, parent_id, name, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPost = sqlite.prepare(
    `INSERT INTO posts (id, guild_id, channel_id, thread_id, author_id, created_at, reply_to_id, reply_to_author_id, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'import')`,
  );
  const insertMention = sqlite.prepare(`INSERT OR IGNORE INTO mentions (message_id, user_id, guild_id, at) VALUES (?, ?, ?, ?)`);
  const insertReaction = sqlite.prepare(
    `INSERT OR IGNORE INTO reactions (message_id, user_id, emoji, guild_id, at) VALUES (?, ?, ?, ?, ?)`,
  );
  const insertCoThread = sqlite.prepare(
    `INSERT OR IGNORE INTO thread_co_participation (thread_id, member_a, member_b, guild_id, at) VALUES (?, ?, ?, ?, ?)`,
  );
  const counts = { posts: 0, reactions: 0, mentions: 0, threads: 0, coThreadPairs: 0 };
  const channelOfPost = new Int32Array(options.messages).fill(-1);

  const fill = sqlite.transaction(() => {
    sqlite.prepare(`INSERT INTO guilds (id, name, joined_at, updated_at) VALUES (?, ?, ?, ?)`).run(GUILD, `generated ${options.shape}`, start, start);
    channels.forEach((c, i) => insertChannel.run(c.id, GUILD, null, `${c.forum ? 'forum' : 'chat'}-${i}`, c.forum ? 'forum' : 'text', start - 400 * DAY, start));
    const insertMember = sqlite.prepare(`INSERT INTO members (guild_id, user_id, username, joined_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
    members.forEach((m, i) => insertMember.run(GUILD, m.id, `member${i}`, Math.round(m.joinAt), start));

    const authors = new Int32Array(options.messages);
    const postIds: string[] = new Array(options.messages);
    const threads: Thread[] = [];
    const activeAt = (m: Member, at: number) => at >= m.joinAt && at < m.leaveAt;
    // Authors are drawn per channel from its regulars weighted by activity; a drawn member who is not around (not
    // joined yet, or gone) is replaced by someone else from the channel (a few tries) or from anywhere.
    const drawAuthor = (channel: number, at: number, exclude: number): number => {
      const pool = regulars[channel]!;
      for (let attempt = 0; attempt < 8; attempt++) {
        const candidate = pool.length > 0 && random() < 0.85 ? pool[Math.floor(random() * pool.length)]! : Math.floor(random() * members.length);
        const m = members[candidate]!;
        if (candidate !== exclude && activeAt(m, at) && random() < Math.min(1, m.activity / 4)) return candidate;
      }
      return Math.floor(random() * members.length);
    };

    let at = start;
    const meanGap = (options.days * DAY) / options.messages;
    for (let p = 0; p < options.messages; p++) {
      // A daily cycle: twice as busy in the evening as at night.
      const hour = ((at % DAY) / HOUR + 24) % 24;
      const rate = 1 + 0.5 * Math.sin(((hour - 14) / 24) * 2 * Math.PI);
      at += -Math.log(1 - random()) * meanGap / rate;
      const time = Math.round(at);

      // The channel: burstiness (recently active channels are likelier) over base popularity.
      let c: number;
      const previous = p > 0 ? channelOfPost[p - 1]! : -1;
      if (previous >= 0 && random() < 0.55) c = previous;
      else c = weighted(channelWeights);
      const channel = channels[c]!;
      channelOfPost[p] = c;

      // The author: someone already talking in the channel (a conversation), or a regular.
      let author: number;
      const lastSpeaker = channel.recent.length > 0 ? authors[channel.recent[channel.recent.length - 1]!]! : -1;
      if (channel.recent.length > 0 && time - channel.lastAt < 30 * 60_000 && random() < 0.6) {
        const talking = channel.recent.map((q) => authors[q]!).filter((a) => a !== lastSpeaker);
        const friendsOfLast = lastSpeaker >= 0 ? [...members[lastSpeaker]!.friends].filter((f) => activeAt(members[f]!, time)) : [];
        author = talking.length > 0 && random() < 0.6 ? pick(talking) : friendsOfLast.length > 0 && random() < 0.5 ? pick(friendsOfLast) : drawAuthor(c, time, lastSpeaker);
      } else author = drawAuthor(c, time, -1);
      authors[p] = author;
      const member = members[author]!;
      const id = String(730000000000000000n + BigInt(p));
      postIds[p] = id;

      // Where it goes: a new forum post, a reply in a forum thread, a message in a text channel's thread, or the channel.
      let thread = -1;
      if (channel.forum) {
        const open = channel.threads.filter((t) => time - threads[t]!.lastAt < 4 * DAY);
        if (open.length === 0 || random() < (forumShape ? 0.02 : 0.1)) thread = -2;
        else {
          // Threads with more recent activity, where the author's friends or the author already are, draw replies.
          const weights = open.map((t) => {
            const th = threads[t]!;
            const social = th.posters.has(author) ? 4 : [...member.friends].some((f) => th.posters.has(f)) ? 2 : 1;
            return (th.heat * social) / (1 + (time - th.lastAt) / (6 * HOUR));
          });
          thread = open[weighted(weights)]!;
        }
      } else if (channel.threads.length > 0 && random() < 0.08) {
        const t = channel.threads[channel.threads.length - 1]!;
        if (time - threads[t]!.lastAt < DAY) thread = t;
      }
      if (thread === -2 || (!channel.forum && random() < 0.004)) {
        // A new thread: a forum post (its starter message has the thread's id, as Discord makes it), or a thread
        // opened from a channel message.
        thread = threads.length;
        threads.push({ id, channel: c, starter: p, heat: pareto(1.3), lastAt: time, posters: new Set() });
        channel.threads.push(thread);
        if (channel.threads.length > 50) channel.threads.shift();
        insertChannel.run(id, GUILD, channel.id, `thread-${thread}`, 'public_thread', time, time);
        counts.threads++;
      }

      // Reply: in a thread, to its starter or a recent message there; in a channel, to one of the last messages,
      // likelier to a friend's or to whoever spoke last.
      let replyTo = -1;
      if (thread >= 0 && threads[thread]!.starter !== p) {
        const th = threads[thread]!;
        replyTo = random() < 0.5 ? th.starter : -1;
      } else if (thread < 0 && channel.recent.length > 0 && random() < 0.35) {
        const weights = channel.recent.map((q, i) => {
          const a = authors[q]!;
          if (a === author) return 0;
          return (member.friends.has(a) ? 3 : 1) * (i + 1);
        });
        if (weights.some((w) => w > 0)) replyTo = channel.recent[weighted(weights)]!;
      }
      const threadId = thread >= 0 ? threads[thread]!.id : null;
      insertPost.run(id, GUILD, channel.id, threadId, member.id, time, replyTo >= 0 ? postIds[replyTo] : null, replyTo >= 0 ? members[authors[replyTo]!]!.id : null);
      counts.posts++;
      if (thread >= 0) {
        const th = threads[thread]!;
        th.lastAt = time;
        // As the bot records it: the poster is paired with the thread's 50 most recently active other posters.
        th.posters.delete(author);
        let partners = 0;
        for (const other of [...th.posters].reverse()) {
          if (partners++ === CO_THREAD_PARTNERS) break;
          const [a, b] = [members[other]!.id, member.id].sort();
          counts.coThreadPairs += insertCoThread.run(th.id, a, b, GUILD, time).changes;
        }
        th.posters.add(author);
      } else {
        channel.recent.push(p);
        if (channel.recent.length > RECENT) channel.recent.shift();
      }
      channel.lastAt = time;

      // Mentions: a friend, or someone in the conversation.
      if (random() < 0.07) {
        const talking = channel.recent.map((q) => authors[q]!).filter((a) => a !== author);
        const target = talking.length > 0 && random() < 0.6 ? pick(talking) : member.friends.size > 0 ? pick([...member.friends]) : -1;
        if (target >= 0 && target !== author) {
          insertMention.run(id, members[target]!.id, GUILD, time);
          counts.mentions++;
        }
      }
      // Few reactions: mostly from friends and channel regulars, within hours.
      const reactionChance = forumShape && threadId === id ? 0.5 : 0.06;
      if (random() < reactionChance) {
        const n = Math.floor(pareto(1.5));
        for (let r = 0; r < n; r++) {
          const friends = [...member.friends];
          const reactor = friends.length > 0 && random() < 0.5 ? pick(friends) : drawAuthor(c, time, author);
          if (reactor === author) continue;
          insertReaction.run(id, members[reactor]!.id, pick(['👍', '😂', '❤️', '🔥', '👀']), GUILD, time + Math.round(random() * random() * 12 * HOUR));
          counts.reactions++;
        }
      }
    }
  });
  fill();
  return { guildId: GUILD, start, end: options.end, counts };
}

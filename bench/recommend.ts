/**
 * `npm run bench -- recommend [--members N] [--posts P] [--digest-members M] [--requests R]`:
 *   1. /recommend compute: a generated guild of N members (default 10,000) and P posts (default 100,000) over 30
 *      days with heavy-tailed authors and reactors; the serving state is built once (timed), then R requests
 *      (default 2,000) for random members run the whole pipeline (live member queries, sources, filters,
 *      permission checks, scoring, shortlist deletion check, diversity, reasons): p50 / p99 / max.
 *   2. Digest composition: a guild of M members (default 100,000) who all chose DM digests, the same post volume;
 *      the DM outbox for one day is composed (the whole batch, chunked transactions) and timed.
 * Permissions come from a table (every member sees every channel but one private one, which 10 % may see): the
 * discord.js computation is per member and channel and memoised per request, so it is not what this measures.
 * Prints a table with the figures and the process's peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { DigestComposer } from '../src/digest/digest-composer.js';
import { silentLogger } from '../src/ops/log.js';
import { popularityMethod } from '../src/model/baselines/count-baselines.js';
import type { ChannelAccess, MemberAccess } from '../src/recommend/channel-access.js';
import { RecommendService } from '../src/recommend/recommend-service.js';
import { ServingCache } from '../src/recommend/serving/serving-cache.js';
import { figure, formatGoal, type BenchFigure, type BenchOutcome, type Goal } from './figures.js';
import { seededRandom } from '../src/lib/random.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const GUILD = '900000000000000777';
const CHANNELS = 20;

export interface RecommendBenchOptions {
  members: number;
  posts: number;
  digestMembers: number;
  requests: number;
}


const memberId = (i: number) => String(100000000000000000n + BigInt(i));
const channelId = (i: number) => String(200000000000000000n + BigInt(i));
const postId = (i: number) => String(300000000000000000n + BigInt(i));

/** Fills the database with one guild: members, channels, posts (20 % replies), reactions. Returns row counts. */
function generateGuild(sqlite: Database.Database, members: number, posts: number, now: number, dmAll: boolean): { reactions: number } {
  const rand = seededRandom(42);
  const start = now - 30 * DAY;
  let reactions = 0;
  sqlite.transaction(() => {
    sqlite
      .prepare(`INSERT INTO guilds (id, name, joined_at, updated_at) VALUES (?, 'Bench', ?, ?)`)
      .run(GUILD, start, start);
    const channel = sqlite.prepare(
      `INSERT INTO channels (id, guild_id, name, kind, created_at, updated_at) VALUES (?, ?, ?, 'text', ?, ?)`,
    );
    for (let c = 0; c < CHANNELS; c++) channel.run(channelId(c), GUILD, `channel-${c}`, start, start);
    const member = sqlite.prepare(
      `INSERT INTO members (guild_id, user_id, username, joined_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    );
    const preference = sqlite.prepare(
      `INSERT INTO digest_preferences (guild_id, member_id, mode, updated_at) VALUES (?, ?, 'dm', ?)`,
    );
    for (let m = 0; m < members; m++) {
      member.run(GUILD, memberId(m), `m${m}`, start, start);
      if (dmAll) preference.run(GUILD, memberId(m), start);
    }
    const post = sqlite.prepare(
      `INSERT INTO posts (id, guild_id, channel_id, author_id, created_at, reply_to_id, reply_to_author_id, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'import')`,
    );
    const reaction = sqlite.prepare(
      `INSERT OR IGNORE INTO reactions (message_id, user_id, emoji, guild_id, at) VALUES (?, ?, '👍', ?, ?)`,
    );
    const authors: number[] = [];
    for (let p = 0; p < posts; p++) {
      // Heavy tails: a few members write and react a lot; each has a home channel.
      const author = Math.floor(members * rand() ** 3);
      const home = author % CHANNELS;
      const ch = rand() < 0.7 ? home : Math.floor(rand() * CHANNELS);
      const createdAt = start + Math.floor((p / posts) * 30 * DAY);
      const isReply = p > 10 && rand() < 0.2;
      const target = isReply ? p - 1 - Math.floor(rand() * Math.min(p - 1, 500)) : -1;
      post.run(postId(p), GUILD, channelId(ch), memberId(author), createdAt, isReply ? postId(target) : null, isReply ? memberId(authors[target] as number) : null);
      authors.push(author);
      const reactors = Math.floor(-Math.log(1 - rand()) * 3);
      for (let k = 0; k < reactors; k++) {
        const reactor = Math.floor(members * rand() ** 2);
        if (reactor === author) continue;
        reactions += reaction.run(postId(p), memberId(reactor), GUILD, createdAt + Math.floor(rand() * 6 * HOUR)).changes;
      }
    }
    // Digest members must be active (a reaction in the last month) to get a DM digest: give each one.
    if (dmAll) {
      for (let m = 0; m < members; m++) {
        const p = Math.floor(rand() * posts);
        reactions += reaction.run(postId(p), memberId(m), GUILD, start + Math.floor((p / posts) * 30 * DAY) + HOUR).changes;
      }
    }
  })();
  return { reactions };
}

/** A table's answer: nothing deferred, nothing to look up. */
function tableView(canView: (channelId: string) => boolean): MemberAccess {
  return { canView, isNsfw: () => false, pendingThreads: () => [], resolvePending: async () => {} };
}

/** Every member sees every channel except channel 0, which one member in ten may see. */
const tableAccess: ChannelAccess = {
  async forMember(_guildId, id) {
    const insider = Number(BigInt(id) % 10n) === 0;
    return tableView((c) => insider || c !== channelId(0));
  },
  forReadersOf: async () => tableView((c) => c !== channelId(0)),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function openGuild(dir: string, name: string, members: number, posts: number, now: number, dmAll: boolean) {
  const handle = openDatabase(join(dir, `${name}.db`));
  runMigrations(handle.db);
  const started = performance.now();
  const { reactions } = generateGuild(handle.sqlite, members, posts, now, dmAll);
  const generateMs = performance.now() - started;
  const cache = new ServingCache({
    sqlite: handle.sqlite,
    log: silentLogger,
    now: () => now,
    loadRanker: async (_sqlite, _guildId, snapshot) => ({ ranker: popularityMethod().bind({}, snapshot), method: 'popularity' }),
  });
  const service = new RecommendService({ sqlite: handle.sqlite, log: silentLogger, now: () => now, cache, access: tableAccess });
  const buildStarted = performance.now();
  await cache.refresh(GUILD);
  const buildMs = performance.now() - buildStarted;
  return { handle, cache, service, reactions, generateMs, buildMs };
}

/**
 * The goals are set at a size: /recommend p99 ≤ 50 ms for 10,000 members × 100,000 posts, every DM digest of a
 * 100,000-member guild composed in ≤ 60 s. A smaller run is not held to them (it would pass trivially).
 */
const P99_GOAL: Goal = { op: '<=', value: 50 };
const DIGEST_GOAL: Goal = { op: '<=', value: 60 };

export async function benchRecommend(options: RecommendBenchOptions): Promise<BenchOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-recommend-'));
  const now = Date.now();
  const figures: BenchFigure[] = [];
  const atGoalSize = options.members >= 10_000 && options.posts >= 100_000;
  const digestAtGoalSize = options.digestMembers >= 100_000 && options.posts >= 100_000;
  try {
    // 1. /recommend compute.
    const a = await openGuild(dir, 'recommend', options.members, options.posts, now, false);
    console.log(
      `recommend: ${options.members} members, ${options.posts} posts, ${a.reactions} reactions generated in ${(a.generateMs / 1000).toFixed(1)} s; ` +
        `serving state (snapshot + ranker + indexes) built in ${(a.buildMs / 1000).toFixed(2)} s`,
    );
    const rand = seededRandom(7);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let items = 0;
    for (let r = 0; r < options.requests + 100; r++) {
      const id = memberId(Math.floor(rand() * options.members));
      const started = performance.now();
      const cpu = process.cpuUsage();
      const outcome = await a.service.recommend({ guildId: GUILD, memberId: id, count: 5, since: now - 7 * DAY, allowNsfw: false });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (r >= 100) {
        times.push(ms); // the first 100 warm the JIT
        cpuTimes.push((used.user + used.system) / 1000);
        items += outcome?.items.length ?? 0;
      }
    }
    times.sort((x, y) => x - y);
    figures.push(figure('recommend p50', percentile(times, 50), 'ms'));
    figures.push(figure('recommend p99', percentile(times, 99), 'ms', atGoalSize ? P99_GOAL : null));
    figures.push(figure('recommend max', times[times.length - 1] as number, 'ms'));
    // CPU time per request: what the machine's load (other processes) does not inflate.
    cpuTimes.sort((x, y) => x - y);
    figures.push(figure('recommend CPU p50', percentile(cpuTimes, 50), 'ms'));
    figures.push(figure('recommend CPU p99', percentile(cpuTimes, 99), 'ms'));
    figures.push(figure('recommend items/request', items / times.length, ''));
    figures.push(figure('serving build (recommend guild)', a.buildMs / 1000, 's'));
    await a.cache.stop();
    a.handle.close();

    // 2. Digest composition for every member of a large guild.
    const b = await openGuild(dir, 'digest', options.digestMembers, options.posts, now, true);
    console.log(
      `digest: ${options.digestMembers} members (all DM), ${options.posts} posts generated in ${(b.generateMs / 1000).toFixed(1)} s; ` +
        `serving state built in ${(b.buildMs / 1000).toFixed(2)} s`,
    );
    const composer = new DigestComposer({ sqlite: b.handle.sqlite, recommend: b.service, log: silentLogger, now: () => now, inactiveDays: 30 });
    const { entry, release } = await b.cache.lease(GUILD);
    const composeStarted = performance.now();
    const composeCpu = process.cpuUsage();
    const composed = await composer.composeDirectMessages(entry, GUILD, '2026-11-29', 5, () => false);
    const composeMs = performance.now() - composeStarted;
    const composeCpuUsed = process.cpuUsage(composeCpu);
    release();
    const active = b.handle.sqlite.prepare(`SELECT COUNT(*) FROM member_digests`).pluck(true).get() as number;
    figures.push(figure('digest members composed', composed, ''));
    figures.push(figure('digest outbox rows', active, ''));
    figures.push(figure('digest compose', composeMs / 1000, 's', digestAtGoalSize ? DIGEST_GOAL : null));
    figures.push(figure('digest compose CPU', (composeCpuUsed.user + composeCpuUsed.system) / 1e6, 's'));
    figures.push(figure('digest per member', composeMs / Math.max(1, composed), 'ms'));
    figures.push(figure('serving build (digest guild)', b.buildMs / 1000, 's'));
    await b.cache.stop();
    b.handle.close();
    figures.push(figure('peak RSS', process.resourceUsage().maxRSS / 1024, 'MiB'));

    const load = (await import('node:os')).loadavg()[0] ?? 0;
    console.log('\n| figure | value | goal |\n|---|---|---|');
    for (const f of figures) {
      const value = f.value === null ? '' : Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2);
      const goal = f.goal === null ? '' : `${formatGoal(f.goal, f.unit)} (${f.met ? 'met' : 'NOT met'})`;
      console.log(`| ${f.name}${f.unit ? ` ${f.unit}` : ''} | ${value} | ${goal} |`);
    }
    console.log(`| machine load (1 min) | ${load.toFixed(2)} | |`);
    return {
      dataset: 'synthetic',
      preset:
        `${options.members.toLocaleString('en-US')} members × ${options.posts.toLocaleString('en-US')} posts, ` +
        `${options.requests.toLocaleString('en-US')} requests; digests for ${options.digestMembers.toLocaleString('en-US')} members`,
      backend: null,
      figures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- snapshot [--posts 100000] [--events 1000000]`: how long buildSnapshot takes on a large guild.
 * Fills a temporary database with synthetic activity (2,000 members, 20 channels, threads, replies, mentions,
 * thread co-participation and reactions adding up to `events` interaction rows) by direct inserts, then builds the
 * snapshot at the end of the history a few times and prints the median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { buildSnapshot } from '../src/graph/build-snapshot.js';
import { figure, type BenchOutcome } from './figures.js';
import { seededRandom } from '../src/lib/random.js';

const GUILD = '1';
const MEMBERS = 2000;
const CHANNELS = 20;
const START = Date.parse('2026-01-01T00:00:00Z');
const SPAN = 180 * 86_400_000;

export async function benchSnapshot(options: { posts: number; events: number }): Promise<BenchOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-snapshot-'));
  const handle = openDatabase(join(dir, 'attune.db'));
  try {
    runMigrations(handle.db);
    const { sqlite } = handle;
    const random = seededRandom(11);
    // Zipf-ish activity: a few members and posts draw most of the attention, as in real guilds.
    const member = () => String(100_000 + Math.floor(MEMBERS * Math.pow(random(), 2)));
    let started = performance.now();
    const fill = sqlite.transaction(() => {
      sqlite.prepare(`INSERT INTO guilds (id, name, joined_at, updated_at) VALUES (?, 'bench', ?, ?)`).run(GUILD, START, START);
      const channel = sqlite.prepare(`INSERT INTO channels (id, guild_id, parent_id, name, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
      for (let c = 0; c < CHANNELS; c++) channel.run(String(1000 + c), GUILD, null, `c${c}`, c % 5 === 0 ? 'forum' : 'text', START, START);
      const threads = Math.floor(options.posts / 50);
      for (let t = 0; t < threads; t++) channel.run(String(10_000 + t), GUILD, String(1000 + (t % CHANNELS)), `t${t}`, 'public_thread', START, START);
      const memberRow = sqlite.prepare(`INSERT INTO members (guild_id, user_id, username, joined_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
      for (let m = 0; m < MEMBERS; m++) memberRow.run(GUILD, String(100_000 + m), `m${m}`, START, START);

      const post = sqlite.prepare(
        `INSERT INTO posts (id, guild_id, channel_id, thread_id, author_id, created_at, reply_to_id, reply_to_author_id, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'import')`,
      );
      const mention = sqlite.prepare(`INSERT OR IGNORE INTO mentions (message_id, user_id, guild_id, at) VALUES (?, ?, ?, ?)`);
      const coThread = sqlite.prepare(`INSERT OR IGNORE INTO thread_co_participation (thread_id, member_a, member_b, guild_id, at) VALUES (?, ?, ?, ?, ?)`);
      const authors: string[] = [];
      const times: number[] = [];
      const lastInThread = new Map<number, string>();
      let rows = 0;
      for (let p = 0; p < options.posts; p++) {
        const at = START + Math.floor((p / options.posts) * SPAN);
        const author = member();
        const inThread = random() < 0.3 ? Math.floor(random() * threads) : -1;
        const replyTo = p > 0 && random() < 0.3 ? Math.max(0, p - 1 - Math.floor(random() * 200)) : -1;
        post.run(String(1e9 + p), GUILD, String(1000 + (inThread >= 0 ? inThread % CHANNELS : p % CHANNELS)), inThread >= 0 ? String(10_000 + inThread) : null,
          author, at, replyTo >= 0 ? String(1e9 + replyTo) : null, replyTo >= 0 ? authors[replyTo] : null);
        authors.push(author);
        times.push(at);
        rows += 1 + (replyTo >= 0 ? 1 : 0);
        if (random() < 0.1) {
          mention.run(String(1e9 + p), member(), GUILD, at);
          rows++;
        }
        if (inThread >= 0) {
          const previous = lastInThread.get(inThread);
          if (previous !== undefined && previous !== author) {
            const [a, b] = [previous, author].sort();
            coThread.run(String(10_000 + inThread), a, b, GUILD, at);
          }
          lastInThread.set(inThread, author);
        }
      }
      const reaction = sqlite.prepare(`INSERT OR IGNORE INTO reactions (message_id, user_id, emoji, guild_id, at) VALUES (?, ?, '👍', ?, ?)`);
      while (rows < options.events) {
        const p = Math.floor(options.posts * Math.sqrt(random()));
        reaction.run(String(1e9 + p), member(), GUILD, (times[p] as number) + Math.floor(random() * 86_400_000));
        rows++;
      }
    });
    fill();
    const counts = sqlite
      .prepare(`SELECT (SELECT COUNT(*) FROM posts) AS posts, (SELECT COUNT(*) FROM reactions) AS reactions,
                       (SELECT COUNT(*) FROM mentions) AS mentions, (SELECT COUNT(*) FROM thread_co_participation) AS coThread`)
      .get();
    console.log(`filled in ${((performance.now() - started) / 1000).toFixed(1)} s:`, counts);

    const at = START + SPAN + 86_400_000;
    const timesMs: number[] = [];
    const cpuMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      started = performance.now();
      const cpu = process.cpuUsage();
      const snapshot = buildSnapshot(sqlite, GUILD, at);
      timesMs.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      cpuMs.push((used.user + used.system) / 1000);
      if (i === 0) {
        console.log(
          `snapshot: ${snapshot.members.ids.length} members, ${snapshot.posts.ids.length} posts, ` +
            `${snapshot.interactions.member.length} interactions, ${snapshot.relations.from.length} relation pairs`,
        );
      }
    }
    timesMs.sort((a, b) => a - b);
    cpuMs.sort((a, b) => a - b);
    // Wall time depends on what else the machine runs; CPU time (this process, all threads) much less so.
    console.log(
      `buildSnapshot: wall median ${((timesMs[1] as number) / 1000).toFixed(2)} s (min ${((timesMs[0] as number) / 1000).toFixed(2)} s), ` +
        `CPU median ${((cpuMs[1] as number) / 1000).toFixed(2)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, ` +
        `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
    );
    return {
      dataset: 'synthetic',
      preset: `${options.posts.toLocaleString('en-US')} posts, ${options.events.toLocaleString('en-US')} interaction rows, ${MEMBERS.toLocaleString('en-US')} members`,
      backend: null,
      figures: [
        figure('buildSnapshot CPU (median of 3)', (cpuMs[1] as number) / 1000, 's'),
        figure('buildSnapshot wall (median of 3)', (timesMs[1] as number) / 1000, 's'),
        figure('peak RSS', process.resourceUsage().maxRSS / 1024, 'MiB'),
      ],
    };
  } finally {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * /stats benchmark: a guild with N posts (one in three a reply) and 2N reactions over 90 days, 500 members with
 * points, impressions and a training run per day; then (1) reading the figures for 7, 30 and 90 days, (2) drawing
 * the four charts on the main thread (what it would cost the event loop), (3) renderGuildCharts as /stats calls it
 * (drawing on the worker thread: first call with the thread's start, then warm), with the longest event-loop stall
 * seen meanwhile. Prints ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { ActivityStore } from '../src/ingest/activity-store.js';
import type { IngestOp } from '../src/ingest/records.js';
import { renderChartPng } from '../src/stats/chart-renderer.js';
import { closeChartWorker } from '../src/stats/chart-worker-client.js';
import { collectGuildStats } from '../src/stats/guild-stats.js';
import { renderGuildCharts } from '../src/stats/render-guild-charts.js';
import { statsChartConfigs } from '../src/stats/stats-charts.js';
import { figure, type BenchFigure, type BenchOutcome } from './figures.js';

const GUILD = '100000000000000001';
const DAY = 86_400_000;

export async function benchStats(options: { posts: number; rounds: number }): Promise<BenchOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-stats-'));
  const handle = openDatabase(join(dir, 'bench.db'));
  try {
    runMigrations(handle.db);
    const now = Date.UTC(2026, 3, 1, 12);
    const t0 = now - 90 * DAY;
    const step = Math.floor((90 * DAY) / options.posts);
    const memberIds = Array.from({ length: 500 }, (_, i) => String(300000000000000000n + BigInt(i)));
    const ops: IngestOp[] = [{ kind: 'guild', guild: { id: GUILD, name: 'bench', ownerId: null, preferredLocale: 'en-US' }, at: 0 }];
    for (const userId of memberIds) {
      ops.push({ kind: 'member', member: { guildId: GUILD, userId, username: userId, displayName: null, isBot: false, joinedAt: t0 - 30 * DAY }, at: t0 });
    }
    let seed = 1;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const postIds: string[] = [];
    for (let i = 0; i < options.posts; i++) {
      const id = String(500000000000000000n + BigInt(i));
      const at = t0 + i * step;
      const replyToId = i % 3 === 0 && postIds.length > 0 ? pick(postIds) : null;
      ops.push({
        kind: 'post',
        post: { id, guildId: GUILD, channelId: '200000000000000001', threadId: null, authorId: pick(memberIds), authorIsBot: false, createdAt: at, editedAt: null, replyToId, replyToAuthorId: null, attachmentCount: 0, content: null, mentionedUserIds: [], source: 'import' },
      });
      for (let r = 0; r < 2; r++) {
        ops.push({ kind: 'reactionAdded', reaction: { guildId: GUILD, messageId: id, userId: pick(memberIds), emoji: '👍', emojiName: null, at: at + 1000 } });
      }
      postIds.push(id);
    }
    new ActivityStore(handle.sqlite).apply(ops);
    const { sqlite } = handle;
    sqlite.transaction(() => {
      const ledger = sqlite.prepare(
        `INSERT INTO points_ledger (guild_id, member_id, delta, reason, kind, source_key, at, recorded_at) VALUES (?, ?, ?, 'post', 'award', ?, ?, ?)`,
      );
      postIds.forEach((id, i) => ledger.run(GUILD, pick(memberIds), 1 + Math.floor(random() * 5), `post:${id}`, t0 + i * step, t0 + i * step));
      const impression = sqlite.prepare(
        `INSERT OR IGNORE INTO recommendation_impressions (guild_id, member_id, post_id, surface, shown_at, rank, method, reason) VALUES (?, ?, ?, 'recommend', ?, 0, 'popularity', 'rising')`,
      );
      for (let i = 0; i < options.posts; i++) impression.run(GUILD, pick(memberIds), pick(postIds), t0 + i * step + 60_000);
      const run = sqlite.prepare(
        `INSERT INTO model_runs (guild_id, started_at, finished_at, status, trigger, candidate_method, serving_method, promoted, metrics)
         VALUES (?, ?, ?, 'succeeded', 'schedule', 'attune', 'attune', 1, ?)`,
      );
      for (let d = 0; d < 90; d++) {
        const metrics = { k: 10, cuts: [], methods: { attune: { ndcg: 0.2 + random() / 10, recall: 0.3 }, popularity: { ndcg: 0.2, recall: 0.3 } }, bestBaseline: 'popularity' };
        run.run(GUILD, t0 + d * DAY, t0 + d * DAY + 600_000, JSON.stringify(metrics));
      }
    })();

    const time = async (work: () => unknown): Promise<number> => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    console.log(`stats bench: ${options.posts} posts, ${2 * options.posts} reactions, ${options.posts} impressions, 500 members, 90 runs`);
    const figures: BenchFigure[] = [];
    for (const days of [7, 30, 90]) {
      const ms = [];
      for (let r = 0; r < options.rounds; r++) ms.push(await time(() => collectGuildStats(sqlite, GUILD, now, days)));
      console.log(`  figures, ${days} days: median ${median(ms).toFixed(1)} ms`);
      figures.push(figure(`reading the figures, ${days} days (median)`, median(ms), 'ms'));
    }
    const configs = statsChartConfigs(collectGuildStats(sqlite, GUILD, now, 90), 'zh-CN');
    const firstMain = await time(async () => {
      for (const chart of configs) await renderChartPng(chart.config);
    });
    const mainMs = [];
    for (let r = 0; r < options.rounds; r++) {
      mainMs.push(
        await time(async () => {
          for (const chart of configs) await renderChartPng(chart.config);
        }),
      );
    }
    console.log(`  four charts drawn on the main thread (90 days, zh-CN): first ${firstMain.toFixed(0)} ms (fonts, chart.js), then median ${median(mainMs).toFixed(0)} ms`);

    let stall = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const t = performance.now();
      stall = Math.max(stall, t - last);
      last = t;
    }, 5);
    const firstWorker = await time(() => renderGuildCharts(sqlite, GUILD, { locale: 'zh-CN', now, days: 90 }));
    const firstStall = stall;
    stall = 0;
    last = performance.now();
    const workerMs = [];
    for (let r = 0; r < options.rounds; r++) workerMs.push(await time(() => renderGuildCharts(sqlite, GUILD, { locale: 'zh-CN', now, days: 90 })));
    clearInterval(ticker);
    console.log(
      `  renderGuildCharts (worker thread): first ${firstWorker.toFixed(0)} ms (thread start), then median ${median(workerMs).toFixed(0)} ms; ` +
        `longest event-loop stall ${firstStall.toFixed(0)} ms on the first call, ${stall.toFixed(0)} ms warm`,
    );
    figures.push(
      figure('four charts on the main thread (median)', median(mainMs), 'ms'),
      figure('renderGuildCharts on the worker (median, warm)', median(workerMs), 'ms'),
      figure('longest event-loop stall while rendering (warm)', stall, 'ms', { op: '<=', value: 50 }),
    );
    return { dataset: 'synthetic', preset: `${options.posts.toLocaleString('en-US')} posts over 90 days, 500 members`, backend: null, figures };
  } finally {
    await closeChartWorker();
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

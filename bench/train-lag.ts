/**
 * `npm run bench -- train-lag [--members N] [--days D] [--posts-per-day P] [--cuts C] [--backend B]`: the bot's event-loop lag
 * while a training run is in progress. A generated community (src/demo/community.ts) is imported into a fresh
 * database; the real bot (discord.js client connected to an in-process fake Discord, store worker, training
 * service) starts on it, and one training run of that guild — evaluation of every method on its cuts, then the
 * final fit — runs on the bot's training thread while perf_hooks samples the main thread's event-loop delay.
 * Goal: p99 ≤ 50 ms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { startBot } from '../src/app/bot.js';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { importPath } from '../src/ingest/import/index.js';
import { silentLogger } from '../src/ops/log.js';
import type { BackendRequest } from '../src/model/backend.js';
import { describeRun } from '../src/app/cli/train-command.js';
import { generateCommunity } from '../src/demo/community.js';
import { communityToJsonl } from '../src/demo/community-jsonl.js';
import { clientOptionsFor, FakeDiscord } from '../src/sim/index.js';
import { figure, type BenchOutcome, type Goal } from './figures.js';

const DAY = 86_400_000;
const SIM_GUILD = '900000000000000001';

export interface TrainLagOptions {
  members: number;
  days: number;
  postsPerDay: number;
  backend: BackendRequest;
  /** Evaluation cuts of the run (a training run's default is 3). */
  cuts: number;
}

const RESOLUTION_MS = 10;
/** The goal in the header, held at every size: the bot must stay responsive whatever it trains on. */
const LAG_GOAL: Goal = { op: '<=', value: 50 };

/**
 * The histogram records the time between the monitor's timer ticks, i.e. its 10 ms interval plus the delay; the
 * figures here are the delay alone (how late the loop was to run a ready callback).
 */
function summary(h: IntervalHistogram): { p50: number; p99: number; max: number; samples: number } {
  const delay = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return { p50: delay(h.percentile(50)), p99: delay(h.percentile(99)), max: delay(h.max), samples: h.count };
}

export async function benchTrainLag(options: TrainLagOptions): Promise<BenchOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-lag-'));
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 5_000 });
  try {
    const now = Date.now();
    const community = generateCommunity({
      seed: 5,
      members: options.members,
      days: options.days,
      postsPerDay: options.postsPerDay,
      start: now - options.days * DAY,
    });
    const file = join(dir, 'community.jsonl');
    writeFileSync(file, communityToJsonl(community, { guildId: SIM_GUILD }).join('\n') + '\n');
    const databasePath = join(dir, 'attune.db');
    const handle = openDatabase(databasePath);
    runMigrations(handle.db);
    const imported = importPath(handle, file);
    handle.close();
    console.log(
      `train-lag: generated community of ${options.members} members over ${options.days} days: ` +
        `${imported.added.posts} posts, ${imported.added.reactions} reactions (backend ${options.backend}, ${options.cuts} cuts)`,
    );

    const bot = await startBot({
      token: fake.token,
      databasePath,
      messageContent: false,
      apiUrl: fake.apiUrl,
      horizonDays: 30,
      refreshHours: 24,
      log: silentLogger,
      clientOverrides: clientOptionsFor(fake),
      // Scheduled ticks never fire here; the run is started directly, as a tick would.
      training: { cron: 'off', backend: options.backend },
    });
    try {
      await bot.idle();
      const training = bot.training;
      if (!training) throw new Error('the bot started without training');

      const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      idle.enable();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      idle.disable();

      const busy = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      busy.enable();
      const started = performance.now();
      const { results } = await training.run({ trigger: 'manual', guildIds: [SIM_GUILD], now, cuts: options.cuts });
      const runMs = performance.now() - started;
      busy.disable();

      for (const result of results) console.log(describeRun(result));
      const quiet = summary(idle);
      const during = summary(busy);
      console.log('');
      console.log(`event-loop delay on the bot's main thread (perf_hooks.monitorEventLoopDelay every ${RESOLUTION_MS} ms, interval subtracted)`);
      console.log(`  idle, 2 s:            p50 ${quiet.p50.toFixed(1)} ms   p99 ${quiet.p99.toFixed(1)} ms   max ${quiet.max.toFixed(1)} ms`);
      console.log(
        `  during training run:  p50 ${during.p50.toFixed(1)} ms   p99 ${during.p99.toFixed(1)} ms   max ${during.max.toFixed(1)} ms` +
          `   (${during.samples} samples)`,
      );
      console.log(`  training run: ${(runMs / 1000).toFixed(1)} s wall; goal p99 ≤ 50 ms: ${during.p99 <= 50 ? 'met' : 'NOT met'}`);
      return {
        dataset: 'synthetic',
        preset:
          `${options.members} members, ${options.days} days, ${options.postsPerDay} posts/day ` +
          `(${imported.added.posts} posts, ${imported.added.reactions} reactions), ${options.cuts} cut${options.cuts === 1 ? '' : 's'}`,
        backend: results.find((r) => r.backend !== null)?.backend ?? null,
        figures: [
          figure('event-loop lag p50 during training', during.p50, 'ms'),
          figure('event-loop lag p99 during training', during.p99, 'ms', LAG_GOAL),
          figure('event-loop lag max during training', during.max, 'ms'),
          figure('event-loop lag p99 idle', quiet.p99, 'ms'),
          figure('training run', runMs / 1000, 's'),
        ],
      };
    } finally {
      await bot.stop();
    }
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

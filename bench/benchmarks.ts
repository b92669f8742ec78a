/**
 * Every benchmark of the project: its command-line options, the data set it needs, and the size the
 * `npm run bench` suite runs it at. The benchmark modules are imported when one runs, so `npm run bench -- summary`
 * and the tests do not load tfjs or discord.js.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendRequest } from '../src/model/backend.js';
import type { BenchOutcome } from './figures.js';

/** Every option any benchmark takes (`--name value`); each benchmark reads its own. */
export const BENCH_OPTION_NAMES = [
  'messages', 'rounds', 'data', 'events', 'cuts', 'window', 'horizon', 'k', 'members', 'days', 'posts-per-day',
  'backend', 'posts', 'digest-members', 'requests', 'preset', 'seed', 'generated', 'files', 'format',
  /** JSON object of graph-filter config overrides (train-gowalla, train-lastfm), e.g. '{"steps":100}'. */
  'config',
] as const;
export type BenchValues = Partial<Record<(typeof BENCH_OPTION_NAMES)[number], string>> & {
  /** Every `--data` given, in order (`data` is the last); benchmarks over several data sets read these. */
  dataDirs?: readonly string[];
};

export interface DataNeed {
  /** Folder under the data root (`--data-root`, default ../shared/data). */
  folder: string;
  /** Files that must be in it. */
  files: readonly string[];
}

export interface BenchmarkDefinition {
  name: string;
  usage: string;
  data?: DataNeed;
  /** Data sets a benchmark uses when they are there: each one found is passed as its own `--data`. */
  datasets?: readonly DataNeed[];
  /**
   * Arguments the `npm run bench` suite passes: sizes that finish in a few minutes on the 2-core machine.
   * `long`: runs that take much longer (run separately, or with `--long`); their recorded results still show.
   */
  suite: { args: readonly string[]; minutes: number; long?: boolean };
  /** One outcome, or one per data set (each recorded as its own run). */
  run(values: BenchValues): Promise<BenchOutcome | BenchOutcome[]>;
}

function positiveInt(values: BenchValues, key: keyof BenchValues, fallback: number): number {
  const value = Number(values[key] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${key} must be a positive integer`);
  return value;
}

function requireData(values: BenchValues, name: string): string {
  if (!values.data) throw new Error(`--data <dir> is required for ${name}`);
  return values.data;
}

/** A benchmark's data folder under the root, or why it cannot run. */
export function findData(root: string, need: DataNeed): { path: string; missing: string | null } {
  const path = join(root, need.folder);
  const absent = need.files.filter((file) => !existsSync(join(path, file)));
  if (!existsSync(path)) return { path, missing: `no data at ${path}` };
  if (absent.length > 0) return { path, missing: `no data at ${path} (missing ${absent.join(', ')})` };
  return { path, missing: null };
}

async function trainingOptions(values: BenchValues) {
  const { graphFilterConfigSchema } = await import('../src/model/graph-filter/config.js');
  return {
    seed: Number(values.seed ?? 2026),
    overrides: graphFilterConfigSchema.partial().parse(JSON.parse(values.config ?? '{}')),
  };
}

export const BENCHMARKS: readonly BenchmarkDefinition[] = [
  {
    name: 'ingest',
    usage: 'ingest [--messages N] [--rounds R]',
    suite: { args: [], minutes: 2 },
    async run(values) {
      const { benchIngest } = await import('./ingest.js');
      return benchIngest({ messages: positiveInt(values, 'messages', 60_000), rounds: positiveInt(values, 'rounds', 3) });
    },
  },
  {
    name: 'import',
    usage: 'import [--messages 1000000] [--files 100] [--format dce-json|jsonl]',
    // 1M messages is the goal's size: a busy server's whole DCE export.
    suite: { args: [], minutes: 3 },
    async run(values) {
      const format = values.format ?? 'dce-json';
      if (format !== 'dce-json' && format !== 'jsonl') throw new Error('--format must be dce-json or jsonl');
      const { benchImport } = await import('./import.js');
      return benchImport({ messages: positiveInt(values, 'messages', 1_000_000), files: positiveInt(values, 'files', 100), format });
    },
  },
  {
    name: 'snapshot',
    usage: 'snapshot [--posts N] [--events N]',
    suite: { args: [], minutes: 2 },
    async run(values) {
      const posts = Number(values.posts ?? 100_000);
      const events = Number(values.events ?? 1_000_000);
      if (!Number.isInteger(posts) || posts < 1 || !Number.isInteger(events) || events < posts) {
        throw new Error('--posts must be a positive integer and --events at least --posts');
      }
      const { benchSnapshot } = await import('./snapshot.js');
      return benchSnapshot({ posts, events });
    },
  },
  {
    name: 'economy',
    usage: 'economy [--posts N]',
    // 20,000 posts is the size the README records; the default 100,000 takes several minutes here.
    suite: { args: ['--posts', '20000'], minutes: 1 },
    async run(values) {
      const { benchEconomy } = await import('./economy.js');
      return benchEconomy({ posts: positiveInt(values, 'posts', 100_000) });
    },
  },
  {
    name: 'stats',
    usage: 'stats [--posts N] [--rounds R]',
    suite: { args: [], minutes: 1 },
    async run(values) {
      const { benchStats } = await import('./stats.js');
      return benchStats({ posts: positiveInt(values, 'posts', 20_000), rounds: positiveInt(values, 'rounds', 5) });
    },
  },
  {
    name: 'privacy-export',
    usage: 'privacy-export [--posts N]',
    suite: { args: [], minutes: 2 },
    async run(values) {
      const { benchPrivacyExport } = await import('./privacy-export.js');
      return benchPrivacyExport({ posts: positiveInt(values, 'posts', 40_000) });
    },
  },
  {
    name: 'recommend',
    usage: 'recommend [--members N] [--posts P] [--digest-members M] [--requests R]',
    // The default size is the goals' size (p99 at 10k × 100k, digests for 100k members), so it runs as is.
    suite: { args: [], minutes: 4 },
    async run(values) {
      const { benchRecommend } = await import('./recommend.js');
      return benchRecommend({
        members: positiveInt(values, 'members', 10_000),
        posts: positiveInt(values, 'posts', 100_000),
        digestMembers: positiveInt(values, 'digest-members', 100_000),
        requests: positiveInt(values, 'requests', 2_000),
      });
    },
  },
  {
    name: 'train-lag',
    usage: 'train-lag [--members N] [--days D] [--posts-per-day P] [--cuts C] [--backend B]',
    // The default community (400 members, 3 cuts) took over 25 minutes with the graph filter model (the candidate
    // before the signal ranker); this is the size the README records (about 3 minutes).
    suite: { args: ['--members', '200', '--days', '14', '--posts-per-day', '150', '--cuts', '1'], minutes: 4 },
    async run(values) {
      const { BACKEND_CHOICES } = await import('../src/model/backend.js');
      const backend = values.backend ?? 'auto';
      if (backend !== 'auto' && !(BACKEND_CHOICES as readonly string[]).includes(backend)) {
        throw new Error(`--backend must be auto or one of ${BACKEND_CHOICES.join(', ')}`);
      }
      const { benchTrainLag } = await import('./train-lag.js');
      return benchTrainLag({
        members: positiveInt(values, 'members', 400),
        days: positiveInt(values, 'days', 30),
        postsPerDay: positiveInt(values, 'posts-per-day', 300),
        cuts: positiveInt(values, 'cuts', 3),
        backend: backend as BackendRequest,
      });
    },
  },
  {
    name: 'train-sebeer',
    usage: 'train-sebeer --data <Stack Exchange dump folder> [--cuts N] [--window 7d] [--horizon 14d] [--k 10]',
    data: { folder: 'se-beer', files: ['Posts.xml', 'Users.xml', 'Comments.xml', 'Votes.xml'] },
    // 8 cuts: the README's table.
    suite: { args: ['--cuts', '8'], minutes: 4 },
    async run(values) {
      const data = values.data;
      if (!data) throw new Error('--data <Stack Exchange dump folder> is required');
      const { durationSchema } = await import('../src/app/cli/duration.js');
      const { benchTrainSeBeer } = await import('./train-sebeer.js');
      return benchTrainSeBeer({
        data,
        cuts: positiveInt(values, 'cuts', 6),
        k: positiveInt(values, 'k', 10),
        windowMs: durationSchema.parse(values.window ?? '7d'),
        horizonMs: durationSchema.parse(values.horizon ?? '14d'),
      });
    },
  },
  {
    name: 'quality',
    usage: 'quality [--data <dir>]… [--generated busy:30000,forum:30000|none] [--cuts 6] [--k 10] [--window 24h] [--horizon 48h] [--seed N]',
    datasets: [
      { folder: 'se-beer', files: ['Posts.xml', 'Users.xml', 'Comments.xml', 'Votes.xml'] },
      { folder: 'discord-forum-threads', files: ['archives'] },
      { folder: 'dce-csv-sample', files: [] },
    ],
    // Generated servers of 30k messages keep the suite's run short; training at 100k–1M messages is measured by
    // bench/ranker-scale.ts.
    suite: { args: [], minutes: 20 },
    async run(values) {
      const { durationSchema } = await import('../src/app/cli/duration.js');
      const { benchQuality, parseGenerated } = await import('./quality.js');
      return benchQuality({
        data: values.dataDirs ?? (values.data ? [values.data] : []),
        generated: parseGenerated(values.generated ?? 'busy:30000,forum:30000'),
        cuts: positiveInt(values, 'cuts', 6),
        k: positiveInt(values, 'k', 10),
        seed: Number(values.seed ?? 2026),
        ...(values.window ? { windowMs: durationSchema.parse(values.window) } : {}),
        ...(values.horizon ? { horizonMs: durationSchema.parse(values.horizon) } : {}),
      });
    },
  },
  {
    name: 'train-gowalla',
    usage: "train-gowalla --data <dir> [--preset full|sampled|quick] [--seed N] [--config '{\"steps\":0}']",
    data: { folder: 'gowalla', files: ['train.txt', 'test.txt'] },
    suite: { args: ['--preset', 'full'], minutes: 40, long: true },
    async run(values) {
      const data = requireData(values, 'train-gowalla');
      const { benchTrainGowalla } = await import('./train-gowalla.js');
      return benchTrainGowalla({ data, preset: values.preset ?? 'full', ...(await trainingOptions(values)) });
    },
  },
  {
    name: 'train-lastfm',
    usage: "train-lastfm --data <dir> [--seed N] [--config '{\"steps\":0}']",
    data: { folder: 'lastfm', files: ['data1.txt', 'test1.txt', 'trustnetwork.txt'] },
    suite: { args: [], minutes: 15, long: true },
    async run(values) {
      const data = requireData(values, 'train-lastfm');
      const { benchTrainLastfm } = await import('./train-lastfm.js');
      return benchTrainLastfm({ data, ...(await trainingOptions(values)) });
    },
  },
];

export function findBenchmark(name: string): BenchmarkDefinition | undefined {
  return BENCHMARKS.find((b) => b.name === name);
}

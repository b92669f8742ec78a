/**
 * How a whole training run scales with a busy guild's history: `npx tsx bench/ranker-scale.ts train <db> [--cuts 3]`
 * runs one training run of the database's guild in this process, as the training worker does (every method of
 * allMethods() evaluated on the cuts, then the winner fitted at "now"), and prints its wall and CPU time, peak RSS
 * and the holdout table. The database is a generated server imported as the CLI does (`npx tsx
 * bench/generate-server.ts busy 1000000 busy.jsonl`, then `attune import busy.jsonl`), so the generator's and the
 * importer's memory are not counted against training.
 */
import { availableParallelism, loadavg } from 'node:os';
import { openDatabase } from '../src/db/connection.js';
import { allMethods, baselineMethods } from '../src/model/methods.js';
import { runTraining } from '../src/model/training/run-training.js';

const DAY = 86_400_000;

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? (args[at + 1] as string) : fallback;
}

const [command, path, ...rest] = process.argv.slice(2);
if (!path || command !== 'train') {
  console.error('usage: ranker-scale.ts train <db> [--cuts C]');
  process.exit(2);
}
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

const handle = openDatabase(path);
const guildId = (handle.sqlite.prepare(`SELECT id FROM guilds`).get() as { id: string }).id;
const now = (handle.sqlite.prepare(`SELECT MAX(created_at) AS t FROM posts`).get() as { t: number }).t + 1;
const posts = (handle.sqlite.prepare(`SELECT COUNT(*) AS n FROM posts`).get() as { n: number }).n;
const started = performance.now();
const cpu = process.cpuUsage();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 250);
const [result] = await runTraining(
  handle.sqlite,
  { trigger: 'manual', guildIds: [guildId], now: Math.floor(now / DAY) * DAY + DAY, cuts: Number(option(rest, 'cuts', '3')) },
  {
    methods: allMethods(),
    baselines: baselineMethods().map((m) => m.name),
    backend: 'auto',
    signal: new AbortController().signal,
    onEvent: (event) => {
      const at = `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
      if (event.type === 'step' && event.detail) console.log(`${at} ${event.step}: ${event.detail}`);
      if (event.type === 'step' && event.method && event.progress?.message) console.log(`${at} ${event.method}: ${event.progress.message}`);
    },
  },
);
clearInterval(sampler);
const used = process.cpuUsage(cpu);
const wall = (performance.now() - started) / 1000;
console.log(
  `\n${posts.toLocaleString('en-US')} posts: run ${result?.status} in ${wall.toFixed(0)} s wall, ${((used.user + used.system) / 1e6).toFixed(0)} s CPU, ` +
    `peak RSS ${(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20).toFixed(0)} MiB, load average ${load()} on ${availableParallelism()} cores`,
);
if (result?.error) console.log(`error: ${result.error}`);
for (const [name, m] of Object.entries(result?.metrics?.methods ?? {})) {
  console.log(`  ${name.padEnd(14)} NDCG@10 ${m.ndcg.toFixed(4)}  recall@10 ${m.recall.toFixed(4)}  coverage@10 ${m.coverage.toFixed(3)}  member-cuts ${m.membersEvaluated}  train ${((m.trainMs ?? 0) / 1000).toFixed(0)} s`);
}
console.log(`serving: ${result?.decision?.serving} (${result?.decision?.reason})`);
handle.close();

/**
 * `npm run bench -- train-sebeer --data <se dump folder> [--cuts N] [--window 7d] [--horizon 14d] [--k 10]`:
 * a real community replayed through the evaluation protocol. Converts the Stack Exchange dump to attune JSONL
 * (convert-se-beer.ts), imports it into a temporary database through `attune import`'s code path, picks the most
 * recent cuts with enough activity (chooseCuts), and prints recall@K, NDCG@K and coverage for every method
 * (allMethods(): the model and every baseline), plus the snapshot build time.
 *
 * Stack Exchange is far quieter than a Discord guild (2 questions a day here), so the default window is a week
 * and the horizon two weeks: a digest of the week's questions, judged by the next fortnight's answers, comments,
 * favourites and accepts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDuration } from '../src/app/cli/duration.js';
import { formatReport } from '../src/app/cli/eval-command.js';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { buildSnapshot } from '../src/graph/build-snapshot.js';
import { importPath } from '../src/ingest/import/index.js';
import { chooseCuts } from '../src/model/eval/cuts.js';
import { evaluateMethods } from '../src/model/eval/protocol.js';
import { silentLogger } from '../src/ops/log.js';
import { selectBackend } from '../src/model/backend.js';
import { allMethods, baselineMethods } from '../src/model/methods.js';
import { SE_GUILD_ID, writeStackExchangeJsonl } from './convert-se-beer.js';
import { figure, type BenchFigure, type BenchOutcome } from './figures.js';

/** The learned candidate serves only when its NDCG@K beats the best baseline's (the promotion rule): the same bar here. */
const MARGIN_GOAL = { op: '>', value: 0 } as const;

export interface SeBenchOptions {
  data: string;
  cuts: number;
  windowMs: number;
  horizonMs: number;
  k: number;
}

export async function benchTrainSeBeer(options: SeBenchOptions): Promise<BenchOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-se-'));
  try {
    const jsonl = join(dir, 'se.jsonl');
    let started = performance.now();
    const converted = writeStackExchangeJsonl(options.data, jsonl, 'beer.stackexchange.com');
    console.log(`converted ${options.data} in ${((performance.now() - started) / 1000).toFixed(2)} s:`, converted);

    const handle = openDatabase(join(dir, 'attune.db'));
    try {
      runMigrations(handle.db);
      started = performance.now();
      const summary = importPath(handle, jsonl);
      console.log(`imported in ${((performance.now() - started) / 1000).toFixed(2)} s: ${JSON.stringify(summary.added)}`);

      const cuts = chooseCuts(handle.sqlite, SE_GUILD_ID, {
        count: options.cuts,
        windowMs: options.windowMs,
        horizonMs: options.horizonMs,
        minCandidates: 5,
        minEngagements: 10,
      });
      if (cuts.length === 0) throw new Error('no cut has enough activity; try a longer --window/--horizon');
      console.log(`cuts: ${cuts.map((c) => new Date(c).toISOString().slice(0, 10)).join(', ')}`);

      const last = cuts[cuts.length - 1] as number;
      const times: number[] = [];
      let snapshot = buildSnapshot(handle.sqlite, SE_GUILD_ID, last);
      for (let i = 0; i < 5; i++) {
        started = performance.now();
        snapshot = buildSnapshot(handle.sqlite, SE_GUILD_ID, last);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `snapshot at the last cut: ${snapshot.members.ids.length} members, ${snapshot.posts.ids.length} posts, ` +
          `${snapshot.interactions.member.length} interactions, ${snapshot.relations.from.length} relation pairs; ` +
          `build median ${(times[2] as number).toFixed(1)} ms (min ${(times[0] as number).toFixed(1)} ms)`,
      );

      const snapshotMs = times[2] as number;
      started = performance.now();
      const report = await evaluateMethods(
        handle.sqlite,
        SE_GUILD_ID,
        allMethods(),
        { cuts, windowMs: options.windowMs, horizonMs: options.horizonMs, k: options.k },
        { seed: 1, log: (line) => console.log(line) },
      );
      const evaluatedS = (performance.now() - started) / 1000;
      console.log(`\nevaluated in ${evaluatedS.toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
      console.log('cut         candidates  members with target  target pairs');
      for (const cut of report.cuts) {
        console.log(
          `${new Date(cut.at).toISOString().slice(0, 10)}  ${String(cut.candidates).padStart(10)}  ${String(cut.membersWithTarget).padStart(19)}  ${String(cut.targetPairs).padStart(12)}`,
        );
      }
      console.log(`\n${formatReport(report)}`);
      const k = options.k;
      const byNdcg = [...report.methods].sort((a, b) => b.ndcg - a.ndcg);
      const figures: BenchFigure[] = byNdcg.flatMap((m) => [
        figure(`${m.name} NDCG@${k}`, m.ndcg, ''),
        figure(`${m.name} recall@${k}`, m.recall, ''),
        figure(`${m.name} coverage@${k}`, m.coverage, ''),
      ]);
      const baselines = new Set(baselineMethods().map((m) => m.name));
      const model = report.methods.find((m) => !baselines.has(m.name));
      const bestBaseline = byNdcg.find((m) => baselines.has(m.name));
      if (model && bestBaseline) {
        // One name whichever baseline is best, so runs line up in the summary; the per-method rows say which it was.
        figures.push(figure(`${model.name} NDCG@${k} minus the best baseline's`, model.ndcg - bestBaseline.ndcg, '', MARGIN_GOAL));
      }
      figures.push(
        figure('member-cuts with a target', report.cuts.reduce((sum, c) => sum + c.membersWithTarget, 0), ''),
        figure('snapshot at the last cut (median of 5)', snapshotMs, 'ms'),
        figure('evaluation of every method', evaluatedS, 's'),
        figure('peak RSS', process.resourceUsage().maxRSS / 1024, 'MiB'),
      );
      // Asked after the run: the backend the methods selected (idempotent, so this changes nothing measured).
      const backend = await selectBackend('auto', silentLogger);
      return {
        dataset: 'se-beer',
        preset: `${cuts.length} cut${cuts.length === 1 ? '' : 's'}, window ${formatDuration(options.windowMs)}, horizon ${formatDuration(options.horizonMs)}, K ${k}`,
        backend: backend.choice,
        figures,
      };
    } finally {
      handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

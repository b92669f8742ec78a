/**
 * `npm run bench -- quality [--data <dir>]… [--generated busy:30000,forum:30000|none] [--cuts 6] [--k 10]
 * [--window 24h] [--horizon 48h]`: recommendation quality on every given data set and on generated servers, each
 * through the real command-line path — `attune import` of each file (any order), then exactly what `attune eval`
 * runs (evaluateDatabase) — on cuts spread over the set's own active period. Per set: every method's NDCG@K,
 * recall@K and coverage@K, the learned model's NDCG@K over the best baseline's (the promotion rule's bar: above 1),
 * and which simple ranking (a baseline with nothing learned) is best.
 *
 * A data folder is read as what it holds: a Stack Exchange dump (Posts.xml: converted by convert-se-beer.ts), a
 * plain-text Discord archive of forum posts (archives/: convert-discord-archive.ts) — both forums answered over days,
 * so a week of candidates and a fortnight to engage —, or DiscordChatExporter CSV/JSON exports and attune JSONL files
 * (a day and two days, the digest's), imported one by one in name order.
 * Generated servers come from src/demo/server-generator.ts.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { evaluateDatabase, resolveGuild } from '../src/app/cli/eval-command.js';
import { runImport } from '../src/app/cli/import-command.js';
import { formatDuration } from '../src/app/cli/duration.js';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { writeServerJsonl } from '../src/demo/server-jsonl.js';
import type { ServerShape } from '../src/demo/server-generator.js';
import { selectCuts } from '../src/model/eval/cuts.js';
import type { EvalReport } from '../src/model/eval/types.js';
import { selectBackend } from '../src/model/backend.js';
import { allMethods, baselineMethods } from '../src/model/methods.js';
import type { RankingMethod } from '../src/model/ranker.js';
import { silentLogger } from '../src/ops/log.js';
import { writeDiscordArchiveJsonl } from './convert-discord-archive.js';
import { writeStackExchangeJsonl } from './convert-se-beer.js';
import { figure, type BenchFigure, type BenchOutcome } from './figures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Baselines that learn nothing: what the maintainers call simple rankings. */
const LEARNED_BASELINES = new Set(['bpr-mf']);

export interface GeneratedSet {
  shape: ServerShape;
  messages: number;
}

export interface QualityOptions {
  data: readonly string[];
  generated: readonly GeneratedSet[];
  cuts: number;
  k: number;
  /** Override every set's window and horizon (default: 24 h / 48 h, a week / a fortnight for Stack Exchange). */
  windowMs?: number;
  horizonMs?: number;
  seed: number;
  /** Default: allMethods(). */
  methods?: () => readonly RankingMethod[];
  log?: (line: string) => void;
}

/** A set ready to import: its files in import order and the protocol that suits it. */
interface PreparedSet {
  name: string;
  files: string[];
  windowMs: number;
  horizonMs: number;
}

/** `busy:100000,forum:300000` or `none`. */
export function parseGenerated(text: string): GeneratedSet[] {
  if (text.trim() === 'none') return [];
  return text.split(',').map((part) => {
    const match = /^(busy|forum):(\d+)$/.exec(part.trim());
    if (!match) throw new Error(`--generated takes shape:messages pairs (busy:100000,forum:100000) or none; got "${part}"`);
    return { shape: match[1] as ServerShape, messages: Number(match[2]) };
  });
}

const kilo = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n % 1000 === 0 ? `${n / 1000}k` : String(n));

function prepareData(dir: string, work: string): PreparedSet {
  const name = basename(dir);
  const chat = { windowMs: DAY, horizonMs: 2 * DAY };
  const entries = readdirSync(dir);
  if (entries.includes('Posts.xml')) {
    const file = join(work, `${name}.jsonl`);
    writeStackExchangeJsonl(dir, file, name);
    return { name, files: [file], windowMs: 7 * DAY, horizonMs: 14 * DAY };
  }
  if (entries.includes('archives') || entries.some((e) => e.endsWith('.txt'))) {
    const file = join(work, `${name}.jsonl`);
    writeDiscordArchiveJsonl(dir, file, name);
    // Mostly forum posts, answered over days: a week of candidates and a fortnight to engage, as for Stack Exchange.
    return { name, files: [file], windowMs: 7 * DAY, horizonMs: 14 * DAY };
  }
  const files = exportFiles(dir);
  if (files.length === 0) throw new Error(`${dir}: no Stack Exchange dump, Discord archive, export or JSONL file in it`);
  return { name, files, ...chat };
}

/** DCE CSV/JSON exports and JSONL files in the folder and the folders under it, in name order. */
function exportFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return exportFiles(path);
      return /\.(csv|json|jsonl)$/i.test(entry) ? [path] : [];
    });
}

function prepareGenerated(set: GeneratedSet, seed: number, work: string, log: (line: string) => void): PreparedSet {
  const name = `generated-${set.shape}-${kilo(set.messages)}`;
  const file = join(work, `${name}.jsonl`);
  const started = performance.now();
  const summary = writeServerJsonl(file, { shape: set.shape, messages: set.messages, seed });
  log(`${name}: generated in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`);
  return { name, files: [file], windowMs: DAY, horizonMs: 2 * DAY };
}

export async function benchQuality(options: QualityOptions): Promise<BenchOutcome[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const methods = options.methods ?? allMethods;
  const work = mkdtempSync(join(tmpdir(), 'attune-bench-quality-'));
  const outcomes: BenchOutcome[] = [];
  try {
    const sets = [
      ...options.data.map((dir) => prepareData(dir, work)),
      ...options.generated.map((set) => prepareGenerated(set, options.seed, work, log)),
    ];
    for (const set of sets) outcomes.push(await measureSet(set, options, methods(), work, log));
    printTable(outcomes, options.k, log);
    return outcomes;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function measureSet(
  set: PreparedSet,
  options: QualityOptions,
  methods: readonly RankingMethod[],
  work: string,
  log: (line: string) => void,
): Promise<BenchOutcome> {
  const windowMs = options.windowMs ?? set.windowMs;
  const horizonMs = options.horizonMs ?? set.horizonMs;
  const databasePath = join(work, `${set.name}.db`);
  log('');
  log(`== ${set.name}`);
  let started = performance.now();
  // Text as before the content setting applied to imports (the benchmark's data is public; nothing is served).
  for (const file of set.files) runImport(databasePath, file, { keepContent: true });
  const importS = (performance.now() - started) / 1000;
  log(`imported ${set.files.length} file(s) in ${importS.toFixed(1)} s`);

  const handle = openDatabase(databasePath);
  let guildId: string;
  let cuts: number[];
  let reason: string | null;
  try {
    runMigrations(handle.db);
    guildId = resolveGuild(handle.sqlite, undefined);
    ({ cuts, reason } = selectCuts(handle.sqlite, guildId, { count: options.cuts, windowMs, horizonMs, spread: true }));
  } finally {
    handle.close();
  }
  const protocol = `window ${formatDuration(windowMs)}, horizon ${formatDuration(horizonMs)}, K ${options.k}`;
  const backend = (await selectBackend('auto', silentLogger)).choice;
  if (cuts.length === 0) {
    log(`${set.name}: ${reason ?? 'no cuts'}`);
    return { dataset: set.name, preset: `no cuts (${reason ?? ''}); ${protocol}`, backend, figures: [figure('cuts', 0, '')] };
  }
  const span = `${new Date(cuts[0] as number).toISOString().slice(0, 10)} – ${new Date(cuts[cuts.length - 1] as number).toISOString().slice(0, 10)}`;
  log(`cuts (${cuts.length}, spread over ${span}): ${cuts.map((c) => new Date(c).toISOString().slice(0, 10)).join(', ')}`);

  started = performance.now();
  const evalOptions = { at: cuts, window: windowMs, horizon: horizonMs, k: options.k };
  let report: EvalReport;
  let failure = '';
  try {
    report = await evaluateDatabase(databasePath, evalOptions, methods, log);
  } catch (error) {
    // A method that cannot run on a set (e.g. out of memory at its size) must not hide the yardsticks' figures.
    const baselines = new Set(baselineMethods().map((m) => m.name));
    const failed = methods.filter((m) => !baselines.has(m.name)).map((m) => m.name).join(', ');
    failure = `; ${failed} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    log(`${set.name}${failure.slice(1)}; evaluating the baselines alone`);
    report = await evaluateDatabase(databasePath, evalOptions, methods.filter((m) => baselines.has(m.name)), log);
  }
  const evaluationS = (performance.now() - started) / 1000;
  return {
    dataset: set.name,
    preset: `${cuts.length} cuts spread over ${span}, ${protocol}${failure}`,
    backend,
    figures: [...qualityFigures(report, options.k), figure('import', importS, 's'), figure('evaluation of every method', evaluationS, 's')],
  };
}

/** Every method's figures, best NDCG first, then the learned model against the best baseline and simple ranking. */
export function qualityFigures(report: EvalReport, k: number): BenchFigure[] {
  const baselines = new Set(baselineMethods().map((m) => m.name));
  const byNdcg = [...report.methods].sort((a, b) => b.ndcg - a.ndcg || b.recall - a.recall);
  const figures: BenchFigure[] = byNdcg.flatMap((m) => [
    figure(`${m.name} NDCG@${k}`, m.ndcg, ''),
    figure(`${m.name} recall@${k}`, m.recall, ''),
    figure(`${m.name} coverage@${k}`, m.coverage, ''),
  ]);
  const learned = report.methods.find((m) => !baselines.has(m.name));
  const best = byNdcg.find((m) => baselines.has(m.name));
  const simple = byNdcg.find((m) => baselines.has(m.name) && !LEARNED_BASELINES.has(m.name));
  if (simple) figures.push(figure(`best simple ranking: ${simple.name} NDCG@${k}`, simple.ndcg, ''));
  if (learned && best) {
    // One name whichever baseline is best, so runs line up in the summary; the row above says which it was.
    figures.push(figure(`${learned.name} NDCG@${k} / best baseline's (${best.name})`, best.ndcg > 0 ? learned.ndcg / best.ndcg : null, '', { op: '>', value: 1 }));
  }
  figures.push(figure('member-cuts with a target', report.cuts.reduce((sum, c) => sum + c.membersWithTarget, 0), ''));
  return figures;
}

/** The method × set table: NDCG@K / recall@K / coverage@K per cell. */
function printTable(outcomes: readonly BenchOutcome[], k: number, log: (line: string) => void): void {
  const value = (o: BenchOutcome, name: string) => o.figures.find((f) => f.name === name)?.value;
  const methods = [...new Set(outcomes.flatMap((o) => o.figures.flatMap((f) => (f.name.endsWith(` NDCG@${k}`) && !f.name.includes(':') ? [f.name.slice(0, -` NDCG@${k}`.length)] : []))))];
  const cell = (o: BenchOutcome, m: string) => {
    const [n, r, c] = ['NDCG', 'recall', 'coverage'].map((metric) => value(o, `${m} ${metric}@${k}`));
    return n === undefined || n === null ? '–' : `${n.toFixed(3)} / ${(r ?? 0).toFixed(3)} / ${(c ?? 0).toFixed(3)}`;
  };
  const rows = [['method', ...outcomes.map((o) => o.dataset)], ...methods.map((m) => [m, ...outcomes.map((o) => cell(o, m))])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  log('');
  log(`NDCG@${k} / recall@${k} / coverage@${k}`);
  for (const row of rows) log(row.map((c, i) => c.padEnd(widths[i] as number)).join('  '));
  for (const o of outcomes) {
    const simple = o.figures.find((f) => f.name.startsWith('best simple ranking: '));
    const ratio = o.figures.find((f) => f.name.includes(' / best baseline'));
    log(`${o.dataset}: ${simple ? simple.name.replace(/ NDCG@\d+$/, '') : 'no evaluation'}${ratio?.value != null ? `; ${ratio.name} = ${ratio.value.toFixed(2)}` : ''}`);
  }
}

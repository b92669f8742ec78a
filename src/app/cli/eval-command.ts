/**
 * `attune eval --at <ISO>[,<ISO>…] [--window 24h] [--horizon 48h] [--k 10] [--guild <id>] [--method <name>]
 * [--out recs.jsonl]`: runs the evaluation protocol on the current database and prints recall@K, NDCG@K and
 * coverage for every method (the model and the baselines); `--out` writes each member's ranking of each cut's
 * candidates by one method: `--method`, or by default the method that would serve after these cuts — the learned
 * model when the promotion rule promotes it on them, otherwise the best baseline.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { openDatabase } from '../../db/connection.js';
import { guildQueries } from '../../db/queries/guilds.js';
import { runMigrations } from '../../db/migrate.js';
import { evaluateMethods } from '../../model/eval/protocol.js';
import type { EvalReport, RankingLine } from '../../model/eval/types.js';
import { decidePromotion } from '../../model/promotion.js';
import { holdoutMetrics } from '../../model/training/run-training.js';
import { allMethods, baselineMethods } from '../../model/methods.js';
import type { RankingMethod } from '../../model/ranker.js';
import { durationSchema, formatDuration } from './duration.js';
import { isoTimeSchema } from './eval-times.js';
import { formatMetricTable } from './metric-table.js';

/** A bad option or database state the user can fix; the CLI prints the message alone and exits 2. */
export class EvalCommandError extends Error {
  override readonly name = 'EvalCommandError';
}

export const evalOptionsSchema = z.object({
  at: z
    .string({ error: 'is required (one or more ISO times, comma-separated)' })
    .transform((text) => text.split(',').filter((part) => part.trim() !== ''))
    .pipe(z.array(isoTimeSchema).min(1, 'needs at least one time')),
  window: durationSchema.prefault('24h'),
  horizon: durationSchema.prefault('48h'),
  k: z
    .string()
    .regex(/^\d+$/, 'must be a positive integer')
    .transform(Number)
    .refine((k) => k >= 1 && k <= 1000, 'must be between 1 and 1000')
    .prefault('10'),
  guild: z.string().regex(/^\d+$/, 'must be a guild id (digits)').optional(),
  method: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
});
export type EvalCommandOptions = z.output<typeof evalOptionsSchema>;

export function parseEvalOptions(raw: Record<string, string | undefined>): EvalCommandOptions {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = evalOptionsSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path[0];
    throw new EvalCommandError(`--${String(name ?? 'option')} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

/** The guild to evaluate: the one asked for, or the only one there is. */
export function resolveGuild(sqlite: Database.Database, requested: string | undefined): string {
  const guilds = guildQueries(sqlite).recordedGuilds();
  if (requested !== undefined) {
    if (!guilds.some((g) => g.id === requested)) throw new EvalCommandError(`no guild ${requested} in the database`);
    return requested;
  }
  const [only] = guilds;
  if (only && guilds.length === 1) return only.id;
  if (guilds.length === 0) throw new EvalCommandError('the database holds no guild (import some activity first)');
  throw new EvalCommandError(`several guilds; pass --guild <id>: ${guilds.map((g) => `${g.id} (${g.name})`).join(', ')}`);
}

export async function runEval(
  databasePath: string,
  options: EvalCommandOptions,
  methods: RankingMethod[] = allMethods(),
  print: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  await evaluateDatabase(databasePath, options, methods, print);
  return 0;
}

/** What `attune eval` does, returning its report: the quality benchmark runs exactly this. */
export async function evaluateDatabase(
  databasePath: string,
  options: EvalCommandOptions,
  methods: readonly RankingMethod[] = allMethods(),
  print: (line: string) => void = (line) => console.log(line),
): Promise<EvalReport> {
  if (options.method !== undefined && !methods.some((m) => m.name === options.method)) {
    throw new EvalCommandError(`--method must be one of ${methods.map((m) => m.name).join(', ')}`);
  }
  // Without --method, --out gets the rankings of the method that would serve (the promotion rule on these cuts):
  // the learned candidate's are written while it is evaluated and kept if it is promoted; otherwise the serving
  // baseline ranks the cuts again (a baseline is cheap) into --out.
  const streamed = options.method ?? defaultRankingMethod(methods);
  const handle = openDatabase(databasePath);
  let fd: number | undefined;
  const closeOpen = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  const partial = options.out === undefined ? undefined : `${options.out}.partial`;
  try {
    runMigrations(handle.db);
    const guildId = resolveGuild(handle.sqlite, options.guild);
    const protocol = { cuts: options.at, windowMs: options.window, horizonMs: options.horizon, k: options.k };
    const writeRankings = (method: string, path: string) => {
      const out = openSync(path, 'w');
      fd = out;
      return {
        method,
        onRanking: (line: RankingLine) =>
          writeSync(out, `${JSON.stringify({ at: new Date(line.at).toISOString(), member: line.member, items: line.items })}\n`),
      };
    };
    const log = (line: string) => print(`attune: ${line}`);
    const report = await evaluateMethods(handle.sqlite, guildId, methods, protocol, {
      log,
      ...(partial !== undefined && streamed !== undefined ? { rankings: writeRankings(streamed, partial) } : {}),
    });
    closeOpen();
    print(formatReport(report));
    if (options.out !== undefined && partial !== undefined) {
      const baselines = new Set(baselineMethods().map((m) => m.name));
      const decision = decidePromotion(
        methods.find((m) => !baselines.has(m.name))?.name ?? null,
        holdoutMetrics(report),
        methods.filter((m) => baselines.has(m.name)).map((m) => m.name),
      );
      const written = options.method ?? decision.serving;
      if (written === streamed) renameSync(partial, options.out);
      else {
        rmSync(partial, { force: true });
        const serving = methods.find((m) => m.name === written);
        if (!serving) throw new EvalCommandError(`the method that would serve, ${written}, is not among the evaluated methods`);
        await evaluateMethods(handle.sqlite, guildId, [serving], protocol, { rankings: writeRankings(written, options.out) });
        closeOpen();
      }
      print(`attune: wrote ${written}'s rankings to ${options.out}${options.method === undefined ? ` (the method that would serve: ${decision.reason})` : ''}`);
    }
    return report;
  } finally {
    closeOpen();
    if (partial !== undefined) rmSync(partial, { force: true });
    handle.close();
  }
}

/** The method whose rankings are written while every method is evaluated: the learned candidate, else BPR-MF. */
export function defaultRankingMethod(methods: readonly RankingMethod[]): string | undefined {
  const baselines = new Set(baselineMethods().map((m) => m.name));
  return (methods.find((m) => !baselines.has(m.name)) ?? methods.find((m) => m.name === 'bpr-mf') ?? methods[0])?.name;
}

/** The metric table, one row per method, best NDCG first. */
export function formatReport(report: EvalReport): string {
  const { k, windowMs, horizonMs } = report.protocol;
  const evaluated = report.cuts.reduce((sum, c) => sum + c.membersWithTarget, 0);
  const header = [
    `guild ${report.guildId}: ${report.cuts.length} cut(s), window ${formatDuration(windowMs)}, horizon ${formatDuration(horizonMs)}, ` +
      `${report.cuts.reduce((sum, c) => sum + c.candidates, 0)} candidates, ${evaluated} member-cuts with a target`,
  ];
  for (const cut of report.cuts) if (cut.noTargets) header.push(`cut ${new Date(cut.at).toISOString()}: ${cut.noTargets}`);
  const rows = report.methods.map((m) => ({
    label: m.name,
    recall: m.recall,
    ndcg: m.ndcg,
    coverage: m.coverage,
    memberCuts: m.membersEvaluated,
    trainMs: m.trainMs,
  }));
  return [...header, ...formatMetricTable(k, rows)].join('\n');
}

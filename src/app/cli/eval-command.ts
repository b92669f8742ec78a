/**
 * `attune eval --at <ISO>[,<ISO>…] [--window 24h] [--horizon 48h] [--k 10] [--guild <id>] [--method <name>]
 * [--out recs.jsonl]`: runs the evaluation protocol on the current database and prints recall@K, NDCG@K and
 * coverage for every method (the model and the baselines); `--out` writes each member's ranking of each cut's
 * candidates by one method (default: the learned model, i.e. the first method that is not a baseline; with none,
 * BPR-MF, the only personalised baseline).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { openDatabase } from '../../db/connection.js';
import { guildQueries } from '../../db/queries/guilds.js';
import { runMigrations } from '../../db/migrate.js';
import { evaluateMethods } from '../../model/eval/protocol.js';
import type { EvalReport } from '../../model/eval/types.js';
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
  const rankingMethod = options.method ?? defaultRankingMethod(methods);
  if (options.method !== undefined && !methods.some((m) => m.name === options.method)) {
    throw new EvalCommandError(`--method must be one of ${methods.map((m) => m.name).join(', ')}`);
  }
  const handle = openDatabase(databasePath);
  let out: number | undefined;
  try {
    runMigrations(handle.db);
    const guildId = resolveGuild(handle.sqlite, options.guild);
    if (options.out !== undefined) out = openSync(options.out, 'w');
    const fd = out;
    const report = await evaluateMethods(
      handle.sqlite,
      guildId,
      methods,
      { cuts: options.at, windowMs: options.window, horizonMs: options.horizon, k: options.k },
      {
        log: (line) => print(`attune: ${line}`),
        ...(fd !== undefined && rankingMethod !== undefined
          ? {
              rankings: {
                method: rankingMethod,
                onRanking: (line) =>
                  writeSync(fd, `${JSON.stringify({ at: new Date(line.at).toISOString(), member: line.member, items: line.items })}\n`),
              },
            }
          : {}),
      },
    );
    print(formatReport(report));
    if (options.out !== undefined) print(`attune: wrote ${rankingMethod}'s rankings to ${options.out}`);
    return report;
  } finally {
    if (out !== undefined) closeSync(out);
    handle.close();
  }
}

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

/**
 * The benchmark summary: every recorded figure in one table, the latest value per (benchmark, preset, figure),
 * its goal judged, and a "not run" row for every known benchmark without a recorded run. Pure: runs in, rows and
 * text out. Figures from different presets (sizes) are separate rows, so a quick run never hides a full one.
 */
import { formatGoal, formatNumber, meetsGoal, type BenchFigure, type BenchRun } from './figures.js';

export interface FigureRow {
  kind: 'figure';
  benchmark: string;
  figure: BenchFigure;
  /** Judged from the recorded goal and value; null when the figure has no goal. */
  met: boolean | null;
  run: Omit<BenchRun, 'figures' | 'benchmark'>;
}

export interface NotRunRow {
  kind: 'not run';
  benchmark: string;
}

export type SummaryRow = FigureRow | NotRunRow;

/**
 * Latest value per (benchmark, preset, figure). Benchmarks appear in `known` order, then any others by name;
 * within a benchmark, its most recently run preset first; within a preset, figures in the order of its latest run.
 */
export function summarize(runs: readonly BenchRun[], known: readonly string[]): SummaryRow[] {
  const chronological = [...runs].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  /** Per (benchmark, preset): when it last ran, the figure order of that run, and the latest row per figure. */
  const groups = new Map<string, { benchmark: string; at: number; order: string[]; latest: Map<string, FigureRow> }>();
  for (const run of chronological) {
    const { figures, benchmark, ...context } = run;
    const key = JSON.stringify([benchmark, run.preset]);
    const group = groups.get(key) ?? { benchmark, at: 0, order: [], latest: new Map<string, FigureRow>() };
    group.at = Date.parse(run.at);
    group.order = figures.map((f) => f.name);
    for (const figure of figures) {
      const met = figure.goal === null ? null : meetsGoal(figure.goal, figure.value);
      group.latest.set(figure.name, { kind: 'figure', benchmark, figure, met, run: context });
    }
    groups.set(key, group);
  }
  const others = [...new Set(runs.map((r) => r.benchmark))].filter((b) => !known.includes(b)).sort();
  const rows: SummaryRow[] = [];
  for (const benchmark of [...known, ...others]) {
    const presets = [...groups.values()].filter((g) => g.benchmark === benchmark).sort((a, b) => b.at - a.at);
    if (presets.length === 0) rows.push({ kind: 'not run', benchmark });
    for (const group of presets) {
      const rank = (row: FigureRow) => {
        const at = group.order.indexOf(row.figure.name);
        return at === -1 ? group.order.length : at;
      };
      rows.push(...[...group.latest.values()].sort((a, b) => rank(a) - rank(b)));
    }
  }
  return rows;
}

function formatValue(figure: BenchFigure): string {
  if (figure.value === null) return 'not reached';
  return `${formatNumber(figure.value)}${figure.unit ? ` ${figure.unit}` : ''}`;
}

function formatDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function formatMachine(machine: BenchRun['machine']): string {
  return `${machine.cores} cores, Node ${machine.node}, load ${formatNumber(machine.load1)}`;
}

const COLUMNS = ['benchmark', 'figure', 'value', 'goal', 'met', 'run (UTC)', 'data / preset', 'backend', 'machine'] as const;

/** Aligned text, one line per row; the benchmark name only on its first line, so groups read at a glance. */
export function formatSummary(rows: readonly SummaryRow[]): string {
  const cells: string[][] = [];
  let previous = '';
  for (const row of rows) {
    const name = row.benchmark === previous ? '' : row.benchmark;
    previous = row.benchmark;
    if (row.kind === 'not run') {
      cells.push([name, 'not run', '', '', '', '', '', '', '']);
      continue;
    }
    const { figure, run } = row;
    cells.push([
      name,
      figure.name,
      formatValue(figure),
      figure.goal === null ? '' : formatGoal(figure.goal, figure.unit),
      row.met === null ? '' : row.met ? '✓' : '✗',
      formatDate(run.at),
      `${run.dataset}: ${run.preset}`,
      run.backend ?? '–',
      formatMachine(run.machine),
    ]);
  }
  const widths = COLUMNS.map((column, i) => Math.max(column.length, ...cells.map((c) => (c[i] as string).length)));
  // Numbers right-aligned, so magnitudes line up.
  const line = (c: readonly string[]) =>
    c.map((cell, i) => (i === 2 ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Counts for the closing line: goals met and missed among the latest figures, benchmarks never run. */
export function summaryCounts(rows: readonly SummaryRow[]): { met: number; missed: number; notRun: number } {
  let met = 0;
  let missed = 0;
  let notRun = 0;
  for (const row of rows) {
    if (row.kind === 'not run') notRun++;
    else if (row.met === true) met++;
    else if (row.met === false) missed++;
  }
  return { met, missed, notRun };
}

/**
 * The benchmark summary: every recorded figure in one table, the latest value per (benchmark, data set, preset, figure),
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
 * Latest value per (benchmark, data set, preset, figure). Benchmarks appear in `known` order, then any others by
 * name; within a benchmark, its most recently run data set and preset first; within one, figures in the order of
 * its latest run.
 */
export function summarize(runs: readonly BenchRun[], known: readonly string[]): SummaryRow[] {
  const chronological = [...runs].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  /** Per (benchmark, data set, preset): when it last ran, the figure order of that run, and the latest row per figure. */
  const groups = new Map<string, { benchmark: string; at: number; order: string[]; latest: Map<string, FigureRow> }>();
  for (const run of chronological) {
    const { figures, benchmark, ...context } = run;
    const key = JSON.stringify([benchmark, run.dataset, run.preset]);
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

function formatRun(run: FigureRow['run']): string {
  return [`${run.dataset}: ${run.preset}`, `${formatDate(run.at)} UTC`, run.backend ?? 'no backend', formatMachine(run.machine)].join(' · ');
}

/**
 * Aligned text: per benchmark and preset a heading with the run (data and preset, date, backend, machine), then
 * one line per figure: value, goal, ✓/✗, and the date of an earlier run when the figure came from one.
 */
export function formatSummary(rows: readonly SummaryRow[]): string {
  type Line = { heading: string } | { cells: [string, string, string, string, string] };
  const groupOf = (row: FigureRow) => JSON.stringify([row.benchmark, row.run.dataset, row.run.preset]);
  /** The newest run behind each group's figures: the group's heading. */
  const newest = new Map<string, FigureRow['run']>();
  for (const row of rows) {
    if (row.kind === 'not run') continue;
    const seen = newest.get(groupOf(row));
    if (!seen || Date.parse(row.run.at) > Date.parse(seen.at)) newest.set(groupOf(row), row.run);
  }
  const lines: Line[] = [];
  let group = '';
  for (const row of rows) {
    if (row.kind === 'not run') {
      lines.push({ heading: `${row.benchmark} — not run` });
      group = '';
      continue;
    }
    const key = groupOf(row);
    const heading = newest.get(key) ?? row.run;
    if (key !== group) {
      lines.push({ heading: `${row.benchmark} — ${formatRun(heading)}` });
      group = key;
    }
    const { figure } = row;
    lines.push({
      cells: [
        `  ${figure.name}`,
        formatValue(figure),
        figure.goal === null ? '' : formatGoal(figure.goal, figure.unit),
        row.met === null ? '' : row.met ? '✓' : '✗',
        row.run.at === heading.at ? '' : `(${formatDate(row.run.at)} run)`,
      ],
    });
  }
  const header: [string, string, string, string, string] = ['benchmark / figure', 'value', 'goal', 'met', ''];
  const cellLines = lines.flatMap((l) => ('cells' in l ? [l.cells] : []));
  const widths = header.map((h, i) => Math.max(h.length, ...cellLines.map((c) => c[i]!.length)));
  // Values right-aligned, so magnitudes line up.
  const format = (c: readonly string[]) =>
    c.map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map((l) => ('cells' in l ? format(l.cells) : l.heading))].join('\n');
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

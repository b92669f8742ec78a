/**
 * The one holdout table `attune train` and `attune eval` print: the same columns, headers and number formats, so
 * a figure read in one can be compared with the other. Rows come best NDCG first (then recall).
 */
export interface MetricRow {
  /** Method name, possibly marked (train marks the serving one with " *"). */
  label: string;
  recall: number;
  ndcg: number;
  coverage: number;
  /** Member-cuts evaluated (a member with a target at one cut counts once per cut). */
  memberCuts: number;
  /** Training time; undefined for methods that do not train. */
  trainMs: number | undefined;
}

export const METRIC_COLUMNS = (k: number): string[] => ['method', `recall@${k}`, `NDCG@${k}`, `coverage@${k}`, 'member-cuts', 'train s'];

/** The table's lines (header, rule, rows), each starting with `indent`. */
export function formatMetricTable(k: number, rows: readonly MetricRow[], indent = ''): string[] {
  const sorted = [...rows].sort((a, b) => b.ndcg - a.ndcg || b.recall - a.recall);
  const cells = sorted.map((m) => [
    m.label,
    m.recall.toFixed(4),
    m.ndcg.toFixed(4),
    m.coverage.toFixed(4),
    String(m.memberCuts),
    m.trainMs === undefined ? '' : (m.trainMs / 1000).toFixed(1),
  ]);
  const header = METRIC_COLUMNS(k);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] as string).length)));
  const line = (row: string[]) => indent + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}

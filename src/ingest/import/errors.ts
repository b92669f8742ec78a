/**
 * Import problems. An import validates everything before it writes anything, so problems are collected rather
 * than thrown one at a time: the user fixes a file in one pass instead of one error per run.
 */

export interface ImportIssue {
  file: string;
  /** 1-based physical line (CSV, JSONL); absent for whole-file problems and DCE JSON. */
  line?: number;
  /** Where in a JSON document, e.g. `messages[12].author.id` (DCE JSON). */
  path?: string;
  message: string;
}

/** How many issues an ImportError spells out; the rest are only counted so a garbage file cannot exhaust memory. */
export const DEFAULT_MAX_LISTED_ISSUES = 50;

export function formatIssue(issue: ImportIssue): string {
  const where = issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file;
  return issue.path !== undefined ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(
    /** The first issues found, in file order. */
    readonly issues: readonly ImportIssue[],
    /** Every issue found, listed or not. */
    readonly total: number = issues.length,
  ) {
    super(ImportError.describe(issues, total));
  }

  private static describe(issues: readonly ImportIssue[], total: number): string {
    const head = `import failed with ${total} error${total === 1 ? '' : 's'}; nothing was written`;
    const lines = issues.map((issue) => `  ${formatIssue(issue)}`);
    const rest = total - issues.length;
    if (rest > 0) lines.push(`  ... and ${rest} more`);
    return [head, ...lines].join('\n');
  }
}

/** Collects the issues of one file. */
export class IssueCollector {
  private readonly listed: ImportIssue[] = [];
  private count = 0;

  constructor(
    readonly file: string,
    private readonly maxListed: number = DEFAULT_MAX_LISTED_ISSUES,
  ) {}

  add(message: string, where: { line?: number; path?: string } = {}): void {
    this.count += 1;
    if (this.listed.length < this.maxListed) this.listed.push({ file: this.file, ...where, message });
  }

  get total(): number {
    return this.count;
  }

  /** Throws the collected issues, if any. */
  throwIfAny(): void {
    if (this.count > 0) throw new ImportError(this.listed, this.count);
  }
}

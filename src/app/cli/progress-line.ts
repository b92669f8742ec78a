/**
 * One line of progress, redrawn in place on a terminal (carriage return, clear to end of line). Off a terminal
 * (a log file, a pipe, CI) it writes nothing: a progress line is for a person watching, and a log of hundreds of
 * redraws is noise.
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Redraws at most this often. */
const REDRAW_MS = 100;

export class ProgressLine {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private shown = false;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /** Shows `text` (cut to the terminal's width); `force` redraws even if the last redraw was a moment ago. */
  update(text: string, force = false): void {
    if (!this.enabled) return;
    const at = this.now();
    if (!force && at - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = at;
    const width = (this.stream.columns ?? 80) - 1;
    this.stream.write(`\r\x1b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    this.shown = true;
  }

  /** Clears the line, so what is printed next starts on a clean one. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

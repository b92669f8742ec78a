import type { Logger } from 'pino';
import type { ActivityStore } from './activity-store.js';
import type { IngestOp } from './records.js';

const BUSY_RETRY_MS = 250;

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED');
}

export interface IngestWriterOptions {
  /** Flush as soon as this many ops are waiting. */
  maxBatch?: number;
  /** Longest an op waits before it is written. */
  maxDelayMs?: number;
}

/**
 * Collects ops from gateway listeners and writes them in batches, one transaction each: a busy guild produces
 * thousands of events a second and one transaction per event would spend most of its time in fsync.
 * If a batch fails as a whole, its ops are retried one by one so one bad op never loses its neighbours.
 */
export class IngestWriter {
  private queue: IngestOp[] = [];
  private pendingPostIds = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Ops written since start, for metrics and benchmarks. */
  written = 0;

  constructor(
    private readonly store: ActivityStore,
    private readonly log: Logger,
    options: IngestWriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 2000;
    this.maxDelayMs = options.maxDelayMs ?? 20;
  }

  enqueue(op: IngestOp): void {
    if (this.closed) {
      this.log.warn({ op: op.kind }, 'ingest op after shutdown dropped');
      return;
    }
    this.queue.push(op);
    if (op.kind === 'post') this.pendingPostIds.add(op.post.id);
    if (this.queue.length >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  /** True when the op refers to a message that is stored or about to be. */
  knowsPost(messageId: string): boolean {
    return this.pendingPostIds.has(messageId) || this.store.hasPost(messageId);
  }

  /** Writes everything queued, now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    this.queue = [];
    this.pendingPostIds = new Set();
    if (batch.length > 0) this.write(batch);
    if (this.queue.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once everything enqueued so far is written. */
  idle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Final flush on shutdown; later ops are refused. */
  close(): void {
    this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.queue.length > 0) {
      // Only when another process held the database lock through the final flush; backfill re-reads them next start.
      this.log.error({ unwritten: this.queue.length }, 'database still busy at shutdown; unwritten ingest ops dropped');
    }
  }

  private write(batch: IngestOp[]): void {
    try {
      this.store.apply(batch);
      this.written += batch.length;
    } catch (error) {
      if (isBusy(error)) {
        // Another writer (an import, a backup) holds the lock past busy_timeout: nothing is wrong with the ops, so
        // keep them, ahead of anything newer, and try again shortly.
        this.log.warn({ size: batch.length }, 'database busy; ingest batch kept for retry');
        this.queue = [...batch, ...this.queue];
        for (const op of batch) if (op.kind === 'post') this.pendingPostIds.add(op.post.id);
        this.timer ??= setTimeout(() => this.flush(), BUSY_RETRY_MS);
        return;
      }
      this.log.error({ err: error, size: batch.length }, 'ingest batch failed; retrying op by op');
      for (const op of batch) {
        try {
          this.store.apply([op]);
          this.written += 1;
        } catch (opError) {
          this.log.error({ err: opError, op: op.kind }, 'ingest op rejected');
        }
      }
    }
  }
}

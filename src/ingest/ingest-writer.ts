import type { Logger } from 'pino';
import type { ActivityStore } from './activity-store.js';
import { memberSnapshot, type IngestOp } from './records.js';
import type { StoreWorkerClient } from './store-worker-client.js';

const RECENT_POSTS_KEPT = 20_000;

export interface IngestWriterOptions {
  /** Send a batch as soon as this many ops are waiting. */
  maxBatch?: number;
  /** Longest an op waits before its batch is sent. */
  maxDelayMs?: number;
  /** Sees every committed batch with the seconds from hand-off to commit (metrics). */
  onBatchCommitted?: (ops: readonly IngestOp[], seconds: number) => void;
}

/**
 * Collects ops from gateway listeners and hands them to the store worker in batches, one transaction each: a busy
 * guild produces thousands of events a second, and one transaction per event would spend its time committing.
 * Batches are applied in the order they are sent, so ops keep the order in which events arrived.
 */
export class IngestWriter {
  private queue: IngestOp[] = [];
  /** Posts sent or queued but not yet committed: "do we have this message?" must count them. */
  private readonly pendingPostIds = new Map<string, number>();
  /** Latest checkpoint per channel in the current batch: only the newest matters, so one op per channel. */
  private checkpoints = new Map<string, Extract<IngestOp, { kind: 'checkpoint' }>>();
  /** Last member record enqueued per guild:user: every message carries its author, and it rarely changes. */
  private readonly memberSnapshots = new Map<string, string>();
  /** Posts committed recently: reactions mostly target fresh posts, and this spares a database read for each. */
  private readonly recentPostIds = new Set<string>();
  /** The same ids in a ring, oldest at `recentNext`, so forgetting the oldest is O(1). */
  private readonly recentRing: (string | undefined)[] = new Array<string | undefined>(RECENT_POSTS_KEPT);
  private recentNext = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly onBatchCommitted: IngestWriterOptions['onBatchCommitted'];
  private closed = false;
  private readonly committedListeners: ((ops: readonly IngestOp[]) => void)[] = [];
  /** Ops committed since start, for metrics, benchmarks and the demo. */
  written = 0;

  constructor(
    private readonly worker: StoreWorkerClient,
    /** A read connection on this thread, for lookups. */
    private readonly reader: ActivityStore,
    private readonly log: Logger,
    options: IngestWriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 2000;
    this.maxDelayMs = options.maxDelayMs ?? 20;
    this.onBatchCommitted = options.onBatchCommitted;
  }

  enqueue(op: IngestOp): void {
    if (this.closed) {
      this.log.warn({ op: op.kind }, 'ingest op after shutdown dropped');
      return;
    }
    if (op.kind === 'checkpoint') {
      this.checkpoints.set(op.channelId, op);
      this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
      return;
    }
    if (op.kind === 'member') {
      const key = `${op.member.guildId}:${op.member.userId}`;
      const snapshot = memberSnapshot(op.member);
      if (this.memberSnapshots.get(key) === snapshot) return;
      this.memberSnapshots.set(key, snapshot);
    } else if (op.kind === 'memberLeft') {
      this.memberSnapshots.delete(`${op.guildId}:${op.userId}`);
    }
    this.queue.push(op);
    if (op.kind === 'post') this.pendingPostIds.set(op.post.id, (this.pendingPostIds.get(op.post.id) ?? 0) + 1);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  /**
   * Calls `listener` with each batch once it is committed (features that derive state from the recorded activity,
   * like the points ledger, follow along without polling). A listener that throws is logged and never stops ingest.
   */
  onCommitted(listener: (ops: readonly IngestOp[]) => void): void {
    this.committedListeners.push(listener);
  }

  /** True when the message is stored or on its way to the database. */
  knowsPost(messageId: string): boolean {
    return this.pendingPostIds.has(messageId) || this.recentPostIds.has(messageId) || this.reader.hasPost(messageId);
  }

  /** Sends everything queued now; resolves when it is committed. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    this.queue = [];
    // Checkpoints go last: they may only cover posts that are committed with or before them.
    for (const checkpoint of this.checkpoints.values()) batch.push(checkpoint);
    this.checkpoints = new Map();
    return batch.length > 0 ? this.send(batch, true) : Promise.resolve();
  }

  /**
   * Applies ops as one transaction after everything queued before them (backfill pages use it, so a page and its
   * checkpoint land together).
   */
  async apply(ops: IngestOp[]): Promise<void> {
    void this.flush();
    await this.send(ops, false);
  }

  /** Resolves once everything enqueued so far is committed. */
  async idle(): Promise<void> {
    void this.flush();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Final flush on shutdown; later ops are refused. */
  async close(): Promise<void> {
    await this.idle();
    this.closed = true;
    await this.worker.close();
  }

  private rememberPost(id: string): void {
    if (this.recentPostIds.has(id)) return;
    const oldest = this.recentRing[this.recentNext];
    if (oldest !== undefined) this.recentPostIds.delete(oldest);
    this.recentRing[this.recentNext] = id;
    this.recentNext = (this.recentNext + 1) % RECENT_POSTS_KEPT;
    this.recentPostIds.add(id);
  }

  private send(batch: IngestOp[], fromQueue: boolean): Promise<void> {
    const postIds = fromQueue ? batch.flatMap((op) => (op.kind === 'post' ? [op.post.id] : [])) : [];
    const started = performance.now();
    // Said while it waits, not only once it is over: a lock held for minutes must not look like a silent stall.
    const waiting = () => this.log.warn({ size: batch.length }, 'database is busy; ingest batch waiting for the lock');
    const sent = this.worker
      .apply(batch, waiting)
      .then((outcome) => {
        this.written += outcome.written;
        this.onBatchCommitted?.(batch, (performance.now() - started) / 1000);
        for (const id of postIds) this.rememberPost(id);
        for (const rejected of outcome.rejected) this.log.error(rejected, 'ingest op rejected');
        if (outcome.busyRetries > 0) this.log.warn({ busyRetries: outcome.busyRetries }, 'database was busy; ingest batch waited');
        for (const listener of this.committedListeners) {
          try {
            listener(batch);
          } catch (error) {
            this.log.error({ err: error }, 'ingest commit listener failed');
          }
        }
      })
      .catch((error: unknown) => {
        this.log.error({ err: error, size: batch.length }, 'ingest batch lost: store worker failed');
      })
      .finally(() => {
        for (const id of postIds) {
          const left = (this.pendingPostIds.get(id) ?? 1) - 1;
          if (left > 0) this.pendingPostIds.set(id, left);
          else this.pendingPostIds.delete(id);
        }
        this.inFlight.delete(sent);
      });
    this.inFlight.add(sent);
    return sent;
  }
}

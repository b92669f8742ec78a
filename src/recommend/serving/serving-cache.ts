/**
 * Per-guild serving cache: a snapshot, the ranker bound to it and the derived indexes (ServingState), rebuilt in
 * the background (the serving-refresh task, src/tasks/serving-refresh-task.ts) and when a training run finishes,
 * never per request.
 *
 * Staleness bound (documented in the README): post counts, relations and the model's view are at most the refresh
 * period (RECOMMEND_REFRESH_MINUTES) + one build old; posts created since the build are read live every `freshTtlMs` and scored by cold
 * start; the member's own reactions/replies, feedback, digests, deletions of shortlisted posts, opt-outs and
 * permissions are read live on every request. A member who opted out (or was erased) since the build is left out
 * of every answer at once by the filters and the explainer; the first use after that starts a rebuild in the
 * background, so the snapshot's counts and the model's view leave them out too within one build.
 *
 * With `databasePath` set (the bot), the data half of a build (snapshot and indexes) runs on a worker thread with
 * its own connection; only binding the ranker and swapping the entry happen on the main thread. Without it
 * (benchmarks, unit tests) the build runs inline.
 */
import type Database from 'better-sqlite3';
import type { SnapshotOptions } from '../../graph/build-snapshot.js';
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { Logger } from '../../ops/log.js';
import type { Ranker } from '../../model/ranker.js';
import { FreshPosts } from './fresh-posts.js';
import { nextWorkerMessage, startModuleWorker } from '../../lib/worker-entry.js';
import { buildIndexesFromDatabase, type ServingBuildRequest } from './serving-build.js';
import type { ServingBuildWorkerData } from './serving-build-worker.js';
import { bindServingState, DEFAULT_SERVING_STATE_OPTIONS, type ServingIndexes, type ServingState, type ServingStateOptions } from './serving-state.js';

/** Binds the guild's serving model (registry's promoted model or best baseline) to a snapshot. */
export type RankerLoader = (sqlite: Database.Database, guildId: string, snapshot: GraphSnapshot) => Promise<{ ranker: Ranker; method: string }>;

export interface ServingCacheOptions {
  sqlite: Database.Database;
  log: Logger;
  now: () => number;
  loadRanker: RankerLoader;
  /** Build snapshots on a worker thread reading this database file (default: inline on the calling thread). */
  databasePath?: string;
  /** How long the live list of posts newer than the snapshot is reused (default 15 s). */
  freshTtlMs?: number;
  state?: Partial<ServingStateOptions>;
  snapshot?: Partial<SnapshotOptions>;
  /** The guild's opted-out members now (default: nobody): an entry built before one of them opted out is rebuilt. */
  optedOutMembers?: (guildId: string) => ReadonlySet<string>;
}

export interface ServingEntry {
  state: ServingState;
  fresh: FreshPosts;
}

interface Held {
  entry: ServingEntry;
  leases: number;
  retired: boolean;
  /** The guild's opted-out members when the build began (the snapshot leaves out at least these). */
  optedOut: ReadonlySet<string>;
}

export class ServingCache {
  readonly #entries = new Map<string, Held>();
  readonly #building = new Map<string, Promise<ServingEntry>>();
  readonly #stateOptions: ServingStateOptions;
  #stopped = false;

  constructor(private readonly options: ServingCacheOptions) {
    this.#stateOptions = { ...DEFAULT_SERVING_STATE_OPTIONS, ...options.state };
  }

  get freshTtlMs(): number {
    return this.options.freshTtlMs ?? 15_000;
  }

  /** The warm entry, without building. */
  peek(guildId: string): ServingEntry | undefined {
    return this.#entries.get(guildId)?.entry;
  }

  /** The warm entry, or a new one built now (concurrent callers share one build). Use it synchronously. */
  async get(guildId: string): Promise<ServingEntry> {
    const held = this.#entries.get(guildId);
    if (!held) return this.refresh(guildId);
    this.#rebuildIfSomeoneOptedOut(guildId, held);
    return held.entry;
  }

  /**
   * For work that awaits between uses (a digest batch): the entry stays usable until `release`, even if a refresh
   * replaces it meanwhile; its ranker is disposed after the last release.
   */
  async lease(guildId: string): Promise<{ entry: ServingEntry; release: () => void }> {
    if (!this.#entries.has(guildId)) await this.refresh(guildId);
    const held = this.#entries.get(guildId);
    if (!held) throw new Error(`no serving state for guild ${guildId}`);
    this.#rebuildIfSomeoneOptedOut(guildId, held);
    held.leases += 1;
    let released = false;
    return {
      entry: held.entry,
      release: () => {
        if (released) return;
        released = true;
        held.leases -= 1;
        if (held.retired && held.leases === 0) held.entry.state.ranker.dispose();
      },
    };
  }

  /** Rebuilds the guild's entry and swaps it in when ready; the previous ranker is released. */
  refresh(guildId: string): Promise<ServingEntry> {
    const running = this.#building.get(guildId);
    if (running) return running;
    const build = this.#build(guildId).finally(() => this.#building.delete(guildId));
    this.#building.set(guildId, build);
    return build;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled(this.#building.values());
    for (const held of this.#entries.values()) this.#retire(held);
    this.#entries.clear();
  }

  /** Rebuilds, one after the other, every warm guild `include` accepts; a failed build leaves the old entry serving. */
  async refreshWarm(include: (guildId: string) => boolean): Promise<void> {
    for (const guildId of [...this.#entries.keys()]) {
      if (this.#stopped || !include(guildId)) continue;
      try {
        await this.refresh(guildId);
      } catch (error) {
        this.options.log.warn({ err: error, guildId }, 'serving cache refresh failed; the previous state keeps serving');
      }
    }
  }

  /** Starts a background rebuild when a member opted out after the entry's build began (the answer in hand is already safe). */
  #rebuildIfSomeoneOptedOut(guildId: string, held: Held): void {
    const now = this.options.optedOutMembers?.(guildId);
    if (!now || [...now].every((id) => held.optedOut.has(id))) return;
    this.refresh(guildId).catch((error: unknown) => this.options.log.warn({ err: error, guildId }, 'serving rebuild after an opt-out failed'));
  }

  async #build(guildId: string): Promise<ServingEntry> {
    const { sqlite, now } = this.options;
    const started = performance.now();
    const at = now();
    const optedOut = new Set(this.options.optedOutMembers?.(guildId) ?? []);
    const request: ServingBuildRequest = { guildId, at, state: this.#stateOptions, snapshot: this.options.snapshot ?? {} };
    const indexes = this.options.databasePath ? await buildOnWorker(this.options.databasePath, request) : buildIndexesFromDatabase(sqlite, request);
    const { snapshot } = indexes;
    const { ranker, method } = await this.options.loadRanker(sqlite, guildId, snapshot);
    const state = bindServingState(indexes, ranker, method);
    const entry: ServingEntry = { state, fresh: new FreshPosts(sqlite, guildId, at, this.freshTtlMs) };
    if (this.#stopped) {
      ranker.dispose();
      return entry;
    }
    const previous = this.#entries.get(guildId);
    this.#entries.set(guildId, { entry, leases: 0, retired: false, optedOut });
    if (previous) this.#retire(previous);
    this.options.log.debug(
      { guildId, method, posts: snapshot.posts.ids.length, members: snapshot.members.ids.length, ms: Math.round(performance.now() - started) },
      'serving state rebuilt',
    );
    return entry;
  }

  #retire(held: Held): void {
    held.retired = true;
    if (held.leases === 0) held.entry.state.ranker.dispose();
  }
}

async function buildOnWorker(databasePath: string, request: ServingBuildRequest): Promise<ServingIndexes> {
  const worker = startModuleWorker(new URL('./serving-build-worker' + moduleExtension(), import.meta.url), {
    workerData: { databasePath, ...request } satisfies ServingBuildWorkerData,
  });
  try {
    const reply = await Promise.race([
      nextWorkerMessage<{ indexes: ServingIndexes }>(worker, 'built'),
      nextWorkerMessage<{ error: string }>(worker, 'failed').then(({ error }) => Promise.reject(new Error(`serving build failed: ${error}`))),
    ]);
    return reply.indexes;
  } finally {
    await worker.terminate();
  }
}

/** The worker's module runs as TypeScript under tsx (dev, tests) and as JavaScript when compiled. */
function moduleExtension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}

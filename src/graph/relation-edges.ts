/**
 * Member → member relations of a snapshot, aggregated per directed pair. The events are the member_relations
 * view's (src/db/schema.ts) — replies, mentions, reactions to a member's post, thread co-participation — but are
 * collected from rows the snapshot builder reads anyway (posts, reactions, mentions) instead of reading the view:
 * at a million events that halves the database work. Co-participation is derived from the posts with a bound per
 * post (addThreadPost), where the view's table links each post with up to 50 partners: in threads with at most
 * SnapshotOptions.coThreadPartners posters the two agree, and a test holds them to the same counts.
 */
import { relationStrength, timeDecay } from './decay.js';
import { groupPairs } from './group-pairs.js';
import { GrowableColumn } from './growable.js';
import type { RelationKindName, SnapshotOptions } from './snapshot-options.js';
import { SNAPSHOT_RELATION_KINDS, type RelationEdges } from './snapshot.js';

const KINDS = SNAPSHOT_RELATION_KINDS.length;
const KIND_COLUMN = Object.fromEntries(SNAPSHOT_RELATION_KINDS.map((kind, i) => [kind, i])) as Record<RelationKindName, number>;

export class RelationAccumulator {
  private readonly from = new GrowableColumn(Int32Array, 1 << 16);
  private readonly to = new GrowableColumn(Int32Array, 1 << 16);
  private readonly kind = new GrowableColumn(Uint8Array, 1 << 16);
  private readonly eventAt = new GrowableColumn(Float64Array, 1 << 16);
  /** Per thread, its most recently active posters (oldest first); which (member, thread) pairs have posted. */
  private readonly threadPosters = new Map<number, number[]>();
  private readonly joined = new Set<number>();

  private readonly horizon: number;

  /**
   * `historyFrom`: the start of the snapshot's post window; events before it are also summed, decayed at it, into
   * `RelationEdges.history`. Events older than the relation horizon are ignored.
   */
  constructor(
    private readonly at: number,
    private readonly memberCount: number,
    private readonly options: SnapshotOptions,
    private readonly historyFrom = -Infinity,
  ) {
    this.horizon = at - options.relationHorizonMs;
  }

  /** Events before this time are not relations any more (the relation horizon). */
  get since(): number {
    return this.horizon;
  }

  /** One relation event from member `a` to member `b` (indices; self-relations and non-members are ignored). */
  add(a: number, b: number, kind: RelationKindName, eventAt: number): void {
    if (a === b || a < 0 || b < 0 || eventAt < this.horizon) return;
    this.from.push(a);
    this.to.push(b);
    this.kind.push(KIND_COLUMN[kind]);
    this.eventAt.push(eventAt);
  }

  /**
   * A post by `author` in `thread` at `eventAt` (posts in time order): at the author's first post there, a
   * co-participation event both ways with each of the thread's most recently active other posters (at most
   * SnapshotOptions.coThreadPartners).
   */
  addThreadPost(author: number, thread: number, eventAt: number): void {
    if (author < 0 || thread < 0) return;
    let recent = this.threadPosters.get(thread);
    if (!recent) this.threadPosters.set(thread, (recent = []));
    const key = author * 2 ** 21 + thread;
    if (!this.joined.has(key)) {
      this.joined.add(key);
      for (const other of recent) {
        this.add(author, other, 'co_thread', eventAt);
        this.add(other, author, 'co_thread', eventAt);
      }
    }
    const at = recent.indexOf(author);
    if (at >= 0) recent.splice(at, 1);
    recent.push(author);
    if (recent.length > this.options.coThreadPartners) recent.shift();
  }

  /** Pairs ordered by `from`. */
  finish(): RelationEdges {
    const from = this.from.toArray();
    const kind = this.kind.toArray();
    const eventAt = this.eventAt.toArray();
    const groups = groupPairs(from, this.to.toArray(), this.memberCount, this.memberCount);
    const pairs = groups.a.length;
    const decayed = new Float64Array(pairs);
    const lastAt = new Float64Array(pairs).fill(-Infinity);
    const byKind = new Float32Array(pairs * KINDS);
    const history = new Float32Array(pairs * KINDS);
    const weight = SNAPSHOT_RELATION_KINDS.map((k) => this.options.relationWeights[k]);
    const halfLife = this.options.relationHalfLifeMs;
    for (let e = 0; e < from.length; e++) {
      const pair = groups.pairOfRow[e] as number;
      const k = kind[e] as number;
      const t = eventAt[e] as number;
      decayed[pair] = (decayed[pair] as number) + (weight[k] as number) * timeDecay(this.at, t, halfLife);
      if (t > (lastAt[pair] as number)) lastAt[pair] = t;
      byKind[pair * KINDS + k] = (byKind[pair * KINDS + k] as number) + 1;
      if (t < this.historyFrom) history[pair * KINDS + k] = (history[pair * KINDS + k] as number) + timeDecay(this.historyFrom, t, halfLife);
    }
    const strength = new Float32Array(pairs);
    for (let i = 0; i < pairs; i++) strength[i] = relationStrength(decayed[i] as number);
    return { from: groups.a, to: groups.b, strength, byKind, lastAt, history };
  }
}

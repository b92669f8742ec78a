/**
 * Member → member relations of a snapshot, aggregated per directed pair. The events are the member_relations
 * view's (src/db/schema.ts) — replies, mentions, reactions to a member's post, thread co-participation — but are
 * collected from rows the snapshot builder reads anyway (posts, reactions, mentions) plus the co-participation
 * table, instead of reading the view: at a million events that halves the database work. A test holds the two
 * to the same counts.
 */
import type Database from 'better-sqlite3';
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
   * Thread co-participation before the cut, in both directions (the table stores each pair once). Streamed: a
   * forum-heavy guild holds millions of pairs. `scan` is '' or 'NOT INDEXED' (see build-snapshot's guildScan).
   */
  addCoThread(sqlite: Database.Database, guildId: string, memberIndex: Map<string, number>, scan = ''): void {
    const rows = sqlite
      .prepare(`SELECT member_a, member_b, at FROM thread_co_participation ${scan} WHERE guild_id = ? AND at < ? AND at >= ?`)
      .raw(true)
      .iterate(guildId, this.at, this.horizon) as IterableIterator<[string, string, number]>;
    for (const [memberA, memberB, eventAt] of rows) {
      const a = memberIndex.get(memberA);
      const b = memberIndex.get(memberB);
      if (a === undefined || b === undefined) continue;
      this.add(a, b, 'co_thread', eventAt);
      this.add(b, a, 'co_thread', eventAt);
    }
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

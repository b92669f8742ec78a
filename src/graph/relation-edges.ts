/**
 * Member → member relations of a snapshot, aggregated per directed pair. The events are the member_relations
 * view's (src/db/schema.ts) — replies, mentions, reactions to a member's post, thread co-participation — but are
 * collected from rows the snapshot builder reads anyway (posts, reactions, mentions) plus the co-participation
 * table, instead of reading the view: at a million events that halves the database work. A test holds the two
 * to the same counts.
 */
import type Database from 'better-sqlite3';
import { relationStrength, timeDecay } from './decay.js';
import { GrowableColumn } from './growable.js';
import type { RelationKindName, SnapshotOptions } from './snapshot-options.js';
import { SNAPSHOT_RELATION_KINDS, type RelationEdges } from './snapshot.js';

const KINDS = SNAPSHOT_RELATION_KINDS.length;
const KIND_COLUMN = Object.fromEntries(SNAPSHOT_RELATION_KINDS.map((kind, i) => [kind, i])) as Record<RelationKindName, number>;

export class RelationAccumulator {
  private readonly pairOf = new Map<number, number>();
  private readonly from = new GrowableColumn(Int32Array);
  private readonly to = new GrowableColumn(Int32Array);
  private readonly decayed = new GrowableColumn(Float64Array);
  private readonly lastAt = new GrowableColumn(Float64Array);
  private readonly byKind = new GrowableColumn(Float32Array);

  constructor(
    private readonly at: number,
    private readonly memberCount: number,
    private readonly options: SnapshotOptions,
  ) {}

  /** One relation event from member `a` to member `b` (indices; self-relations are ignored). */
  add(a: number, b: number, kind: RelationKindName, eventAt: number): void {
    if (a === b || a < 0 || b < 0) return;
    const key = a * this.memberCount + b;
    let pair = this.pairOf.get(key);
    if (pair === undefined) {
      pair = this.from.length;
      this.pairOf.set(key, pair);
      this.from.push(a);
      this.to.push(b);
      this.decayed.push(0);
      this.lastAt.push(-Infinity);
      for (let k = 0; k < KINDS; k++) this.byKind.push(0);
    }
    this.decayed.add(pair, this.options.relationWeights[kind] * timeDecay(this.at, eventAt, this.options.relationHalfLifeMs));
    this.lastAt.max(pair, eventAt);
    this.byKind.add(pair * KINDS + KIND_COLUMN[kind], 1);
  }

  /** Thread co-participation before the cut, in both directions (the table stores each pair once). */
  addCoThread(sqlite: Database.Database, guildId: string, memberIndex: Map<string, number>): void {
    const rows = sqlite
      .prepare(`SELECT member_a, member_b, at FROM thread_co_participation WHERE guild_id = ? AND at < ?`)
      .raw(true)
      .all(guildId, this.at) as [string, string, number][];
    for (const [memberA, memberB, eventAt] of rows) {
      const a = memberIndex.get(memberA);
      const b = memberIndex.get(memberB);
      if (a === undefined || b === undefined) continue;
      this.add(a, b, 'co_thread', eventAt);
      this.add(b, a, 'co_thread', eventAt);
    }
  }

  finish(): RelationEdges {
    const decayed = this.decayed.toArray();
    const strength = new Float32Array(decayed.length);
    for (let i = 0; i < decayed.length; i++) strength[i] = relationStrength(decayed[i] as number);
    return {
      from: this.from.toArray(),
      to: this.to.toArray(),
      strength,
      byKind: this.byKind.toArray(),
      lastAt: this.lastAt.toArray(),
    };
  }
}

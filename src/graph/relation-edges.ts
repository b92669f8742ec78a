/** Member → member relations of a snapshot, aggregated per directed pair from the member_relations view. */
import type Database from 'better-sqlite3';
import { relationStrength, timeDecay } from './decay.js';
import { GrowableColumn } from './growable.js';
import type { RelationKindName, SnapshotOptions } from './snapshot-options.js';
import { SNAPSHOT_RELATION_KINDS, type RelationEdges } from './snapshot.js';

const KIND_COLUMN = new Map<string, number>(SNAPSHOT_RELATION_KINDS.map((kind, i) => [kind, i]));

export function loadRelations(
  sqlite: Database.Database,
  guildId: string,
  at: number,
  memberIndex: Map<string, number>,
  options: SnapshotOptions,
): RelationEdges {
  const kinds = SNAPSHOT_RELATION_KINDS.length;
  const pairOf = new Map<number, number>();
  const from = new GrowableColumn(Int32Array);
  const to = new GrowableColumn(Int32Array);
  const decayed: number[] = [];
  const lastAt: number[] = [];
  const byKind: number[] = [];
  const memberCount = memberIndex.size;

  const add = (a: number, b: number, column: number, weight: number, eventAt: number) => {
    const key = a * memberCount + b;
    let pair = pairOf.get(key);
    if (pair === undefined) {
      pair = from.length;
      pairOf.set(key, pair);
      from.push(a);
      to.push(b);
      decayed.push(0);
      lastAt.push(-Infinity);
      for (let k = 0; k < kinds; k++) byKind.push(0);
    }
    decayed[pair] = (decayed[pair] as number) + weight * timeDecay(at, eventAt, options.relationHalfLifeMs);
    if (eventAt > (lastAt[pair] as number)) lastAt[pair] = eventAt;
    byKind[pair * kinds + column] = (byKind[pair * kinds + column] as number) + 1;
  };

  const rows = sqlite
    .prepare(`SELECT kind, from_id, to_id, at FROM member_relations WHERE guild_id = ? AND at < ?`)
    .raw(true)
    .iterate(guildId, at) as IterableIterator<[string, string, string, number]>;
  for (const [kind, fromId, toId, eventAt] of rows) {
    const a = memberIndex.get(fromId);
    const b = memberIndex.get(toId);
    const column = KIND_COLUMN.get(kind);
    if (a === undefined || b === undefined || column === undefined || a === b) continue;
    const weight = options.relationWeights[kind as RelationKindName];
    add(a, b, column, weight, eventAt);
    // Co-participation is symmetric; the view stores each pair once (member_a < member_b).
    if (kind === 'co_thread') add(b, a, column, weight, eventAt);
  }

  const n = from.length;
  const strength = new Float32Array(n);
  for (let i = 0; i < n; i++) strength[i] = relationStrength(decayed[i] as number);
  return {
    from: from.toArray(),
    to: to.toArray(),
    strength,
    byKind: Float32Array.from(byKind),
    lastAt: Float64Array.from(lastAt),
  };
}

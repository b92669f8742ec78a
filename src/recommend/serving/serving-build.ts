/** One serving build's data half: snapshot, channel names and indexes, from the database (any thread). */
import type Database from 'better-sqlite3';
import { recommendQueries } from '../../db/queries/recommend.js';
import { buildSnapshot, type SnapshotOptions } from '../../graph/build-snapshot.js';
import { buildServingIndexes, type ChannelInfo, type ServingIndexes, type ServingStateOptions } from './serving-state.js';

export interface ServingBuildRequest {
  guildId: string;
  at: number;
  state: ServingStateOptions;
  snapshot: Partial<SnapshotOptions>;
}

export function buildIndexesFromDatabase(sqlite: Database.Database, request: ServingBuildRequest): ServingIndexes {
  const snapshot = buildSnapshot(sqlite, request.guildId, request.at, request.snapshot);
  return buildServingIndexes(snapshot, loadChannelInfo(sqlite, request.guildId), request.state);
}

function loadChannelInfo(sqlite: Database.Database, guildId: string): Map<string, ChannelInfo> {
  const rows = recommendQueries(sqlite).channelsOfGuild(guildId);
  return new Map(rows.map((r) => [r.id, { name: r.name, privateThread: r.kind === 'private_thread' }]));
}

/**
 * The opt-out list as its readers need it (Discord Developer Policy #3): the ingest store, snapshots, the serving
 * path, the economy and digests. The table `privacy_opt_outs` is the truth; the privacy feature writes it
 * (src/privacy/opt-outs.ts). A reader keeps the list in memory and re-reads it only when the stored version moved
 * (`privacy_opt_out_version`, bumped by triggers on every change, whoever made it): one primary-key read per write
 * batch or request, so an opt-out or erasure committed by any process or shard holds everywhere from the next one.
 */
import type Database from 'better-sqlite3';
import { privacyQueries } from './privacy.js';

export type IsOptedOut = (guildId: string, userId: string) => boolean;

/** Members of a guild who opted out, read now (training snapshots, quality jobs: once per run). */
export function optedOutMemberIds(sqlite: Database.Database, guildId: string): Set<string> {
  return new Set(privacyQueries(sqlite).optedOutMemberIds(guildId));
}

/** Whether the member is opted out in the guild, read now (one primary-key read). */
export function isOptedOutNow(sqlite: Database.Database, guildId: string, userId: string): boolean {
  return privacyQueries(sqlite).isOptedOut(guildId, userId);
}

export class OptOutList {
  readonly #queries: ReturnType<typeof privacyQueries>;
  #version: number | null = null;
  /** guild id → opted-out member ids. */
  #byGuild = new Map<string, Set<string>>();

  constructor(sqlite: Database.Database) {
    this.#queries = privacyQueries(sqlite);
  }

  /** Re-reads the list if it changed since the last read. Call once per batch or request, then ask `isOptedOut`. */
  refresh(): this {
    const version = this.#queries.optOutVersion();
    if (version === this.#version) return this;
    const byGuild = new Map<string, Set<string>>();
    for (const { guildId, userId } of this.#queries.allOptOuts()) {
      let members = byGuild.get(guildId);
      if (!members) byGuild.set(guildId, (members = new Set()));
      members.add(userId);
    }
    this.#byGuild = byGuild;
    this.#version = version;
    return this;
  }

  /** From the copy read by the last `refresh`: O(1), no I/O (the ingest filter asks once per member of each op). */
  readonly isOptedOut: IsOptedOut = (guildId, userId) => this.#byGuild.get(guildId)?.has(userId) ?? false;

  /** The guild's opted-out members as of now (refreshes first). */
  inGuild(guildId: string): ReadonlySet<string> {
    return this.refresh().#byGuild.get(guildId) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

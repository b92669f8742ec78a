/**
 * Who opted out of recording and modelling, per guild. The table is the truth; OptOutRegistry keeps it in memory
 * for the ingest filter, which asks once per gateway event (a database read each time would cost the hot path).
 */
import type Database from 'better-sqlite3';

/**
 * Members of a guild who opted out. Training snapshots must leave them out (their interactions and their posts as
 * candidates), and recommendations must never show their posts to others.
 */
export function optedOutMemberIds(sqlite: Database.Database, guildId: string): Set<string> {
  const rows = sqlite.prepare('SELECT user_id AS id FROM privacy_opt_outs WHERE guild_id = ?').all(guildId) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

export class OptOutRegistry {
  readonly #sqlite: Database.Database;
  readonly #keys = new Set<string>();

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    this.refresh();
  }

  /** Re-reads the table (after a sweep or erasure removed rows behind the registry's back). */
  refresh(): void {
    this.#keys.clear();
    for (const row of this.#sqlite.prepare('SELECT guild_id AS g, user_id AS u FROM privacy_opt_outs').all() as { g: string; u: string }[]) {
      this.#keys.add(key(row.g, row.u));
    }
  }

  /** For the ingest filter: O(1), no I/O. */
  readonly isOptedOut = (guildId: string, userId: string): boolean => this.#keys.has(key(guildId, userId));

  /** 'unknown-guild' when attune has not recorded the guild yet (nothing is written then). */
  optOut(guildId: string, userId: string, at: number): 'opted-out' | 'already' | 'unknown-guild' {
    if (this.#sqlite.prepare('SELECT 1 FROM guilds WHERE id = ?').get(guildId) === undefined) return 'unknown-guild';
    const changes = this.#sqlite
      .prepare('INSERT INTO privacy_opt_outs (guild_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(guildId, userId, at).changes;
    this.#keys.add(key(guildId, userId));
    return changes > 0 ? 'opted-out' : 'already';
  }

  /** Returns false when the member was not opted out. */
  optIn(guildId: string, userId: string): boolean {
    const changes = this.#sqlite.prepare('DELETE FROM privacy_opt_outs WHERE guild_id = ? AND user_id = ?').run(guildId, userId).changes;
    this.#keys.delete(key(guildId, userId));
    return changes > 0;
  }
}

function key(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}

/**
 * The vocabulary every personal-data registry entry is written in: who is being exported or erased, the SQL
 * fragments that scope a statement to them, and how the statements run (each prepared once per connection). Split
 * from registry.ts so each feature's entries live in their own module without importing the registry that lists them.
 */
import type Database from 'better-sqlite3';
import { perConnection } from '../per-connection.js';

/** Whose data: a member in one guild (leaving), or everywhere attune knows them (their own request). */
export interface DataSubject {
  userId: string;
  /** null: every guild. */
  guildId: string | null;
}

/**
 * One erasure: the subject and the pseudonym that replaces their id wherever a row must stay because other members
 * depend on it (ledger rows paid to others, votes on others' entries). One per erasure, random, so rows of the same
 * erasure still agree with each other (a reversal still names its award) but nothing links them back to the member.
 */
export interface Erasure extends DataSubject {
  pseudonym: string;
}

/** An exported row as the statement selected it: column names to values, handed to the member as JSON. */
export type Row = Record<string, unknown>;

export interface PersonalDataTable {
  table: string;
  /** The member's rows, with other members' ids left out. */
  export(sqlite: Database.Database, subject: DataSubject): Row[];
  /** Deletes or anonymises the member's rows; returns how many rows changed. Runs inside the erasure transaction. */
  erase(sqlite: Database.Database, erasure: Erasure): number;
}

/** `(guild_id = @guildId)` unless the subject is every guild. */
export const inGuild = (column = 'guild_id') => `(@guildId IS NULL OR ${column} = @guildId)`;
/** The subject's posts, for tables keyed by post. */
export const ownPosts = `(SELECT id FROM posts WHERE author_id = @userId AND ${inGuild()})`;

/** The registry's statements by SQL text: the entries build the same text on every call, so each is prepared once. */
const preparedStatements = perConnection(() => new Map<string, Database.Statement<[DataSubject], Row>>());

function statement(sqlite: Database.Database, sql: string): Database.Statement<[DataSubject], Row> {
  const statements = preparedStatements(sqlite);
  let prepared = statements.get(sql);
  if (!prepared) statements.set(sql, (prepared = sqlite.prepare<DataSubject, Row>(sql)));
  return prepared;
}

export function all(sqlite: Database.Database, sql: string, subject: DataSubject): Row[] {
  return statement(sqlite, sql).all(subject);
}

/** Runs the statements in order (better-sqlite3 ignores named values a statement does not use). */
export function run(sqlite: Database.Database, statements: string[], subject: DataSubject | Erasure): number {
  return statements.reduce((sum, sql) => sum + statement(sqlite, sql).run(subject).changes, 0);
}

/** A table whose rows belong to one member (`member_id`): exported with the given columns, deleted on erasure. */
export function memberOwnedTable(table: string, columns: string): PersonalDataTable {
  return {
    table,
    export: (s, subject) => all(s, `SELECT ${columns} FROM ${table} WHERE member_id = @userId AND ${inGuild()}`, subject),
    erase: (s, erasure) => run(s, [`DELETE FROM ${table} WHERE member_id = @userId AND ${inGuild()}`], erasure),
  };
}

/**
 * A table keyed by post with one member column of who acted on it (resolved a review, demoted, put on hold): the
 * member's export shows rows on their own posts and rows they acted on, with the actor shown only when it is them;
 * erasure deletes the rows on their posts and takes their name off the rest.
 */
export function postTableWithActor(table: string, columns: string, actor: string): PersonalDataTable {
  return {
    table,
    export: (s, subject) =>
      all(
        s,
        `SELECT ${columns}, CASE WHEN ${actor} = @userId THEN ${actor} END AS ${actor}
           FROM ${table} WHERE (post_id IN ${ownPosts} OR ${actor} = @userId) AND ${inGuild()}`,
        subject,
      ),
    erase: (s, erasure) =>
      run(
        s,
        [`DELETE FROM ${table} WHERE post_id IN ${ownPosts}`, `UPDATE ${table} SET ${actor} = NULL WHERE ${actor} = @userId AND ${inGuild()}`],
        erasure,
      ),
  };
}

import type { StoredChannelRow, StoredGuildRow, StoredMemberRow, StoredPostRow, TableCounts } from '../../db/queries/ingest.js';
import type { ChannelKind } from '../../db/schema.js';
import type { PostRecord, ReactionRecord } from '../records.js';
import type { IssueCollector } from './errors.js';

export type ImportFormat = 'dce-csv' | 'dce-json' | 'dce-html' | 'jsonl';

export interface ImportOptions {
  /** Skip detection and read the file as this format. */
  format?: ImportFormat;
  /**
   * DCE CSV only (the CSV names no guild or channel): where its messages go. Unset ids come from DCE's default
   * file name or, failing that, are synthesized (see synthetic-ids.ts).
   */
  guildId?: string;
  guildName?: string;
  channelId?: string;
  channelName?: string;
  /**
   * DCE CSV only: how the Date column is written. 'auto' (default) picks the known DCE format that reads every
   * row; 'iso' is ISO 8601; anything else is a .NET custom date format string, the same one given to DCE's
   * `--dateformat` (e.g. `dd-MMM-yy hh:mm tt`).
   */
  dateFormat?: string;
  /** Offset of the exporter's clock from UTC, in minutes (e.g. 120 for UTC+2), for dates written without one. */
  utcOffsetMinutes?: number;
  /**
   * Store message text, as the gateway does with the MESSAGE_CONTENT intent (MESSAGE_CONTENT_INTENT). Default
   * false: like the gateway without the intent, an import then stores no text (PRIVACY.md).
   */
  keepContent?: boolean;
  /** With keepContent: text of messages older than this many days is not stored (MESSAGE_CONTENT_RETENTION_DAYS). */
  contentRetentionDays?: number;
  /** Called as the import goes (every few thousand messages, and at the end of the file). */
  onProgress?: (progress: ImportProgress) => void;
  /** Clock for the write time of guild, channel and member rows; tests pin it. */
  now?: () => number;
  /** How many errors an ImportError lists (the rest are counted). */
  maxListedErrors?: number;
  /** JSONL only: the longest line read, in characters (default DEFAULT_MAX_LINE_CHARS, 16 Mi). */
  maxLineChars?: number;
}

export type { TableCounts };

export interface ImportProgress {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  /** Messages read so far. */
  messages: number;
}

export interface ImportSummary extends TableCounts {
  file: string;
  format: ImportFormat;
  /** The counts above are what the file holds; these are the rows the import added to the database. */
  added: TableCounts;
  /** Records read but not imported, by reason. */
  skipped: { total: number; reasons: Record<string, number> };
  /** DCE CSV: the date format used (detected or given). */
  dateFormat?: string;
  /** Things worth knowing that did not stop the import (e.g. an ambiguous date format). */
  warnings: string[];
  /**
   * Ids the import made up because the file does not carry them (DCE CSV under a name DCE did not give it): pass
   * them again (--guild, --channel) to import more of the same channel into the same place.
   */
  invented?: { guildId?: string; channelId?: string };
}

/** A guild the file refers to. `name` null: the file does not say, so the row gets its id as a placeholder name. */
export interface GuildDraft {
  id: string;
  name: string | null;
}

/**
 * A channel the file refers to. `explicit`: the file declares it (JSONL), so it may update a stored row;
 * otherwise it was inferred from an export and only creates a row that is missing. `nsfw` undefined: unknown.
 */
export interface ChannelDraft {
  id: string;
  guildId: string;
  parentId: string | null;
  name: string;
  kind: ChannelKind;
  nsfw: boolean | undefined;
  createdAt: number;
  explicit: boolean;
}

/** A member the file refers to; undefined fields are unknown (a stored value is kept). */
export interface MemberDraft {
  guildId: string;
  userId: string;
  username: string;
  displayName: string | null | undefined;
  isBot: boolean;
  joinedAt: number | null | undefined;
  explicit: boolean;
  /** Time of the record the draft came from: of two drafts of one member, the later one describes them. */
  seenAt: number;
}

export interface TallyRecord {
  messageId: string;
  emoji: string;
  count: number;
}

export type { PostRecord, ReactionRecord };

/** Stored rows the readers and the planner compare records with (their shapes are the ingest repository's). */
export type StoredGuild = StoredGuildRow;
export type StoredChannel = StoredChannelRow;
export type StoredMember = StoredMemberRow;
export type StoredPost = StoredPostRow;

/** What every format reader gets. */
export interface ReaderContext {
  /** The file's path: named in errors; DCE's default file name also carries the channel. */
  path: string;
  options: ImportOptions;
  existing: ExistingRows;
  issues: IssueCollector;
  /** The import's clock (epoch ms). */
  now: number;
}

/**
 * Read access to what the database already holds. Parsers and the planner take this interface, not a
 * connection, so they stay testable without one.
 */
export interface ExistingRows {
  guild(id: string): StoredGuild | undefined;
  channel(id: string): StoredChannel | undefined;
  member(guildId: string, userId: string): StoredMember | undefined;
  post(id: string): StoredPost | undefined;
  /** Cheaper than post() for the common case of a message not stored yet. */
  postSource(id: string): PostRecord['source'] | undefined;
}

/**
 * Where the messages of a DCE export that names no ids go (CSV names nothing; HTML names its guild and channel but
 * gives no ids): the options first (`--guild`, `--channel`...), then what the file says, then DCE's default file
 * name, and failing all of those, ids invented from the names (synthetic-ids.ts), which the summary reports.
 */
import { basename, extname } from 'node:path';
import { parseDceFileName } from './dce-filename.js';
import { syntheticEntityId } from './synthetic-ids.js';
import type { ReaderContext } from './types.js';

const ID = /^\d{1,20}$/;

export interface ExportTarget {
  guildId: string;
  guildName: string | null;
  channelId: string;
  channelName: string;
  /** The category (or, for a thread, the parent channel) the export names, if it names one. */
  categoryName: string | null;
  /** The ids neither the options nor the file gave. */
  invented: { guildId?: string; channelId?: string };
}

/** What the file itself says (HTML's preamble). */
export interface KnownTarget {
  guildId?: string;
  guildName?: string;
  channelName?: string;
  categoryName?: string;
}

/** null, with issues added, when an option is not an id. */
export function resolveExportTarget({ path, options, issues }: ReaderContext, known: KnownTarget = {}): ExportTarget | null {
  let valid = true;
  for (const key of ['guildId', 'channelId'] as const) {
    const value = options[key];
    if (value !== undefined && !ID.test(value)) {
      issues.add(`option ${key} must be a Discord id (digits), got "${value}"`);
      valid = false;
    }
  }
  if (!valid) return null;
  const fromName = parseDceFileName(path);
  const guildName = options.guildName ?? known.guildName ?? fromName?.guildName ?? null;
  const guildId = options.guildId ?? known.guildId ?? syntheticEntityId('guild', guildName ?? '');
  const channelName = options.channelName ?? known.channelName ?? fromName?.channelName ?? basename(path, extname(path));
  const channelId = options.channelId ?? fromName?.channelId ?? syntheticEntityId('channel', guildId, channelName);
  const invented = {
    ...(options.guildId === undefined && known.guildId === undefined ? { guildId } : {}),
    ...(options.channelId === undefined && fromName === null ? { channelId } : {}),
  };
  return { guildId, guildName, channelId, channelName, categoryName: known.categoryName ?? fromName?.categoryName ?? null, invented };
}

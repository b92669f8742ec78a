/**
 * DCE's default export file name: `{guild} - {category} - {channel} [{channelId}]`, then ` ({date range})` when
 * the export was limited to one, ` [part N]` when it was split, and the extension. Names may contain " - "; the
 * channel is taken as the last segment (text channel names cannot contain spaces) and the guild as everything
 * before the category.
 */
import { basename } from 'node:path';

export interface DceFileName {
  guildName: string;
  categoryName: string;
  channelName: string;
  channelId: string;
}

const PATTERN = /^(.+) - (.+?) - (.+?) \[(\d{15,20})\](?: \([^()]*\))?(?: \[part \d+\])?\.[A-Za-z0-9]+$/;

export function parseDceFileName(path: string): DceFileName | null {
  const m = PATTERN.exec(basename(path));
  if (m === null) return null;
  return { guildName: m[1]!, categoryName: m[2]!, channelName: m[3]!, channelId: m[4]! };
}

/**
 * Converts a plain-text Discord archive (the layout of /work/shared/data/discord-forum-threads, from
 * github.com/teknium1/nous-discord-archive) into attune's JSONL import format (src/ingest/import/JSONL.md), laid
 * out the way Discord structures a forum, so no hand edits are needed:
 *
 * - `archives/<forum>/<thread id>-<title>.txt`: one forum post each, headed `# Thread '<title>' in forum #<forum>`
 *   and `# thread_id=<id> forum_id=<id>`. The forum is a `forum` channel, the post a `thread` channel in it, and its
 *   first message is the post itself (on Discord that message has the thread's id; ids are kept as archived, and a
 *   first message with another id is still the thread's starter, as its earliest message). The other messages are
 *   posts in the thread, not replies: the archive records no reply targets, and answering a forum post is posting
 *   in it, which engages with its starter (src/graph/engagement.ts).
 * - `archives/<name>.txt` headed `# Archive of #<name> (channel id <id>)`: a text channel.
 * - Messages: `[<ISO time>] <username> (id=<message id>)`, then the text indented by 4 spaces.
 * - Members are the authors, by username: the archive has no user ids, so each username gets a synthetic id
 *   (10⁷ + its rank in sorted order). Names with a 4-digit discriminator ("Translator Bot#1043") are bots — Discord
 *   dropped discriminators for people — and so is "Deleted User#0000", which stands for many people. Mentions in the
 *   text (`<@id>`) name user ids the archive never ties to a username, so they are not kept; it has no reactions.
 *
 * Run alone: `npx tsx bench/convert-discord-archive.ts <archive folder> <out.jsonl>`.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ARCHIVE_GUILD_ID = '1';
const MESSAGE = /^\[([^\]]+)\] (.+) \(id=(\d+)\)$/;
const THREAD_TITLE = /^# Thread '(.*)' in forum #(.+)$/;
const THREAD_IDS = /^# thread_id=(\d+) forum_id=(\d+)$/;
const CHANNEL = /^# Archive of #(.+) \(channel id (\d+)\)$/;
const BOT_NAME = /#\d{4}$/;

export interface ArchiveSummary {
  members: number;
  forums: number;
  threads: number;
  textChannels: number;
  messages: number;
}

interface ArchivedMessage {
  id: string;
  at: number;
  author: string;
  /** The channel the JSONL message names: the thread, or the text channel. */
  channel: string;
  content: string;
}

interface ArchivedChannel {
  id: string;
  name: string;
  kind: 'text' | 'forum' | 'thread';
  parent: string | null;
}

/** The folder `archives/` itself, or a folder holding it. */
function archiveRoot(dir: string): string {
  const inner = join(dir, 'archives');
  return statSync(inner, { throwIfNoEntry: false })?.isDirectory() ? inner : dir;
}

export function convertDiscordArchive(dir: string, guildName = 'Discord archive'): { lines: string[]; summary: ArchiveSummary } {
  const root = archiveRoot(dir);
  const channels = new Map<string, ArchivedChannel>();
  const messages: ArchivedMessage[] = [];
  const seen = new Set<string>();
  const parse = (file: string, channel: string, text: string) => {
    let current: ArchivedMessage | null = null;
    for (const line of text.split(/\r?\n/)) {
      const head = MESSAGE.exec(line);
      if (head) {
        const [, time, author, id] = head as unknown as [string, string, string, string];
        const at = Date.parse(time);
        if (Number.isNaN(at)) throw new Error(`${file}: "${time}" is not a time`);
        current = seen.has(id) ? null : { id, at, author, channel, content: '' };
        if (current) {
          seen.add(id);
          messages.push(current);
        }
      } else if (current && line.startsWith('    ')) {
        current.content += (current.content ? '\n' : '') + line.slice(4);
      }
    }
  };

  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) {
      for (const name of readdirSync(path).filter((f) => f.endsWith('.txt')).sort()) {
        const text = readFileSync(join(path, name), 'utf8');
        const [first = '', second = ''] = text.split(/\r?\n/, 2);
        const title = THREAD_TITLE.exec(first);
        const ids = THREAD_IDS.exec(second);
        if (!title || !ids) throw new Error(`${join(path, name)}: expected a thread header (# Thread '…' in forum #…, # thread_id=… forum_id=…)`);
        const [, threadId, forumId] = ids as unknown as [string, string, string];
        channels.set(forumId, { id: forumId, name: title[2] as string, kind: 'forum', parent: null });
        channels.set(threadId, { id: threadId, name: (title[1] as string) || threadId, kind: 'thread', parent: forumId });
        parse(join(path, name), threadId, text);
      }
    } else if (entry.name.endsWith('.txt')) {
      const text = readFileSync(path, 'utf8');
      const header = CHANNEL.exec(text.split(/\r?\n/, 1)[0] ?? '');
      if (!header) continue;
      const [, name, id] = header as unknown as [string, string, string];
      channels.set(id, { id, name, kind: 'text', parent: null });
      parse(path, id, text);
    }
  }

  const usernames = [...new Set(messages.map((m) => m.author))].sort();
  const memberId = new Map(usernames.map((name, i) => [name, String(10_000_000 + i)]));
  const guild = ARCHIVE_GUILD_ID;
  const lines: string[] = [JSON.stringify({ type: 'guild', id: guild, name: guildName })];
  for (const name of usernames) {
    lines.push(JSON.stringify({ type: 'member', guild, id: memberId.get(name), name, joined_at: null, bot: BOT_NAME.test(name) }));
  }
  // Forums and text channels before the threads in them.
  const ordered = [...channels.values()].sort((a, b) => Number(a.kind === 'thread') - Number(b.kind === 'thread'));
  for (const c of ordered) lines.push(JSON.stringify({ type: 'channel', guild, id: c.id, name: c.name, kind: c.kind, parent: c.parent }));
  messages.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  for (const m of messages) {
    lines.push(
      JSON.stringify({
        type: 'message', guild, channel: m.channel, id: m.id, author: memberId.get(m.author), at: new Date(m.at).toISOString(),
        reply_to: null, mentions: [], content: m.content,
      }),
    );
  }
  const kinds = [...channels.values()].map((c) => c.kind);
  return {
    lines,
    summary: {
      members: usernames.length,
      forums: kinds.filter((k) => k === 'forum').length,
      threads: kinds.filter((k) => k === 'thread').length,
      textChannels: kinds.filter((k) => k === 'text').length,
      messages: messages.length,
    },
  };
}

export function writeDiscordArchiveJsonl(dir: string, outPath: string, guildName?: string): ArchiveSummary {
  const { lines, summary } = convertDiscordArchive(dir, guildName);
  writeFileSync(outPath, `${lines.join('\n')}\n`);
  return summary;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) {
    console.error('usage: tsx bench/convert-discord-archive.ts <archive folder> <out.jsonl>');
    process.exit(2);
  }
  console.log(writeDiscordArchiveJsonl(dir, out));
}

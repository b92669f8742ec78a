/**
 * A generated server (server-generator.ts) written as attune JSONL (src/ingest/import/JSONL.md), streamed to a
 * file so a million messages never sit in memory as text: `attune import <file>` reads it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { generateServer, type GeneratedSummary, type ServerOptions, type ServerSink } from './server-generator.js';

export const GENERATED_GUILD_ID = '900000000000000002';

export function writeServerJsonl(path: string, options: ServerOptions, guildName = `Generated ${options.shape} server`): GeneratedSummary {
  const guild = GENERATED_GUILD_ID;
  const fd = openSync(path, 'w');
  let buffer: string[] = [];
  let size = 0;
  const flush = () => {
    if (buffer.length > 0) writeSync(fd, buffer.join(''));
    buffer = [];
    size = 0;
  };
  const write = (record: object) => {
    const line = `${JSON.stringify(record)}\n`;
    buffer.push(line);
    size += line.length;
    if (size > 1 << 20) flush();
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const sink: ServerSink = {
    member: (m) => write({ type: 'member', guild, id: m.id, name: m.name, joined_at: iso(m.joinedAt) }),
    channel: (c) => write({ type: 'channel', guild, id: c.id, name: c.name, kind: c.kind, parent: c.parent }),
    message: (m) =>
      write({ type: 'message', guild, channel: m.channel, id: m.id, author: m.author, at: iso(m.at), reply_to: m.replyTo, mentions: m.mentions, content: null }),
    reaction: (r) => write({ type: 'reaction', guild, channel: r.channel, message: r.message, user: r.user, emoji: '👍', at: iso(r.at) }),
  };
  try {
    write({ type: 'guild', id: guild, name: guildName });
    const summary = generateServer(options, sink);
    flush();
    return summary;
  } finally {
    closeSync(fd);
  }
}

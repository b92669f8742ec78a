/**
 * A simulated community as attune JSONL import lines (src/ingest/import/JSONL.md): the fast way to load a large
 * generated guild into SQLite for benchmarks and training tests, without replaying it through Discord. Mirrors
 * what the bot would record: the private #mod-room is left out, as the bot cannot read it.
 */
import type { Community } from './community.js';

export interface CommunityJsonlOptions {
  guildId?: string;
  guildName?: string;
  /** A digit 1–9 that keeps the ids of several communities in one database apart (default 9). */
  idSpace?: number;
}

/** Deterministic 18-digit snowflake-shaped ids: the id space, a digit per kind, then a counter. */
function idFactory(space: number, kind: number): (n: number) => string {
  return (n) => `${space}${kind}${String(n).padStart(16, '0')}`;
}

export function communityToJsonl(community: Community, options: CommunityJsonlOptions = {}): string[] {
  const guild = options.guildId ?? '900000000000000001';
  const space = options.idSpace ?? 9;
  if (!Number.isInteger(space) || space < 1 || space > 9) throw new Error('idSpace must be a digit from 1 to 9');
  const memberId = idFactory(space, 1);
  const channelId = idFactory(space, 2);
  const messageId = idFactory(space, 3);
  const iso = (ms: number) => new Date(ms).toISOString();
  const lines: unknown[] = [{ type: 'guild', id: guild, name: options.guildName ?? 'Simulated Community' }];

  const members = new Map<string, string>();
  community.members.forEach((member, i) => {
    members.set(member.key, memberId(i + 1));
    const joined = community.start - member.joinedDaysAgo * 86_400_000;
    lines.push({ type: 'member', guild, id: memberId(i + 1), name: member.username, joined_at: iso(joined) });
  });
  const channels = new Map<string, string>();
  community.channels.forEach((channel, i) => {
    if (channel.kind === 'private') return;
    channels.set(channel.key, channelId(i + 1));
    lines.push({ type: 'channel', guild, id: channelId(i + 1), name: channel.name, kind: channel.kind, parent: null });
  });

  const messages = new Map<string, { id: string; channel: string }>();
  let next = 1;
  for (const action of community.actions) {
    switch (action.type) {
      case 'message': {
        const channel = channels.get(action.channel);
        if (!channel) break;
        const id = messageId(next++);
        messages.set(action.key, { id, channel });
        lines.push({
          type: 'message', guild, channel, id, author: members.get(action.author), at: iso(action.at),
          reply_to: action.replyTo ? (messages.get(action.replyTo)?.id ?? null) : null,
          mentions: action.mentions.map((m) => members.get(m)), content: action.content,
        });
        break;
      }
      case 'forumPost': {
        const forum = channels.get(action.channel);
        if (!forum) break;
        // A forum post is a thread whose starter message shares its id, as on Discord.
        const id = messageId(next++);
        messages.set(action.key, { id, channel: id });
        lines.push({ type: 'channel', guild, id, name: action.title, kind: 'thread', parent: forum });
        lines.push({
          type: 'message', guild, channel: id, id, author: members.get(action.author), at: iso(action.at),
          reply_to: null, mentions: [], content: action.content,
        });
        break;
      }
      case 'threadMessage': {
        const thread = messages.get(action.thread);
        if (!thread) break;
        const id = messageId(next++);
        messages.set(action.key, { id, channel: thread.channel });
        lines.push({
          type: 'message', guild, channel: thread.channel, id, author: members.get(action.author), at: iso(action.at),
          reply_to: action.replyTo ? (messages.get(action.replyTo)?.id ?? null) : null, mentions: [], content: action.content,
        });
        break;
      }
      case 'reaction': {
        const message = messages.get(action.message);
        if (!message) break;
        lines.push({
          type: 'reaction', guild, channel: message.channel, message: message.id, user: members.get(action.user),
          emoji: action.emoji, at: iso(action.at),
        });
        break;
      }
    }
  }
  return lines.map((line) => JSON.stringify(line));
}

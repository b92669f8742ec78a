/**
 * Generated servers: the shapes the benchmark and scale tests rely on (a busy chat server, a forum-heavy one), read
 * off the records the generator streams, and the JSONL file it writes importing as attune reads it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engagementsBetween } from '../../src/graph/engagement.js';
import { generateServer, type GeneratedChannel, type GeneratedMessage, type GeneratedReaction, type ServerOptions } from '../../src/demo/server-generator.js';
import { GENERATED_GUILD_ID, writeServerJsonl } from '../../src/demo/server-jsonl.js';
import { importPath } from '../../src/ingest/import/index.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

function collect(options: ServerOptions) {
  const channels: GeneratedChannel[] = [];
  const messages: GeneratedMessage[] = [];
  const reactions: GeneratedReaction[] = [];
  let members = 0;
  const summary = generateServer(options, {
    member: () => void members++,
    channel: (c) => void channels.push(c),
    message: (m) => void messages.push(m),
    reaction: (r) => void reactions.push(r),
  });
  return { channels, messages, reactions, members, summary };
}

/** Share of messages in the top `fraction` of authors. */
function topAuthorShare(messages: readonly GeneratedMessage[], fraction: number): number {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.author, (counts.get(m.author) ?? 0) + 1);
  const sorted = [...counts.values()].sort((a, b) => b - a);
  const top = sorted.slice(0, Math.ceil(sorted.length * fraction)).reduce((a, b) => a + b, 0);
  return top / messages.length;
}

describe('generated servers', () => {
  it('GIVEN the busy shape THEN 100+ text channels, heavy-tailed authors, reply-button replies a minority, mentions, few reactions, members who keep to a few channels', () => {
    const { channels, messages, reactions, summary } = collect({ shape: 'busy', messages: 8000, seed: 3 });
    const kindOf = new Map(channels.map((c) => [c.id, c]));
    const topLevel = channels.filter((c) => c.kind !== 'thread');
    expect(topLevel.filter((c) => c.kind === 'text').length).toBeGreaterThanOrEqual(100);
    const inText = messages.filter((m) => kindOf.get(m.channel)?.kind === 'text').length;
    expect(inText / messages.length).toBeGreaterThan(0.85);
    expect(topAuthorShare(messages, 0.1)).toBeGreaterThan(0.4);
    const replies = messages.filter((m) => m.replyTo !== null).length / messages.length;
    expect(replies).toBeGreaterThan(0.05);
    expect(replies).toBeLessThan(0.35);
    expect(messages.filter((m) => m.mentions.length > 0).length / messages.length).toBeGreaterThan(0.05);
    expect(reactions.length / messages.length).toBeLessThan(0.6);
    expect(summary).toMatchObject({ messages: 8000, reactions: reactions.length });

    // Channel habits: the typical active member writes most of their messages in their three busiest channels.
    const byMember = new Map<string, Map<string, number>>();
    for (const m of messages) {
      const top = kindOf.get(m.channel)?.parent ?? m.channel;
      const perChannel = byMember.get(m.author) ?? new Map<string, number>();
      perChannel.set(top, (perChannel.get(top) ?? 0) + 1);
      byMember.set(m.author, perChannel);
    }
    const shares = [...byMember.values()]
      .filter((perChannel) => [...perChannel.values()].reduce((a, b) => a + b, 0) >= 10)
      .map((perChannel) => {
        const counts = [...perChannel.values()].sort((a, b) => b - a);
        return counts.slice(0, 3).reduce((a, b) => a + b, 0) / counts.reduce((a, b) => a + b, 0);
      })
      .sort((a, b) => a - b);
    expect(shares[Math.floor(shares.length / 2)]).toBeGreaterThan(0.7);
  });

  it('GIVEN the forum shape THEN most messages are in forum posts, which are threads whose first message has their id', () => {
    const { channels, messages } = collect({ shape: 'forum', messages: 8000, seed: 3 });
    const byId = new Map(channels.map((c) => [c.id, c]));
    const forumPosts = channels.filter((c) => c.kind === 'thread' && byId.get(c.parent ?? '')?.kind === 'forum');
    const inForumPosts = messages.filter((m) => byId.get(byId.get(m.channel)?.parent ?? '')?.kind === 'forum');
    expect(inForumPosts.length / messages.length).toBeGreaterThan(0.6);
    const firstIn = new Map<string, string>();
    for (const m of messages) if (!firstIn.has(m.channel)) firstIn.set(m.channel, m.id);
    for (const post of forumPosts) expect(firstIn.get(post.id)).toBe(post.id);
  });

  it('GIVEN a seed THEN the same server; another seed THEN another', () => {
    const a = collect({ shape: 'busy', messages: 500, seed: 5 }).messages;
    expect(collect({ shape: 'busy', messages: 500, seed: 5 }).messages).toEqual(a);
    expect(collect({ shape: 'busy', messages: 500, seed: 6 }).messages).not.toEqual(a);
  });

  describe('as attune JSONL', () => {
    let db: TempDb;
    beforeEach(() => {
      db = createTempDb();
    });
    afterEach(() => db.dispose());

    it('GIVEN a written forum server THEN attune imports every record and members engage with forum posts by posting in them', () => {
      const file = join(db.dir, 'forum.jsonl');
      const summary = writeServerJsonl(file, { shape: 'forum', messages: 2000, seed: 4, days: 20 });
      expect(readFileSync(file, 'utf8').trim().split('\n')[0]).toBe(JSON.stringify({ type: 'guild', id: GENERATED_GUILD_ID, name: 'Generated forum server' }));
      const imported = importPath(db, file);
      expect(imported.added).toMatchObject({ guilds: 1, members: summary.members, posts: 2000, reactions: summary.reactions, channels: summary.channels + summary.threads });
      const kinds = new Set(engagementsBetween(db.sqlite, GENERATED_GUILD_ID, 0, Number.MAX_SAFE_INTEGER).map((e) => e.kind));
      expect([...kinds].sort()).toEqual(['mention', 'reaction', 'reply', 'thread']);
    });
  });
});

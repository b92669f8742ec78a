import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityStore } from '../../src/ingest/activity-store.js';
import type { IngestOp, PostRecord } from '../../src/ingest/records.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const G = '100000000000000001';
const T0 = Date.parse('2026-11-01T12:00:00Z');
const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const CAROL = '200000000000000003';
const BOT = '200000000000000009';

function post(id: string, authorId: string, extra: Partial<PostRecord> = {}): PostRecord {
  return {
    id,
    guildId: G,
    channelId: '300000000000000001',
    threadId: null,
    authorId,
    authorIsBot: authorId === BOT,
    createdAt: T0,
    editedAt: null,
    replyToId: null,
    replyToAuthorId: null,
    attachmentCount: 0,
    content: 'hello',
    mentionedUserIds: [],
    source: 'gateway',
    ...extra,
  };
}

function dump(db: TempDb): Record<string, unknown[]> {
  const tables = ['guilds', 'channels', 'members', 'posts', 'reactions', 'reaction_tallies', 'mentions', 'thread_co_participation', 'member_relations', 'ingest_checkpoints'];
  return Object.fromEntries(
    tables.map((t) => [t, db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all().map((r) => {
      const row = { ...(r as Record<string, unknown>) };
      // Write times differ between runs without meaning anything.
      delete row.updated_at;
      return row;
    })]),
  );
}

describe('ActivityStore', () => {
  let db: TempDb;
  let store: ActivityStore;
  const base: IngestOp[] = [
    { kind: 'guild', guild: { id: G, name: 'Guild', ownerId: ALICE, preferredLocale: 'en-US' }, at: T0 },
    { kind: 'member', member: { guildId: G, userId: ALICE, username: 'alice', displayName: null, isBot: false, joinedAt: T0 - 1e9 }, at: T0 },
    { kind: 'member', member: { guildId: G, userId: BOB, username: 'bob', displayName: null, isBot: false, joinedAt: T0 - 1e9 }, at: T0 },
    { kind: 'member', member: { guildId: G, userId: BOT, username: 'attune', displayName: null, isBot: true, joinedAt: T0 - 1e9 }, at: T0 },
  ];

  beforeEach(() => {
    db = createTempDb();
    store = new ActivityStore(db.sqlite);
    store.apply(base);
  });
  afterEach(() => db.dispose());

  it('GIVEN the same ops twice THEN the rows are the same as after once', () => {
    const ops: IngestOp[] = [
      { kind: 'post', post: post('400000000000000001', ALICE, { mentionedUserIds: [BOB] }) },
      { kind: 'post', post: post('400000000000000002', BOB, { replyToId: '400000000000000001', createdAt: T0 + 1000 }) },
      { kind: 'reactionAdded', reaction: { guildId: G, messageId: '400000000000000001', userId: BOB, emoji: '👍', emojiName: '👍', at: T0 + 5 } },
    ];
    store.apply(ops);
    const once = dump(db);
    store.apply(ops);
    store.apply(base);
    expect(dump(db)).toEqual(once);
    expect(once.member_relations).toHaveLength(3);
    expect(once.member_relations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from_id: ALICE, to_id: BOB, kind: 'mention' }),
        expect.objectContaining({ from_id: BOB, to_id: ALICE, kind: 'reply' }),
        expect.objectContaining({ from_id: BOB, to_id: ALICE, kind: 'reaction' }),
      ]),
    );
  });

  it('GIVEN a removed reaction THEN the reaction and its relation are gone', () => {
    store.apply([
      { kind: 'post', post: post('400000000000000001', ALICE) },
      { kind: 'reactionAdded', reaction: { guildId: G, messageId: '400000000000000001', userId: BOB, emoji: '👍', emojiName: '👍', at: T0 } },
      { kind: 'reactionAdded', reaction: { guildId: G, messageId: '400000000000000001', userId: BOB, emoji: '🎉', emojiName: '🎉', at: T0 } },
      { kind: 'reactionRemoved', messageId: '400000000000000001', userId: BOB, emoji: '👍' },
    ]);
    expect(db.sqlite.prepare('SELECT emoji FROM reactions').all()).toEqual([{ emoji: '🎉' }]);
    expect(db.sqlite.prepare('SELECT kind, from_id, to_id FROM member_relations').all()).toEqual([
      { kind: 'reaction', from_id: BOB, to_id: ALICE },
    ]);
    store.apply([{ kind: 'reactionsCleared', messageId: '400000000000000001', emoji: '🎉' }]);
    expect(db.sqlite.prepare('SELECT COUNT(*) n FROM reactions').get()).toEqual({ n: 0 });
    expect(db.sqlite.prepare('SELECT COUNT(*) n FROM member_relations').get()).toEqual({ n: 0 });
  });

  it('GIVEN a deleted message THEN it keeps its row, loses content, mentions, reactions and relations, and a replay does not revive it', () => {
    const p = post('400000000000000001', ALICE, { mentionedUserIds: [BOB] });
    store.apply([
      { kind: 'post', post: p },
      { kind: 'reactionAdded', reaction: { guildId: G, messageId: p.id, userId: BOB, emoji: '👍', emojiName: '👍', at: T0 } },
      { kind: 'postsDeleted', ids: [p.id], at: T0 + 10 },
      { kind: 'post', post: p },
      { kind: 'reactionAdded', reaction: { guildId: G, messageId: p.id, userId: BOB, emoji: '👍', emojiName: '👍', at: T0 } },
    ]);
    expect(db.sqlite.prepare('SELECT content, deleted_at FROM posts').get()).toEqual({ content: null, deleted_at: T0 + 10 });
    for (const t of ['mentions', 'reactions', 'member_relations']) {
      expect(db.sqlite.prepare(`SELECT COUNT(*) n FROM ${t}`).get(), t).toEqual({ n: 0 });
    }
  });

  it('GIVEN bots THEN their posts are recorded as bots and take part in no relation', () => {
    store.apply([
      { kind: 'post', post: post('400000000000000001', BOT, { mentionedUserIds: [ALICE] }) },
      { kind: 'post', post: post('400000000000000002', ALICE, { replyToId: '400000000000000001', createdAt: T0 + 1 }) },
      { kind: 'reactionAdded', reaction: { guildId: G, messageId: '400000000000000002', userId: BOT, emoji: '👍', emojiName: '👍', at: T0 } },
      { kind: 'reactionAdded', reaction: { guildId: G, messageId: '400000000000000001', userId: ALICE, emoji: '👍', emojiName: '👍', at: T0 } },
    ]);
    expect(db.sqlite.prepare('SELECT author_is_bot b FROM posts WHERE id = ?').get('400000000000000001')).toEqual({ b: 1 });
    expect(db.sqlite.prepare('SELECT COUNT(*) n FROM member_relations').get()).toEqual({ n: 0 });
    expect(db.sqlite.prepare('SELECT user_id FROM reactions').all()).toEqual([{ user_id: ALICE }]);
  });

  it('GIVEN self-reactions and self-replies THEN they are stored but are not relations', () => {
    store.apply([
      { kind: 'post', post: post('400000000000000001', ALICE) },
      { kind: 'post', post: post('400000000000000002', ALICE, { replyToId: '400000000000000001' }) },
      { kind: 'reactionAdded', reaction: { guildId: G, messageId: '400000000000000001', userId: ALICE, emoji: '👍', emojiName: '👍', at: T0 } },
    ]);
    expect(db.sqlite.prepare('SELECT COUNT(*) n FROM reactions').get()).toEqual({ n: 1 });
    expect(db.sqlite.prepare('SELECT COUNT(*) n FROM member_relations').get()).toEqual({ n: 0 });
  });

  it('GIVEN thread posts in any order THEN each pair of participants gets one co-thread relation dated when both had posted', () => {
    const thread = '500000000000000001';
    const posts = [
      post('400000000000000001', ALICE, { threadId: thread, createdAt: T0 }),
      post('400000000000000002', BOB, { threadId: thread, createdAt: T0 + 100 }),
      post('400000000000000003', ALICE, { threadId: thread, createdAt: T0 + 200 }),
      post('400000000000000004', CAROL, { threadId: thread, createdAt: T0 + 300 }),
    ];
    store.apply(posts.map((p) => ({ kind: 'post', post: p })));
    const forward = db.sqlite.prepare(`SELECT from_id, to_id, at FROM member_relations WHERE kind = 'co_thread' ORDER BY at, to_id`).all();
    expect(db.sqlite.prepare('SELECT COUNT(*) n FROM thread_co_participation').get()).toEqual({ n: 3 });
    expect(forward).toEqual([
      { from_id: ALICE, to_id: BOB, at: T0 + 100 },
      { from_id: ALICE, to_id: CAROL, at: T0 + 300 },
      { from_id: BOB, to_id: CAROL, at: T0 + 300 },
    ]);
    const other = createTempDb();
    try {
      const otherStore = new ActivityStore(other.sqlite);
      otherStore.apply(base);
      otherStore.apply([...posts].reverse().map((p) => ({ kind: 'post', post: p })));
      expect(other.sqlite.prepare(`SELECT from_id, to_id, at FROM member_relations WHERE kind = 'co_thread' ORDER BY at, to_id`).all()).toEqual(forward);
    } finally {
      other.dispose();
    }
  });

  it('GIVEN a reaction on a message we never stored THEN nothing is invented', () => {
    store.apply([{ kind: 'reactionAdded', reaction: { guildId: G, messageId: '409999999999999999', userId: BOB, emoji: '👍', emojiName: '👍', at: T0 } }]);
    expect(db.sqlite.prepare('SELECT COUNT(*) n FROM reactions').get()).toEqual({ n: 0 });
  });

  it('GIVEN a reaction set from backfill THEN it replaces who reacted with that emoji', () => {
    const id = '400000000000000001';
    store.apply([
      { kind: 'post', post: post(id, ALICE) },
      { kind: 'reactionAdded', reaction: { guildId: G, messageId: id, userId: BOB, emoji: '👍', emojiName: '👍', at: T0 } },
      { kind: 'reactionSet', guildId: G, messageId: id, emoji: '👍', emojiName: '👍', userIds: [CAROL], at: T0 + 9 },
    ]);
    expect(db.sqlite.prepare('SELECT user_id, at FROM reactions').all()).toEqual([{ user_id: CAROL, at: T0 + 9 }]);
    expect(db.sqlite.prepare('SELECT from_id FROM member_relations').all()).toEqual([{ from_id: CAROL }]);
  });

  it('GIVEN an edit THEN content and mentions follow it', () => {
    const id = '400000000000000001';
    store.apply([
      { kind: 'post', post: post(id, ALICE, { mentionedUserIds: [BOB] }) },
      { kind: 'postEdited', edit: { id, editedAt: T0 + 50, content: 'edited', attachmentCount: 1, mentionedUserIds: [CAROL] } },
    ]);
    expect(db.sqlite.prepare('SELECT content, edited_at, attachment_count FROM posts').get()).toEqual({ content: 'edited', edited_at: T0 + 50, attachment_count: 1 });
    expect(db.sqlite.prepare('SELECT user_id FROM mentions').all()).toEqual([{ user_id: CAROL }]);
    expect(db.sqlite.prepare('SELECT to_id FROM member_relations').all()).toEqual([{ to_id: CAROL }]);
  });

  it('GIVEN checkpoints THEN they only move forward', () => {
    const channelId = '300000000000000001';
    store.apply([{ kind: 'checkpoint', guildId: G, channelId, lastMessageId: '400000000000000005', backfilledAt: null }]);
    store.apply([{ kind: 'checkpoint', guildId: G, channelId, lastMessageId: '40000000000000001', backfilledAt: T0 }]);
    expect(store.checkpointOf(channelId)).toBe('400000000000000005');
    store.apply([{ kind: 'checkpoint', guildId: G, channelId, lastMessageId: '1400000000000000001', backfilledAt: null }]);
    expect(store.checkpointOf(channelId)).toBe('1400000000000000001');
  });

  it('GIVEN a member who left and rejoined THEN they are present again', () => {
    store.apply([
      { kind: 'memberLeft', guildId: G, userId: BOB, at: T0 + 10 },
      { kind: 'memberLeft', guildId: G, userId: BOB, at: T0 + 20 },
    ]);
    expect(db.sqlite.prepare('SELECT left_at FROM members WHERE user_id = ?').get(BOB)).toEqual({ left_at: T0 + 10 });
    store.apply([{ kind: 'member', member: { guildId: G, userId: BOB, username: 'bob', displayName: null, isBot: false, joinedAt: T0 + 30 }, at: T0 + 30 }]);
    expect(db.sqlite.prepare('SELECT left_at, joined_at FROM members WHERE user_id = ?').get(BOB)).toEqual({ left_at: null, joined_at: T0 + 30 });
  });
});

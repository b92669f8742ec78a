/** GIVEN a member who opted out THEN the ingest filter drops or strips exactly their part of each op. */
import { describe, expect, it } from 'vitest';
import { WITHHELD_MEMBER_ID, withoutOptedOutMembers } from '../../src/ingest/opt-out-filter.js';
import type { IngestOp, PostRecord } from '../../src/ingest/records.js';

const optedOut = (guildId: string, userId: string) => guildId === 'g' && userId === 'out';
const post = (authorId: string, extra: Partial<PostRecord> = {}): IngestOp => ({
  kind: 'post',
  post: {
    id: 'p', guildId: 'g', channelId: 'c', threadId: null, authorId, authorIsBot: false, createdAt: 1, editedAt: null,
    replyToId: null, replyToAuthorId: null, attachmentCount: 0, content: 'x', mentionedUserIds: [], source: 'gateway', ...extra,
  },
});

describe('withoutOptedOutMembers', () => {
  it('GIVEN their own post, reaction or profile THEN the op is dropped', () => {
    expect(withoutOptedOutMembers(post('out'), optedOut)).toBeNull();
    expect(withoutOptedOutMembers({ kind: 'reactionAdded', reaction: { guildId: 'g', messageId: 'p', userId: 'out', emoji: 'x', emojiName: null, at: 1 } }, optedOut)).toBeNull();
    expect(withoutOptedOutMembers({ kind: 'member', member: { guildId: 'g', userId: 'out', username: 'o', displayName: null, isBot: false, joinedAt: 1 }, at: 1 }, optedOut)).toBeNull();
  });

  it('GIVEN others mention or reply to them THEN the post is kept without the link to them', () => {
    const op = withoutOptedOutMembers(post('in', { mentionedUserIds: ['out', 'friend'], replyToId: 'q', replyToAuthorId: 'out' }), optedOut);
    expect(op).toMatchObject({ post: { authorId: 'in', mentionedUserIds: ['friend'], replyToId: 'q', replyToAuthorId: null } });
  });

  it('GIVEN others\' words or a thread name hold their id THEN the id is stored as withheld, other ids and numbers stay', () => {
    const out = '100000000000000001';
    const friend = '100000000000000002';
    const isOut = (guildId: string, userId: string) => guildId === 'g' && userId === out;
    const words = `hi <@${out}> <@!${out}> and <@${friend}>, ask ${out} (not 9${out}9)`;
    expect(withoutOptedOutMembers(post('in', { content: words }), isOut)).toMatchObject({
      post: { content: `hi <@${WITHHELD_MEMBER_ID}> <@!${WITHHELD_MEMBER_ID}> and <@${friend}>, ask ${WITHHELD_MEMBER_ID} (not 9${out}9)` },
    });
    const thread: IngestOp = {
      kind: 'channel',
      channel: { id: 't', guildId: 'g', name: `questions for ${out}`, kind: 'public_thread', parentId: 'c', ownerId: friend, nsfw: false, archived: false, createdAt: 1 },
      at: 1,
    };
    expect(withoutOptedOutMembers(thread, isOut)).toMatchObject({ channel: { name: `questions for ${WITHHELD_MEMBER_ID}`, ownerId: friend } });
  });

  it('GIVEN a backfilled reaction set THEN they are left out of it', () => {
    const op = withoutOptedOutMembers({ kind: 'reactionSet', guildId: 'g', messageId: 'p', emoji: 'x', emojiName: null, userIds: ['a', 'out'], at: 1 }, optedOut);
    expect(op).toMatchObject({ userIds: ['a'] });
  });

  it('GIVEN the same member in another guild, or their leaving THEN nothing is filtered', () => {
    const elsewhere = post('out', { guildId: 'h' });
    expect(withoutOptedOutMembers(elsewhere, optedOut)).toBe(elsewhere);
    const left: IngestOp = { kind: 'memberLeft', guildId: 'g', userId: 'out', at: 1 };
    expect(withoutOptedOutMembers(left, optedOut)).toBe(left);
  });
});

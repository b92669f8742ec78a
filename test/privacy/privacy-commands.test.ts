/**
 * GIVEN the real bot in the fake Discord and a member with history (posts, reactions, mentions, replies, a thread,
 * flags, a demotion, a quality score) THEN /privacy status, optout, export and delete do what they promise:
 * export holds every row about the member and nothing about others, and after delete no table holds the member's
 * id or words while other members' rows are untouched.
 */
import { ChannelType, MessageFlags } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { eventually, registerCommandsIn, rows, type TempDb } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { customIdsOf, embedsOf } from '../helpers/components.js';
import { findTraces } from '../helpers/db-scan.js';
import { captureLog } from '../helpers/log-capture.js';
import { exportPersonalData } from '../../src/privacy/personal-data.js';

const SECRET = 'zebra-quartz-7781 my private words';
const OTHER_WORDS = 'otter-maple-1234 someone else';

describe('/privacy', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let db: TempDb;
  let bot: RunningBot;
  let guildId: string;
  let channelId: string;
  let subjectId: string;
  let otherId: string;
  let ownerId: string;

  beforeEach(async () => {
    fake = world.fake;
    db = world.db;
    const guild = fake.createGuild({ name: 'Privacy Guild' });
    guildId = guild.id;
    ownerId = guild.owner_id;
    channelId = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    subjectId = fake.addMember(guildId, { username: 'subject' }).user.id;
    otherId = fake.addMember(guildId, { username: 'other' }).user.id;
    bot = await world.start();
    await registerCommandsIn(fake, guildId);
  });

  const privacy = (userId: string, sub: string) =>
    fake.invokeSlashCommand({ guildId, channelId, userId, name: 'privacy', options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options: [] }] });
  const postCount = () => rows<{ n: number }>(bot, 'SELECT COUNT(*) AS n FROM posts')[0]!.n;

  /** The subject and another member interact in every way attune records. */
  async function history(): Promise<{ subjectPost: string; otherPost: string }> {
    const subjectPost = fake.postMessage({ channelId, authorId: subjectId, content: SECRET, mentions: [otherId] }).id;
    const otherPost = fake.postMessage({ channelId, authorId: otherId, content: `${OTHER_WORDS} <@${subjectId}>`, replyTo: subjectPost, mentions: [subjectId] }).id;
    fake.addReaction(channelId, otherPost, subjectId, '👍');
    fake.addReaction(channelId, subjectPost, otherId, '🎉');
    const thread = fake.createThread(channelId, { name: 'chat', type: ChannelType.PublicThread, ownerId: subjectId });
    // Another member's thread whose name carries the subject's id.
    fake.createThread(channelId, { name: `questions for ${subjectId}`, type: ChannelType.PublicThread, ownerId: otherId });
    fake.postMessage({ channelId: thread.id, authorId: subjectId, content: `${SECRET} in a thread` });
    fake.postMessage({ channelId: thread.id, authorId: otherId, content: `${OTHER_WORDS} in a thread` });
    await eventually(bot, () => rows(bot, 'SELECT * FROM thread_co_participation'), (r) => expect(r).toHaveLength(1));
    await eventually(bot, () => rows(bot, 'SELECT * FROM reactions'), (r) => expect(r).toHaveLength(2));
    // Moderation rows about the subject: the owner flags and confirms the subject's post; the subject reports the other's.
    const at = Date.now();
    bot.moderation.flag({ guildId, postId: subjectPost, reporterId: ownerId, source: 'moderator', at });
    bot.moderation.flag({ guildId, postId: otherPost, reporterId: subjectId, source: 'member', at });
    expect(bot.moderation.confirm(guildId, subjectPost, ownerId, at)).toBe('resolved');
    bot.database.sqlite.prepare('INSERT INTO post_quality_scores (post_id, guild_id, score, scored_at) VALUES (?, ?, 0.1, ?)').run(subjectPost, guildId, at);
    return { subjectPost, otherPost };
  }

  it('GIVEN history THEN status lists the rows about the member; the answer is ephemeral', async () => {
    await history();
    const status = await privacy(subjectId, 'status').firstResponse();
    expect(status.flags).toBe(MessageFlags.Ephemeral);
    const embed = JSON.stringify(embedsOf(status));
    expect(embed).toContain('Posts (`posts`): 2');
    expect(embed).toContain('Reactions (`reactions`): 1');
    expect(embed).toContain('on — your interactions are recorded');
  });

  it('GIVEN export THEN the JSON file holds every row about the member and nothing about anyone else', async () => {
    const { subjectPost, otherPost } = await history();
    const handle = privacy(subjectId, 'export');
    const edit = await handle.waitForResponse((r) => r.kind === 'edit-original' && r.accepted, 30_000);
    expect(edit.content).toMatch(/every row attune stores about you/);
    const attachment = handle.originalMessage()?.attachments[0];
    expect(attachment?.filename).toBe(`attune-data-${subjectId}.json`);
    const data = (await (await fetch(attachment!.url)).json()) as { userId: string; tables: Record<string, Record<string, unknown>[]> };
    expect(data.userId).toBe(subjectId);
    const t = data.tables;
    expect(t.posts?.map((p) => p.content).sort()).toEqual([SECRET, `${SECRET} in a thread`]);
    expect(t.reactions).toEqual([expect.objectContaining({ message_id: otherPost, emoji: '👍' })]);
    expect(t.mentions).toEqual([expect.objectContaining({ message_id: otherPost })]);
    expect(t.members).toEqual([expect.objectContaining({ user_id: subjectId, username: 'subject' })]);
    expect(t.thread_co_participation).toHaveLength(1);
    expect(t.channels).toEqual([expect.objectContaining({ name: 'chat' })]);
    expect(t.post_flags).toEqual([expect.objectContaining({ post_id: otherPost, source: 'member' })]);
    expect(t.post_demotions).toEqual([expect.objectContaining({ post_id: subjectPost, moderator_id: null })]);
    expect(t.post_quality_scores).toEqual([expect.objectContaining({ post_id: subjectPost })]);
    expect(t.moderation_audit).toEqual([expect.objectContaining({ action: 'report', actor_id: subjectId })]);
    // Every row that holds the member's id in a table the member owns is in the export (others' replies and
    // mentions of the member are the others' rows and are not).
    const holding = (table: string, where: string) => rows<{ n: number }>(bot, `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, subjectId)[0]!.n;
    expect(t.posts).toHaveLength(holding('posts', 'author_id = ?'));
    expect(t.reactions).toHaveLength(holding('reactions', 'user_id = ?'));
    expect(t.mentions).toHaveLength(holding('mentions', 'user_id = ?'));
    // Nothing about others: no other member's id, name or words.
    const text = JSON.stringify(data);
    for (const foreign of [otherId, ownerId, OTHER_WORDS, 'other']) expect(text).not.toContain(foreign);
  });

  it('GIVEN an export larger than one file THEN it comes as several ephemeral messages of one whole JSON file each, within the size, together every row', async () => {
    await history();
    // Many rows about the subject: enough for several parts of 4 KiB.
    for (let i = 0; i < 40; i += 1) fake.postMessage({ channelId, authorId: subjectId, content: `${SECRET} #${i}` });
    await eventually(bot, () => rows<{ n: number }>(bot, 'SELECT COUNT(*) AS n FROM posts WHERE author_id = ?', subjectId)[0]!.n, (n) => expect(n).toBe(42));
    await bot.stop();
    const partBytes = 4096;
    bot = await world.start({ privacy: { exportPartBytes: partBytes } });

    const handle = privacy(subjectId, 'export');
    const last = await handle.waitForResponse((r) => r.accepted && /the last one/.test(r.content ?? ''), 30_000);
    expect(last.kind).toBe('followup');
    const messages = [handle.originalMessage()!, ...handle.followups()];
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const message of messages) expect(message.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(messages[0]!.content).toMatch(/^Part 1 of every row/);
    const uploads = handle.responses.filter((r) => r.accepted).flatMap((r) => r.files ?? []);
    expect(uploads.map((u) => u.filename)).toEqual(messages.map((_, i) => `attune-data-${subjectId}-part-${i + 1}.json`));
    const merged: Record<string, unknown[]> = {};
    for (const [i, upload] of uploads.entries()) {
      expect(upload.bytes.length).toBeLessThanOrEqual(partBytes);
      const part = JSON.parse(upload.bytes.toString('utf8')) as { userId: string; part: number; tables: Record<string, unknown[]> };
      expect(part).toMatchObject({ userId: subjectId, part: i + 1 });
      for (const [table, tableRows] of Object.entries(part.tables)) (merged[table] ??= []).push(...tableRows);
    }
    expect(merged).toEqual(exportPersonalData(bot.database.sqlite, { userId: subjectId, guildId: null }, 0).tables);
    expect((merged.posts as { content: string }[]).map((p) => p.content)).toContain(`${SECRET} #39`);
  });

  it('GIVEN delete and its confirmation THEN no row in any table holds the member\'s id or words, and the other member keeps theirs', async () => {
    await history();
    await bot.economy.idle();
    const otherRowsBefore = findTraces(bot.database.sqlite, otherId);
    const otherBalance = () => rows<{ n: number }>(bot, 'SELECT COALESCE(SUM(delta), 0) AS n FROM points_ledger WHERE member_id = ?', otherId)[0]!.n;
    const otherBalanceBefore = otherBalance();
    expect(otherBalanceBefore).toBeGreaterThan(0);
    const prompt = await privacy(subjectId, 'delete').firstResponse();
    expect(prompt.content).toMatch(/cannot be undone/);
    expect(findTraces(bot.database.sqlite, subjectId).length).toBeGreaterThan(5);
    const [confirmId, cancelId] = customIdsOf(prompt);
    expect(confirmId).toBe(`privacydelete:confirm:${subjectId}`);

    // Only the member may press it.
    const stranger = await fake.clickButton({ guildId, channelId, userId: otherId, messageId: prompt.messageId!, customId: confirmId! }).firstResponse();
    expect(stranger.content).toBe('This confirmation belongs to someone else.');
    expect(findTraces(bot.database.sqlite, subjectId).length).toBeGreaterThan(5);
    expect(cancelId).toBe(`privacydelete:cancel:${subjectId}`);

    const done = await fake.clickButton({ guildId, channelId, userId: subjectId, messageId: prompt.messageId!, customId: confirmId! }).firstResponse();
    expect(done.content).toMatch(/^Erased: \d+ rows/);
    // The one row left is the suppression entry that keeps re-read history from being stored again.
    expect(findTraces(bot.database.sqlite, subjectId)).toEqual([{ table: 'privacy_opt_outs', column: 'user_id', rows: 1 }]);
    expect(findTraces(bot.database.sqlite, 'zebra-quartz-7781')).toEqual([]);
    // The other member keeps their membership, posts (their words naming the subject now name the pseudonym),
    // threads, points (the subject's reaction to their post still counts), badges and badge announcements. What went is what was about the subject: the thread link they shared, their
    // reaction to the subject's post and the subject's mention of them (both leave with the post), and the points
    // the subject earned from them (the ledger's actor column).
    await bot.economy.idle();
    expect(otherBalance()).toBe(otherBalanceBefore);
    const otherRowsAfter = findTraces(bot.database.sqlite, otherId);
    const kept = (t: { table: string; column: string }) =>
      ['members', 'posts', 'channels', 'badge_awards', 'delivery_outbox'].includes(t.table) || (t.table === 'points_ledger' && t.column === 'member_id');
    expect(otherRowsAfter).toEqual(otherRowsBefore.filter(kept));
    // (Which of the pair's columns holds the other member depends on how their random ids compare.)
    const gone = otherRowsBefore.filter((t) => !kept(t)).map((t) => (t.table === 'thread_co_participation' ? t.table : `${t.table}.${t.column}`));
    expect([...new Set(gone)].sort()).toEqual(['mentions.user_id', 'points_ledger.actor_id', 'points_ledger.source_key', 'reactions.user_id', 'thread_co_participation']);
    expect(findTraces(bot.database.sqlite, 'otter-maple-1234').map((t) => t.table)).toEqual(['posts']);

    // A restart re-reads recent history from Discord, where the member's messages still are: nothing comes back.
    await bot.stop();
    bot = await world.start();
    await bot.idle();
    expect(rows(bot, 'SELECT id FROM posts WHERE author_id = ?', subjectId)).toEqual([]);
    expect(findTraces(bot.database.sqlite, 'zebra-quartz-7781')).toEqual([]);
    expect(findTraces(bot.database.sqlite, subjectId)).toEqual([{ table: 'privacy_opt_outs', column: 'user_id', rows: 1 }]);
  });

  it('GIVEN delete confirmed THEN no log line written from the confirmation on carries the member\'s id', async () => {
    await history();
    await bot.stop();
    const captured = captureLog('debug');
    bot = await world.start({ log: captured.log });
    const prompt = await privacy(subjectId, 'delete').firstResponse();
    const [confirmId] = customIdsOf(prompt);
    // The prompt's own lines (before the erasure) may name the member; its last one is written after its reply.
    await eventually(() => expect(captured.count('interaction handled')).toBeGreaterThan(0));
    captured.clear();
    const done = await fake.clickButton({ guildId, channelId, userId: subjectId, messageId: prompt.messageId!, customId: confirmId! }).firstResponse();
    expect(done.content).toMatch(/^Erased/);
    // What follows the erasure: the member still posts and reacts on Discord, the scheduled work runs.
    fake.postMessage({ channelId, authorId: subjectId, content: 'after erasure' });
    fake.postMessage({ channelId, authorId: otherId, content: `hello <@${subjectId}>`, mentions: [subjectId] });
    await bot.idle();
    await bot.tasks.run('retention');
    await bot.tasks.run('economy');
    expect(captured.count('member data erased on request')).toBe(1);
    expect(captured.lines().filter((line) => JSON.stringify(line).includes(subjectId))).toEqual([]);
  });

  it('GIVEN optout THEN nothing the member does afterwards is recorded, while others still are; optin resumes recording', async () => {
    const before = fake.postMessage({ channelId, authorId: subjectId, content: 'before opting out' }).id;
    await eventually(bot, postCount, (n) => expect(n).toBe(1));
    expect((await privacy(subjectId, 'optout').firstResponse()).content).toMatch(/no longer records your activity/);
    const tracesAtOptOut = findTraces(bot.database.sqlite, subjectId);

    const own = fake.postMessage({ channelId, authorId: subjectId, content: SECRET, mentions: [otherId] }).id;
    const reply = fake.postMessage({ channelId, authorId: otherId, content: 'hello you', replyTo: before, mentions: [subjectId] }).id;
    fake.addReaction(channelId, reply, subjectId, '👍');
    const thread = fake.createThread(channelId, { name: 'their thread', type: ChannelType.PublicThread, ownerId: subjectId });
    fake.postMessage({ channelId: thread.id, authorId: subjectId, content: 'in my thread' });
    fake.postMessage({ channelId: thread.id, authorId: otherId, content: 'joining' });
    fake.addReaction(channelId, reply, otherId, '🎉');
    await eventually(bot, () => rows(bot, 'SELECT * FROM reactions'), (r) => expect(r).toHaveLength(1));
    await eventually(bot, postCount, (n) => expect(n).toBe(3));

    expect(rows(bot, 'SELECT id FROM posts WHERE id = ?', own)).toEqual([]);
    expect(rows(bot, 'SELECT user_id AS u FROM reactions')).toEqual([{ u: otherId }]);
    expect(rows(bot, 'SELECT reply_to_id AS r, reply_to_author_id AS a FROM posts WHERE id = ?', reply)).toEqual([{ r: before, a: null }]);
    expect(findTraces(bot.database.sqlite, subjectId)).toEqual(tracesAtOptOut);
    expect(findTraces(bot.database.sqlite, 'zebra-quartz-7781')).toEqual([]);
    expect(rows(bot, 'SELECT owner_id AS o FROM channels WHERE id = ?', thread.id)).toEqual([{ o: null }]);

    expect((await privacy(subjectId, 'optin').firstResponse()).content).toMatch(/records your activity in this server again/);
    const after = fake.postMessage({ channelId, authorId: subjectId, content: 'back again' }).id;
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts WHERE id = ?', after), (r) => expect(r).toHaveLength(1));
  });

  it('GIVEN optout THEN an edit of their earlier post and a new post beside them in a thread record nothing new about them', async () => {
    const thread = fake.createThread(channelId, { name: 'shared', type: ChannelType.PublicThread, ownerId: otherId });
    const earlier = fake.postMessage({ channelId: thread.id, authorId: subjectId, content: 'before opting out' }).id;
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts WHERE id = ?', earlier), (r) => expect(r).toHaveLength(1));
    expect((await privacy(subjectId, 'optout').firstResponse()).content).toMatch(/no longer records your activity/);

    fake.editMessage(thread.id, earlier, { content: `${SECRET} <@${otherId}>` });
    const beside = fake.postMessage({ channelId: thread.id, authorId: otherId, content: 'joining later' }).id;
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts WHERE id = ?', beside), (r) => expect(r).toHaveLength(1));
    expect(rows(bot, 'SELECT content, edited_at AS editedAt FROM posts WHERE id = ?', earlier)).toEqual([{ content: 'before opting out', editedAt: null }]);
    expect(rows(bot, 'SELECT * FROM mentions WHERE message_id = ?', earlier)).toEqual([]);
    expect(rows(bot, 'SELECT * FROM thread_co_participation')).toEqual([]);
    expect(findTraces(bot.database.sqlite, 'zebra-quartz-7781')).toEqual([]);
  });

  it('GIVEN a Chinese client THEN /privacy answers in Simplified Chinese', async () => {
    const handle = fake.invokeSlashCommand({
      guildId, channelId, userId: subjectId, locale: 'zh-CN' as never, name: 'privacy',
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'optin', options: [] }],
    });
    expect((await handle.firstResponse()).content).toBe('你没有在此服务器退出。');
  });
});

/**
 * GIVEN the real bot in the fake Discord THEN moderators flag and review posts, members can only report, every
 * action is audited, and confirming demotes the post and notifies demotion subscribers exactly once.
 */
import { MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { demotedPostIds, isPostDemoted, type PostDemotedEvent } from '../../src/moderation/demotions.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { customIdsOf, embedsOf } from '../helpers/components.js';

describe('flags and the review queue', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let guildId: string;
  let channelId: string;
  let moderatorId: string;
  let memberId: string;
  let authorId: string;
  let spamId: string;
  let otherId: string;
  const demotions: PostDemotedEvent[] = [];

  beforeEach(async () => {
    demotions.length = 0;
    fake = world.fake;
    const guild = fake.createGuild({ name: 'Mod Guild' });
    guildId = guild.id;
    channelId = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    const modRole = fake.createRole(guildId, { name: 'mods', permissions: PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages });
    moderatorId = fake.addMember(guildId, { username: 'moderator' }, { roles: [modRole.id] }).user.id;
    memberId = fake.addMember(guildId, { username: 'member' }).user.id;
    authorId = fake.addMember(guildId, { username: 'author' }).user.id;
    bot = await world.start();
    bot.moderation.onDemotion((tx, event) => {
      // Inside the confirming transaction: the demotion is already visible on the same connection.
      expect(isPostDemoted(tx.sqlite, event.postId)).toBe(true);
      demotions.push(event);
    });
    await registerCommandsIn(fake, guildId);
    spamId = fake.postMessage({ channelId, authorId, content: 'BUY NOW cheap stuff' }).id;
    otherId = fake.postMessage({ channelId, authorId, content: 'a fine post', replyTo: spamId }).id;
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts'), (r) => expect(r).toHaveLength(2));
  });

  const flag = (userId: string, targetMessageId: string, name = 'Flag low quality') =>
    fake.invokeMessageContextMenu({ guildId, channelId, userId, name, targetMessageId });
  const flags = (userId: string) => fake.invokeSlashCommand({ guildId, channelId, userId, name: 'flags', options: [] });
  const click = (userId: string, messageId: string, customId: string) => fake.clickButton({ guildId, channelId, userId, messageId, customId });
  const audit = () => rows<{ actor: string | null; action: string; postId: string; reason: string | null }>(
    bot,
    'SELECT actor_id AS actor, action, post_id AS postId, reason FROM moderation_audit ORDER BY id',
  );

  it('GIVEN registration THEN "Flag low quality" defaults to Manage Messages and "Report" to everyone', () => {
    const commands = fake.commands(guildId);
    expect(commands.find((c) => c.name === 'Flag low quality')?.default_member_permissions).toBe(PermissionFlagsBits.ManageMessages.toString());
    expect(commands.find((c) => c.name === 'Report')?.default_member_permissions ?? null).toBeNull();
    expect(commands.find((c) => c.name === 'flags')?.default_member_permissions).toBe(PermissionFlagsBits.ManageMessages.toString());
  });

  it('GIVEN a moderator flags, a member reports, and the moderator confirms THEN the post is demoted, audited, and the subscriber ran once', async () => {
    const flagged = await flag(moderatorId, spamId).firstResponse();
    expect(flagged).toMatchObject({ accepted: true, flags: MessageFlags.Ephemeral });
    expect(flagged.content).toMatch(/Flagged for review/);
    const reasonButtons = customIdsOf(flagged);
    expect(reasonButtons).toContain(`flagreason:${spamId}:spam`);
    const reason = await click(moderatorId, flagged.messageId!, `flagreason:${spamId}:spam`).firstResponse();
    expect(reason.content).toBe('Reason recorded: **Spam**. Thank you.');

    const reported = await flag(memberId, spamId, 'Report').firstResponse();
    expect(reported.content).toMatch(/moderators will take a look/);
    expect(rows(bot, 'SELECT source, reporter_id AS reporter, reason FROM post_flags ORDER BY id')).toEqual([
      { source: 'moderator', reporter: moderatorId, reason: 'spam' },
      { source: 'member', reporter: memberId, reason: 'none' },
    ]);

    const queue = await flags(moderatorId).firstResponse();
    // Another moderator has the same queue open.
    const otherQueue = await flags(moderatorId).firstResponse();
    expect(queue.flags).toBe(MessageFlags.Ephemeral);
    const embed = JSON.stringify(embedsOf(queue));
    expect(embed).toContain('Flagged post 1 of 1');
    expect(embed).toContain('BUY NOW cheap stuff');
    expect(embed).toContain('1 by moderators, 1 member reports');
    const confirmId = customIdsOf(queue).find((id) => id.startsWith('flags:confirm:'));
    expect(confirmId).toBe(`flags:confirm:${spamId}:0`);

    const confirmed = await click(moderatorId, queue.messageId!, confirmId!).firstResponse();
    expect(confirmed.content).toMatch(/Confirmed: the post is demoted/);
    expect(confirmed.content).toMatch(/No posts are waiting for review/);
    expect(isPostDemoted(bot.database.sqlite, spamId)).toBe(true);
    expect(isPostDemoted(bot.database.sqlite, otherId)).toBe(false);
    expect([...demotedPostIds(bot.database.sqlite, guildId)]).toEqual([spamId]);
    expect(demotions).toEqual([{ guildId, postId: spamId, authorId, moderatorId, at: expect.any(Number) }]);

    // A second press (a stale copy of the queue, another moderator) changes nothing and notifies no one.
    const again = await click(moderatorId, otherQueue.messageId!, confirmId!).firstResponse();
    expect(again.content).toMatch(/Another moderator already resolved/);
    expect(demotions).toHaveLength(1);
    expect(audit()).toEqual([
      { actor: moderatorId, action: 'flag', postId: spamId, reason: null },
      { actor: moderatorId, action: 'reason', postId: spamId, reason: 'spam' },
      { actor: memberId, action: 'report', postId: spamId, reason: null },
      { actor: moderatorId, action: 'confirm', postId: spamId, reason: null },
    ]);
  });

  it('GIVEN a flag is dismissed THEN the post stays and no subscriber runs; a later member report does not re-open it', async () => {
    await flag(moderatorId, otherId).firstResponse();
    const queue = await flags(moderatorId).firstResponse();
    const dismissId = customIdsOf(queue).find((id) => id.startsWith('flags:dismiss:'))!;
    const dismissed = await click(moderatorId, queue.messageId!, dismissId).firstResponse();
    expect(dismissed.content).toMatch(/Dismissed/);
    expect(isPostDemoted(bot.database.sqlite, otherId)).toBe(false);
    expect(demotions).toEqual([]);
    const report = await flag(memberId, otherId, 'Report').firstResponse();
    expect(report.content).toBe('Moderators already reviewed this post.');
    expect(rows(bot, `SELECT status FROM moderation_reviews WHERE post_id = ?`, otherId)).toEqual([{ status: 'dismissed' }]);
  });

  it('GIVEN a member without Manage Messages (default permission overridden) THEN flagging, /flags and the review buttons are refused server-side', async () => {
    const refusedFlag = await flag(memberId, spamId).firstResponse();
    expect(refusedFlag.content).toBe('You need the **Manage Messages** permission to do this.');
    expect(rows(bot, 'SELECT * FROM post_flags')).toEqual([]);
    const refusedQueue = await flags(memberId).firstResponse();
    expect(refusedQueue.content).toBe('You need the **Manage Messages** permission to do this.');

    await flag(moderatorId, spamId).firstResponse();
    const queue = await flags(moderatorId).firstResponse();
    const confirmId = customIdsOf(queue).find((id) => id.startsWith('flags:confirm:'))!;
    // The member crafts the press themselves (a forged payload): refused, nothing changes.
    const forged = await click(memberId, queue.messageId!, confirmId).firstResponse();
    expect(forged.content).toBe('You need the **Manage Messages** permission to do this.');
    expect(isPostDemoted(bot.database.sqlite, spamId)).toBe(false);
    expect(demotions).toEqual([]);
  });

  it('GIVEN two open cases THEN /flags pages through them oldest first', async () => {
    await flag(moderatorId, spamId).firstResponse();
    await flag(moderatorId, otherId).firstResponse();
    const first = await flags(moderatorId).firstResponse();
    expect(JSON.stringify(embedsOf(first))).toContain('Flagged post 1 of 2');
    const next = customIdsOf(first).find((id) => id.startsWith('flags:page:next:'))!;
    const second = await click(moderatorId, first.messageId!, next).firstResponse();
    expect(JSON.stringify(embedsOf(second))).toContain('Flagged post 2 of 2');
    expect(JSON.stringify(embedsOf(second))).toContain('a fine post');
    // Context: the reply target's text is shown with the case.
    expect(JSON.stringify(embedsOf(second))).toContain('In reply to');
  });

  it('GIVEN a Chinese client THEN the refusal and the receipt are in Simplified Chinese', async () => {
    const handle = fake.invokeMessageContextMenu({ guildId, channelId, userId: memberId, name: 'Report', targetMessageId: spamId, locale: 'zh-CN' as never });
    expect((await handle.firstResponse()).content).toBe('谢谢，版主会查看。要补充原因吗？');
  });
});

/**
 * GIVEN the real bot in the fake Discord THEN moderator commands need their permission at guild level (a role's
 * base permissions, Administrator, ownership), never from one channel's overwrite, and the review queue shows a
 * moderator only the flagged posts of channels they can view.
 */
import { ApplicationCommandOptionType, ChannelType, InteractionResponseType, PermissionFlagsBits } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord, InteractionHandle } from '../../src/sim/index.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { customIdsOf, embedsOf } from '../helpers/components.js';

const REFUSED = 'You need the **Manage Messages** permission to do this.';

describe('moderator rights', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let guildId: string;
  let ownerId: string;
  let general: string;
  let corner: string;
  let staff: string;
  let moderatorId: string;
  let cornerModId: string;
  let authorId: string;

  beforeEach(async () => {
    fake = world.fake;
    const guild = fake.createGuild({ name: 'Rights Guild' });
    guildId = guild.id;
    ownerId = guild.owner_id;
    general = fake.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id;
    const mods = fake.createRole(guildId, { name: 'mods', permissions: PermissionFlagsBits.ManageMessages });
    moderatorId = fake.addMember(guildId, { username: 'moderator' }, { roles: [mods.id] }).user.id;
    cornerModId = fake.addMember(guildId, { username: 'corner-mod' }).user.id;
    authorId = fake.addMember(guildId, { username: 'author' }).user.id;
    // Manage Messages in one channel only, by a member overwrite: a channel-level right, not a moderator.
    corner = fake.createChannel(guildId, {
      name: 'corner',
      type: ChannelType.GuildText,
      permissionOverwrites: [{ id: cornerModId, type: 'member', allow: PermissionFlagsBits.ManageMessages }],
    }).id;
    // A channel the moderator may not view.
    staff = fake.createChannel(guildId, {
      name: 'staff',
      type: ChannelType.GuildText,
      permissionOverwrites: [{ id: moderatorId, type: 'member', deny: PermissionFlagsBits.ViewChannel }],
    }).id;
    bot = await world.start();
    await registerCommandsIn(fake, guildId);
  });

  const slash = (userId: string, name: string, options: unknown[] = [], channelId = corner): InteractionHandle =>
    fake.invokeSlashCommand({ guildId, channelId, userId, name, options: options as never });
  const sub = (name: string, options: unknown[] = []) => [{ type: ApplicationCommandOptionType.Subcommand, name, options }];

  async function contentOf(handle: InteractionHandle): Promise<string | null | undefined> {
    const first = await handle.firstResponse();
    if (first.type !== InteractionResponseType.DeferredChannelMessageWithSource) return first.content;
    return (await handle.waitForResponse((r) => r.kind === 'edit-original', 30_000)).content;
  }

  it('GIVEN Manage Messages from one channel\'s overwrite THEN /points adjust, /flags, /stats, /contest close and "Flag low quality" are refused there', async () => {
    expect(fake.channel(corner)).toBeTruthy();
    const adjust = slash(cornerModId, 'points', sub('adjust', [
      { type: ApplicationCommandOptionType.User, name: 'member', value: cornerModId },
      { type: ApplicationCommandOptionType.Integer, name: 'delta', value: 1000 },
      { type: ApplicationCommandOptionType.String, name: 'reason', value: 'for me' },
    ]));
    expect(await contentOf(adjust)).toBe(REFUSED);
    expect(rows(bot, 'SELECT * FROM points_ledger WHERE member_id = ?', cornerModId)).toEqual([]);
    expect(await contentOf(slash(cornerModId, 'flags'))).toBe(REFUSED);
    expect(await contentOf(slash(cornerModId, 'stats'))).toBe(REFUSED);
    expect(await contentOf(slash(cornerModId, 'contest', sub('close', [{ type: ApplicationCommandOptionType.Integer, name: 'contest', value: 1 }])))).toBe(REFUSED);
    const post = fake.postMessage({ channelId: corner, authorId, content: 'a post in the corner' }).id;
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts WHERE id = ?', post), (r) => expect(r).toHaveLength(1));
    const flag = fake.invokeMessageContextMenu({ guildId, channelId: corner, userId: cornerModId, name: 'Flag low quality', targetMessageId: post });
    expect((await flag.firstResponse()).content).toBe(REFUSED);
    expect(rows(bot, 'SELECT * FROM post_flags')).toEqual([]);

    // A moderator by role may, from the same channel.
    expect(await contentOf(slash(moderatorId, 'flags'))).not.toBe(REFUSED);
  }, 60_000);

  it('GIVEN a flagged post in a channel the moderator cannot view THEN /flags neither shows nor counts it, and a forged confirm is refused', async () => {
    const hidden = fake.postMessage({ channelId: staff, authorId, content: 'SECRET staff talk' }).id;
    const visible = fake.postMessage({ channelId: general, authorId, content: 'spam in general' }).id;
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts'), (r) => expect(r).toHaveLength(2));
    for (const [channelId, post] of [[staff, hidden], [general, visible]] as const) {
      const flagged = await fake.invokeMessageContextMenu({ guildId, channelId, userId: ownerId, name: 'Flag low quality', targetMessageId: post }).firstResponse();
      expect(flagged.content).toMatch(/Flagged for review/);
    }
    // The owner sees both cases.
    expect(JSON.stringify(embedsOf(await slash(ownerId, 'flags', [], general).firstResponse()))).toContain('Flagged post 1 of 2');

    const queue = await slash(moderatorId, 'flags', [], general).firstResponse();
    const shown = JSON.stringify(embedsOf(queue));
    expect(shown).toContain('Flagged post 1 of 1');
    expect(shown).toContain('spam in general');
    expect(shown).not.toContain('SECRET');
    expect(shown).not.toContain(staff);
    const page2 = fake.invokeSlashCommand({ guildId, channelId: general, userId: moderatorId, name: 'flags', options: [{ type: ApplicationCommandOptionType.Integer, name: 'page', value: 2 }] });
    expect(JSON.stringify(await page2.firstResponse())).not.toContain('SECRET');

    // A press forged with the hidden post's id (on the moderator's own queue message) changes nothing.
    const confirm = customIdsOf(queue).find((id) => id.startsWith('flags:confirm:')) as string;
    const forged = confirm.replace(visible, hidden);
    const ownersQueue = await slash(ownerId, 'flags', [], general).firstResponse();
    expect(customIdsOf(ownersQueue)).toContain(forged);
    const press = await fake.clickButton({ guildId, channelId: general, userId: moderatorId, messageId: ownersQueue.messageId as string, customId: forged }).firstResponse();
    expect(JSON.stringify(press)).not.toContain('SECRET');
    expect(rows(bot, 'SELECT status FROM moderation_reviews WHERE post_id = ?', hidden)).toEqual([{ status: 'open' }]);
  }, 60_000);
});

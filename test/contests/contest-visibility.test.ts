/**
 * GIVEN the real bot against the fake Discord THEN a contest entry is a post every reader of the contest channel
 * may view: /contest submit refuses one they may not all view (and answers a submitter who may not view a post as
 * if it did not exist), and the voting announcement links no entry that some reader of the channel may not view.
 */
import { ApplicationCommandOptionType, ChannelType, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const VIEW = PermissionFlagsBits.ViewChannel;

describe('contest entries and who can see them', () => {
  let clock = Date.UTC(2026, 6, 1, 12);
  const now = () => clock;
  const world = botWorld(() => ({ clock: now }));
  let bot: RunningBot | null = null;

  it('GIVEN entries from channels not every reader of the contest channel may view THEN submit refuses them and the announcement links none', async () => {
    const { fake } = world;
    const guild = fake.createGuild({ name: 'Contest Visibility' });
    const guildId = guild.id;
    const ownerId = guild.owner_id;
    const [vip, plain, outsider] = ['vip', 'plain', 'outsider'].map((username) => fake.addMember(guildId, { username }, { joinedAt: clock - 30 * DAY }).user.id) as [string, string, string];
    const vips = fake.createRole(guildId, { name: 'vips', permissions: 0n });
    fake.setMemberRoles(guildId, vip, [vips.id]);
    const art = fake.createChannel(guildId, { name: 'art', type: ChannelType.GuildText }).id;
    const general = fake.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id;
    const lounge = fake.createChannel(guildId, {
      name: 'vip-lounge',
      type: ChannelType.GuildText,
      permissionOverwrites: [
        { id: guildId, type: 'role', deny: VIEW },
        { id: vips.id, type: 'role', allow: VIEW },
        { id: fake.botUserId, type: 'member', allow: VIEW | PermissionFlagsBits.ReadMessageHistory },
      ],
    }).id;
    bot = await world.start({ now });
    await registerCommandsIn(fake, guildId);
    const slash = (userId: string, sub: string, options: unknown[]) =>
      fake.invokeSlashCommand({ guildId, channelId: general, userId, name: 'contest', options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options }] as never });
    const str = (name: string, value: string) => ({ type: ApplicationCommandOptionType.String, name, value });
    const created = await slash(ownerId, 'create', [
      str('title', 'Best photo'),
      str('theme', 'Anything'),
      { type: ApplicationCommandOptionType.Channel, name: 'channel', value: art },
      str('submission-ends', '2h'),
      str('voting-ends', '4h'),
    ]).firstResponse();
    expect(created.content).toMatch(/Contest #1/);

    clock += MINUTE;
    const vipPost = fake.postMessage({ channelId: lounge, authorId: vip, content: 'vip photo' }).id;
    const plainPost = fake.postMessage({ channelId: general, authorId: plain, content: 'plain photo' }).id;
    await eventually(bot, () => rows(bot!, 'SELECT id FROM posts').length, (n) => expect(n).toBe(2));
    const entry = (userId: string, postId: string) => slash(userId, 'submit', [{ type: ApplicationCommandOptionType.Integer, name: 'contest', value: 1 }, str('message', postId)]).firstResponse();

    // The lounge's post may not be seen by everyone who reads #art: refused.
    expect((await entry(vip, vipPost)).content).toBe('Everyone who can read the contest channel must be able to see your entry: enter a post from a channel they can all see.');
    // Someone who cannot see the post is told what they would be told of a post that does not exist.
    expect((await entry(outsider, vipPost)).content).toBe('attune has no record of that message in this server (it may be deleted, or not recorded yet).');
    expect((await entry(plain, plainPost)).content).toBe('Your entry is in contest #1 (Best photo).');
    expect(rows(bot, 'SELECT post_id AS postId FROM contest_entries')).toEqual([{ postId: plainPost }]);

    // Before voting opens, #general is closed to a role a reader of #art has: the entry stays, its link does not.
    const muted = fake.createRole(guildId, { name: 'muted', permissions: 0n });
    fake.setMemberRoles(guildId, outsider, [muted.id]);
    fake.updateChannel(general, { permissionOverwrites: [{ id: muted.id, type: 'role', deny: VIEW }] });
    await eventually(() => expect(bot!.client.guilds.cache.get(guildId)?.members.cache.get(outsider)?.roles.cache.has(muted.id)).toBe(true));
    await eventually(() => {
      const channel = bot!.client.channels.cache.get(general);
      expect(channel && 'permissionOverwrites' in channel && channel.permissionOverwrites.cache.has(muted.id)).toBe(true);
    });
    clock += 2 * HOUR;
    await bot.tasks.run('economy');
    const voting = await eventually(() => {
      const message = fake.messages(art).find((m) => m.author.id === fake.botUserId && m.content.includes('Voting is open'));
      expect(message).toBeDefined();
      return message as APIMessage;
    });
    expect(voting.content).toContain(`<@${plain}>`);
    expect(voting.content).not.toContain(plainPost);
    expect(voting.content).toContain('not shown here');
  }, 60_000);
});

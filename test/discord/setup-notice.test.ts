/**
 * GIVEN attune joining a server THEN it posts one setup message — what is set up, what is missing with the fix for
 * each — in the server's system channel, or the first channel it may write in, through the delivery outbox; and
 * neither a restart nor a re-delivered GUILD_CREATE sends a second one. `/help` lists what each member may use.
 */
import { ChannelType, Locale, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { botPostsIn } from '../helpers/digest.js';

describe('after the invite', () => {
  const world = botWorld();

  it('GIVEN attune is added to a server with a system channel THEN one setup message goes there, once, across a restart and a re-delivered GUILD_CREATE', async () => {
    const { fake } = world;
    let bot = await world.start({ setupNotices: true });
    const guild = fake.createGuild({ name: 'New Server', includeBot: false });
    const general = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText }).id;
    const welcome = fake.createChannel(guild.id, { name: 'welcome', type: ChannelType.GuildText }).id;
    fake.updateGuild(guild.id, { systemChannelId: welcome });
    fake.addBotToGuild(guild.id);

    await eventually(bot, () => botPostsIn(fake, welcome), (posts) => expect(posts).toHaveLength(1));
    const [notice] = botPostsIn(fake, welcome);
    const text = JSON.stringify(notice?.embeds);
    expect(text).toContain('Thanks for adding attune');
    expect(text).toContain('⚠️ No daily digest yet. Fix: `/settings digest`.');
    expect(text).toContain('✅ Recording 2 channels');
    expect(text).toContain('`/settings`');
    expect(botPostsIn(fake, general)).toEqual([]);
    await eventually(bot, () => rows(bot, `SELECT sender, status FROM delivery_outbox WHERE guild_id = ?`, guild.id), (r) =>
      expect(r).toEqual([{ sender: 'setup', status: 'sent' }]),
    );

    // The gateway delivers the join again, then attune restarts: the message exists for this join, nothing more is sent.
    fake.redeliverRecent(5);
    await bot.idle();
    await bot.stop();
    bot = await world.start({ setupNotices: true });
    await bot.idle();
    expect(botPostsIn(fake, welcome)).toHaveLength(1);
    expect(rows(bot, `SELECT COUNT(*) AS n FROM delivery_outbox WHERE sender = 'setup'`)).toEqual([{ n: 1 }]);
  });

  it('GIVEN no system channel and a first channel attune may not post in THEN the message goes to the next one, in the server\'s language', async () => {
    const { fake } = world;
    const bot = await world.start({ setupNotices: true });
    const guild = fake.createGuild({ name: '新服务器', includeBot: false, preferredLocale: Locale.ChineseCN });
    const readOnly = fake.createChannel(guild.id, {
      name: 'rules',
      type: ChannelType.GuildText,
      permissionOverwrites: [{ id: guild.id, type: OverwriteType.Role, deny: PermissionFlagsBits.SendMessages }],
    }).id;
    const chat = fake.createChannel(guild.id, { name: 'chat', type: ChannelType.GuildText }).id;
    fake.addBotToGuild(guild.id);

    await eventually(bot, () => botPostsIn(fake, chat), (posts) => expect(posts).toHaveLength(1));
    expect(JSON.stringify(botPostsIn(fake, chat)[0]?.embeds)).toContain('感谢添加 attune');
    expect(botPostsIn(fake, readOnly)).toEqual([]);
  });

  it('GIVEN /help THEN a member sees the members\' commands, one line each, and the owner also sees the moderators\' and admins\' ones', async () => {
    const { fake } = world;
    const guild = fake.createGuild({ name: 'Help Server' });
    const channelId = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText }).id;
    const member = fake.addMember(guild.id, { username: 'member' }).user.id;
    await world.start();
    await registerCommandsIn(fake, guild.id);
    const help = (userId: string, locale?: Locale) =>
      fake.invokeSlashCommand({ guildId: guild.id, channelId, userId, name: 'help', options: [], ...(locale ? { locale } : {}) }).firstResponse();

    const forMember = JSON.stringify((await help(member)).body);
    expect(forMember).toContain('`/digest mode` — How you get your personal daily digest');
    expect(forMember).toContain('`/recommend` — ');
    expect(forMember).toContain('Apps → **Report**');
    expect(forMember).not.toContain('/settings');
    expect(forMember).not.toContain('/contest-admin');
    expect(forMember).not.toContain('Flag low quality');

    const forOwner = JSON.stringify((await help(guild.owner_id)).body);
    expect(forOwner).toContain('For moderators and admins');
    expect(forOwner).toContain('`/contest-admin create` — ');
    expect(forOwner).toContain('`/economy-admin role-reward add` — ');
    expect(forOwner).toContain('`/settings timezone` — ');

    const chinese = JSON.stringify((await help(member, Locale.ChineseCN)).body);
    expect(chinese).toContain('`/每日精选 方式` — 你接收个人每日精选的方式');
    expect(chinese).not.toContain('/digest');
  });
});

/**
 * GIVEN the real bot and its registered commands in the fake Discord, THEN `/settings` changes the content-features
 * switch only for members with Manage Server, re-checked on the server side, and answers ephemerally.
 */
import { ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

describe('/settings', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let guildId: string;
  let channelId: string;
  let ownerId: string;
  let memberId: string;

  beforeEach(async () => {
    fake = world.fake;
    const guild = fake.createGuild({ name: 'Settings Guild' });
    guildId = guild.id;
    ownerId = guild.owner_id;
    channelId = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    memberId = fake.addMember(guildId, { username: 'member' }).user.id;
    bot = await world.start();
    await registerCommandsIn(fake, guildId);
  });

  const contentFeatures = () => rows<{ enabled: number }>(bot, 'SELECT content_features AS enabled FROM guilds WHERE id = ?', guildId)[0]?.enabled;

  function invoke(userId: string, sub: string, enabled?: boolean) {
    return fake.invokeSlashCommand({
      guildId,
      channelId,
      userId,
      name: 'settings',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: sub,
          options: enabled === undefined ? [] : [{ type: ApplicationCommandOptionType.Boolean, name: 'enabled', value: enabled }],
        },
      ],
    });
  }

  it('GIVEN registration THEN the command is registered with Manage Server as its default permission', () => {
    const registered = fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${guildId}/commands`));
    const body = registered?.body as { name: string; default_member_permissions: string; description_localizations: Record<string, string> }[];
    const settings = body.find((c) => c.name === 'settings');
    expect(settings?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(settings?.description_localizations['zh-CN']).toMatch(/服务器/);
  });

  it('GIVEN content features are off by default WHEN the owner turns them on THEN the guild row changes and the answer is ephemeral', async () => {
    expect(contentFeatures()).toBe(0);
    const handle = invoke(ownerId, 'content-features', true);
    const response = await handle.firstResponse();
    expect(response.accepted).toBe(true);
    expect(response.flags).toBe(MessageFlags.Ephemeral);
    expect(response.content).toMatch(/Message text may now be used/);
    expect(contentFeatures()).toBe(1);

    const shown = await invoke(ownerId, 'show').firstResponse();
    expect(JSON.stringify(shown.body)).toContain('"value":"on"');
  });

  it('GIVEN a member without Manage Server (an admin overrode the default permission) THEN the change is refused and nothing is written', async () => {
    const response = await invoke(memberId, 'content-features', true).firstResponse();
    expect(response.flags).toBe(MessageFlags.Ephemeral);
    expect(response.content).toBe('You need the **Manage Server** permission to do this.');
    expect(contentFeatures()).toBe(0);
  });

  it('GIVEN a Chinese client THEN the refusal is in Simplified Chinese', async () => {
    const handle = fake.invokeSlashCommand({
      guildId,
      channelId,
      userId: memberId,
      locale: 'zh-CN' as never,
      name: 'settings',
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'show', options: [] }],
    });
    expect((await handle.firstResponse()).content).toBe('你需要 **管理服务器** 权限才能执行此操作。');
  });
});

/**
 * GIVEN the real bot and its registered commands in the fake Discord, THEN `/settings` is the admin's overview —
 * every setting with the command that changes it, the setup checklist, toggle buttons — and each subcommand changes
 * one setting, re-checked for Manage Server on the server side; time zones autocomplete from the IANA list; and
 * moderators' and admins' actions are commands of their own that members do not see.
 */
import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

interface Registered {
  name: string;
  default_member_permissions: string | null;
  description_localizations: Record<string, string>;
  options?: APIApplicationCommandOption[];
}

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

  const settingsRow = () => rows(bot, 'SELECT time_zone AS timeZone, language, economy_on_since AS economyOnSince, contests_enabled AS contests, snippets FROM guild_settings WHERE guild_id = ?', guildId)[0];
  const contentFeatures = () => rows<{ enabled: number }>(bot, 'SELECT content_features AS enabled FROM guilds WHERE id = ?', guildId)[0]?.enabled;

  function invoke(userId: string, sub: string, options: APIApplicationCommandInteractionDataBasicOption[] = [], locale?: string) {
    return fake.invokeSlashCommand({
      guildId,
      channelId,
      userId,
      name: 'settings',
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options }],
      ...(locale ? { locale: locale as never } : {}),
    });
  }
  const bool = (name: string, value: boolean) => ({ type: ApplicationCommandOptionType.Boolean as const, name, value });
  const str = (name: string, value: string) => ({ type: ApplicationCommandOptionType.String as const, name, value });

  it('GIVEN registration THEN admin and moderator actions are their own commands with default permissions, and members\' commands hold none of them', () => {
    const registered = fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${guildId}/commands`));
    const body = registered?.body as Registered[];
    const byName = new Map(body.map((c) => [c.name, c]));
    expect(byName.get('settings')?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(byName.get('settings')?.description_localizations['zh-CN']).toMatch(/服务器/);
    expect(byName.get('economy-admin')?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(byName.get('contest-admin')?.default_member_permissions).toBe(PermissionFlagsBits.ManageMessages.toString());
    expect(byName.get('points-admin')?.default_member_permissions).toBe(PermissionFlagsBits.ManageMessages.toString());
    const subcommands = (name: string) => (byName.get(name)?.options ?? []).map((o) => o.name);
    expect(byName.get('contest')?.default_member_permissions ?? null).toBeNull();
    expect(subcommands('contest')).toEqual(['submit', 'status', 'list']);
    expect(subcommands('economy')).toEqual(['rules']);
    expect(subcommands('points')).toEqual(['show']);
    expect(subcommands('digest')).toEqual(['mode']);
    expect(subcommands('contest-admin')).toEqual(['create', 'cancel', 'close']);
  });

  it('GIVEN /settings show THEN the owner sees every setting with its command, the checklist and toggle buttons, ephemerally', async () => {
    const shown = await invoke(ownerId, 'show').firstResponse();
    expect(shown.flags).toBe(MessageFlags.Ephemeral);
    const body = JSON.stringify(shown.body);
    for (const field of ['🕐 Time zone', '📰 Daily digest', '📣 Announcements', '🌐 Language of posts', '📝 Message text', '🪙 Points economy', '🏆 Contests', '🧰 Setup']) {
      expect(body).toContain(field);
    }
    expect(body).toContain('UTC (UTC) · `/settings timezone`');
    expect(body).toContain('not set up · `/settings digest`');
    expect(body).toContain('⚠️ No daily digest yet. Fix: `/settings digest`.');
    expect(body).toContain('💡 Days are counted in UTC.');
    expect(body).toContain('✅ Recording 1 channels');
    expect(body).toContain('"label":"Turn the economy off"');
  });

  it('GIVEN the economy toggle THEN the owner\'s press turns it off and redraws the overview; a member\'s press is refused and changes nothing', async () => {
    const shown = await invoke(ownerId, 'show').firstResponse();
    const messageId = shown.messageId!;
    const toggle = 'stg:economy:off';
    const refused = await fake.clickButton({ guildId, channelId, userId: memberId, messageId, customId: toggle }).firstResponse();
    expect(refused.content).toBe('You need the **Manage Server** permission to do this.');
    expect(settingsRow()).toBeUndefined();

    const pressed = await fake.clickButton({ guildId, channelId, userId: ownerId, messageId, customId: toggle }).firstResponse();
    expect(pressed.type).toBe(InteractionResponseType.UpdateMessage);
    expect(settingsRow()).toMatchObject({ economyOnSince: null });
    expect(JSON.stringify(pressed.body)).toContain('"label":"Turn the economy on"');
    expect(JSON.stringify(pressed.body)).toContain('off · 0 role rewards');
  });

  it('GIVEN a time zone typed in part THEN autocomplete suggests IANA zones with their offset, and the chosen zone is saved; a bad one is refused', async () => {
    const suggest = fake.invokeAutocomplete({
      guildId,
      channelId,
      userId: ownerId,
      name: 'settings',
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'timezone', options: [{ type: ApplicationCommandOptionType.String, name: 'timezone', value: 'berl', focused: true }] }],
    });
    const answer = await suggest.firstResponse();
    expect(answer.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = (answer.body as { data: { choices: { name: string; value: string }[] } }).data.choices;
    expect(choices[0]).toEqual({ name: expect.stringMatching(/^Europe\/Berlin \(UTC\+0[12]:00\)$/), value: 'Europe/Berlin' });

    const saved = await invoke(ownerId, 'timezone', [str('timezone', 'Europe/Berlin')]).firstResponse();
    expect(saved.content).toMatch(/^This server's time zone is now \*\*Europe\/Berlin\*\*/);
    expect(settingsRow()).toMatchObject({ timeZone: 'Europe/Berlin' });
    const bad = await invoke(ownerId, 'timezone', [str('timezone', 'Mars/Olympus_Mons')]).firstResponse();
    expect(bad.content).toMatch(/^`timezone`: is not a known IANA time zone/);
    expect(settingsRow()).toMatchObject({ timeZone: 'Europe/Berlin' });
  });

  it('GIVEN /settings content, language, contests THEN each saves its own setting', async () => {
    const content = await invoke(ownerId, 'content', [bool('snippets', false), bool('model-features', true)]).firstResponse();
    expect(content.content).toMatch(/^Snippets: off\. Message text as a model feature: on\./);
    expect(contentFeatures()).toBe(1);
    expect((await invoke(ownerId, 'language', [str('language', 'zh-CN')]).firstResponse()).content).toBe('attune posts in channels in: 简体中文.');
    expect((await invoke(ownerId, 'contests', [bool('enabled', false)]).firstResponse()).content).toMatch(/^Contests are off/);
    expect(settingsRow()).toEqual({ timeZone: 'UTC', language: 'zh-CN', economyOnSince: 0, contests: 0, snippets: 0 });
    const contest = await fake.invokeSlashCommand({ guildId, channelId, userId: memberId, name: 'contest', options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'list', options: [] }] }).firstResponse();
    expect(contest.content).toBe('Contests are off in this server. An admin can turn them on with `/settings contests enabled:True`.');
    const nothing = await invoke(ownerId, 'content').firstResponse();
    expect(nothing.content).toBe('Give at least one option to change.');
  });

  it('GIVEN a member without Manage Server (an admin overrode the default permission) THEN a change is refused and nothing is written', async () => {
    const response = await invoke(memberId, 'content', [bool('model-features', true)]).firstResponse();
    expect(response.flags).toBe(MessageFlags.Ephemeral);
    expect(response.content).toBe('You need the **Manage Server** permission to do this.');
    expect(contentFeatures()).toBe(0);
  });

  it('GIVEN a Chinese client THEN the refusal is in Simplified Chinese', async () => {
    expect((await invoke(memberId, 'show', [], 'zh-CN').firstResponse()).content).toBe('你需要 **管理服务器** 权限才能执行此操作。');
  });
});

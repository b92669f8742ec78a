/**
 * GIVEN the real bot against the fake Discord and a guild with the hand-counted fixture THEN `/stats` answers a
 * moderator ephemerally with the key figures and four PNG charts attached and shown by the embeds, refuses a member
 * without Manage Messages before drawing anything, explains an empty guild instead of drawing empty charts, and
 * answers a Chinese client in Chinese.
 */
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord, InteractionHandle } from '../../src/sim/index.js';
import { closeChartWorker } from '../../src/stats/chart-worker-client.js';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/stats/chart-renderer.js';
import { registerCommandsIn, type TempDb } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { seedStatsFixture, STATS_NOW } from '../fixtures/stats-fixture.js';

interface SentEmbed {
  title?: string;
  image?: { url: string };
  fields?: { name: string; value: string }[];
}

const CHART_FILES = ['activity.png', 'engagement.png', 'model-quality.png', 'points.png'];

describe('/stats', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let db: TempDb;
  let bot: RunningBot;
  let guildId: string;
  let channelId: string;
  let moderatorId: string;
  let memberId: string;

  beforeEach(async () => {
    fake = world.fake;
    db = world.db;
    const guild = fake.createGuild({ name: 'Stats Guild' });
    guildId = guild.id;
    channelId = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    const mods = fake.createRole(guildId, {
      name: 'mods',
      permissions: PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
    });
    moderatorId = fake.addMember(guildId, { username: 'moderator' }, { roles: [mods.id] }).user.id;
    memberId = fake.addMember(guildId, { username: 'member' }).user.id;
    bot = await world.start({ now: () => STATS_NOW });
    await registerCommandsIn(fake, guildId);
  });

  afterAll(() => closeChartWorker());

  const stats = (userId: string, range: string | null, locale?: string): InteractionHandle =>
    fake.invokeSlashCommand({
      guildId,
      channelId,
      userId,
      name: 'stats',
      ...(locale ? { locale: locale as never } : {}),
      options: range === null ? [] : [{ type: ApplicationCommandOptionType.String, name: 'range', value: range }],
    });

  const answer = (handle: InteractionHandle) =>
    handle.waitForResponse((r) => r.kind === 'edit-original' && r.accepted, 30_000);

  it('GIVEN registration THEN /stats defaults to Manage Messages and has a Chinese description and range choices', () => {
    const registered = fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${guildId}/commands`));
    const body = registered?.body as {
      name: string;
      default_member_permissions: string;
      description_localizations: Record<string, string>;
      options: { choices: { value: string; name_localizations: Record<string, string> }[] }[];
    }[];
    const command = body.find((c) => c.name === 'stats');
    expect(command?.default_member_permissions).toBe(PermissionFlagsBits.ManageMessages.toString());
    expect(command?.description_localizations['zh-CN']).toMatch(/版主/);
    expect(command?.options[0]?.choices.map((c) => c.value)).toEqual(['7d', '30d', '90d']);
    expect(command?.options[0]?.choices[0]?.name_localizations['zh-CN']).toBe('最近 7 天');
  });

  it('GIVEN a moderator WHEN they run /stats 7d THEN a deferred ephemeral answer carries the figures and four PNGs the embeds show', async () => {
    seedStatsFixture(db.sqlite, guildId);
    const handle = stats(moderatorId, '7d');
    const first = await handle.firstResponse();
    expect(first.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(first.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

    const edit = await answer(handle);
    expect(edit.files?.map((f) => f.filename)).toEqual(CHART_FILES);
    for (const file of edit.files ?? []) {
      expect(file.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([file.bytes.readUInt32BE(16), file.bytes.readUInt32BE(20)]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    }
    const embeds = (edit.body as { embeds: SentEmbed[] }).embeds;
    expect(embeds.map((e) => e.image?.url)).toEqual(CHART_FILES.map((f) => `attachment://${f}`));
    expect(embeds[0]?.title).toBe('Server stats — last 7 days');
    // Days are the guild's own (UTC until an admin sets a zone), and the footer says which.
    expect(JSON.stringify(embeds[0])).toContain('Days are in UTC (/settings timezone)');
    const fields = Object.fromEntries((embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Activity).toBe('5 posts (2 replies), 3 reactions, 4 active members');
    expect(fields['Recommendations and digests']).toBe('4 shown, 75.0 % engaged with; 2 personal digests delivered, 3 "Show my picks" presses');
    expect(fields.Feedback).toBe('1 more like this, 1 not for me, 1 hidden');
    expect(fields.Model).toBe('2 training runs; the latest: model NDCG@10 0.180 vs best baseline popularity 0.220; serving: popularity');
    expect(fields.Points).toBe('4 members hold points; the top 10 % hold 63.8 %');

    // The message the moderator sees has the four files attached, served back byte for byte.
    const message = handle.originalMessage();
    expect(message?.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(message?.attachments.map((a) => [a.filename, a.content_type])).toEqual(CHART_FILES.map((f) => [f, 'image/png']));
    const served = Buffer.from(await (await fetch(message?.attachments[0]?.url ?? '')).arrayBuffer());
    expect(served.equals(edit.files?.[0]?.bytes ?? Buffer.alloc(0))).toBe(true);
  });

  it('GIVEN a member without Manage Messages (an admin overrode the default) THEN they are refused ephemerally and nothing is drawn', async () => {
    seedStatsFixture(db.sqlite, guildId);
    const handle = stats(memberId, '30d');
    const response = await handle.firstResponse();
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(response.flags).toBe(MessageFlags.Ephemeral);
    expect(response.content).toBe('You need the **Manage Messages** permission to do this.');
    await bot.idle();
    expect(handle.responses).toHaveLength(1);
    expect(handle.responses.flatMap((r) => r.files ?? [])).toEqual([]);
  });

  it('GIVEN a guild with nothing recorded in the range THEN the moderator gets an explanation and no charts', async () => {
    const handle = stats(moderatorId, null);
    const edit = await answer(handle);
    expect(edit.content).toBe(
      'Nothing to chart for the last 30 days yet: no posts or reactions were recorded, no recommendations were shown, ' +
        'no model was trained and nobody holds points. Charts appear once members start talking (or after an import).',
    );
    expect(edit.files).toBeUndefined();
    expect(handle.originalMessage()?.attachments).toEqual([]);
  });

  it('GIVEN a zh-CN client THEN the figures and chart titles are in Simplified Chinese', async () => {
    seedStatsFixture(db.sqlite, guildId);
    const edit = await answer(stats(moderatorId, '7d', 'zh-CN'));
    const embeds = (edit.body as { embeds: SentEmbed[] }).embeds;
    expect(embeds.map((e) => e.title)).toEqual([
      '服务器统计 — 最近 7 天',
      '每日推荐与摘要',
      '每次训练的模型与最佳基线对比（留出集，K = 10）',
      '每位成员持有的积分',
    ]);
    expect(embeds[0]?.fields?.find((f) => f.name === '活跃度')?.value).toBe('5 条帖子（其中 2 条回复），3 个回应，4 位活跃成员');
    expect(edit.files).toHaveLength(4);
  });
});

/**
 * GIVEN the real bot against the fake Discord, THEN every command answers a member whose client is in Simplified
 * Chinese in Chinese and one in English in English (chosen by the interaction's locale, whatever the guild's), and
 * channel posts (the community digest) follow the guild's preferred locale while DM digests follow the member's.
 */
import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  Locale,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
} from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { commonText } from '../../src/i18n/common.js';
import { contestText } from '../../src/i18n/contests.js';
import { digestText } from '../../src/i18n/digest.js';
import { economyText } from '../../src/i18n/economy.js';
import { helpText } from '../../src/i18n/help.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { moderationText } from '../../src/i18n/moderation.js';
import { privacyText } from '../../src/i18n/privacy.js';
import { recommendText } from '../../src/i18n/recommend.js';
import { settingsText } from '../../src/i18n/settings.js';
import { statsText } from '../../src/i18n/stats.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import type { InteractionHandle } from '../../src/sim/interactions/handle.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { createTempDb, eventually, registerCommandsIn, rows, startFake, startTestBot, type TempDb } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { botPostsIn, dmsFromBot } from '../helpers/digest.js';
import { popularityRanker } from '../helpers/rankers.js';

const HAN = /\p{Script=Han}/u;
const DISCORD_LOCALE: Record<AppLocale, Locale> = { en: Locale.EnglishUS, 'zh-CN': Locale.ChineseCN };
/** Every string a member reads in a response body (content, embeds, button labels), one per line. */
function visibleText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(visibleText).join('\n');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([key]) => key !== 'custom_id' && key !== 'url' && key !== 'nonce')
      .map(([, v]) => visibleText(v))
      .join('\n');
  }
  return '';
}

/** The answer that carries the message (after a deferral, the edit of the original response). */
async function answerOf(handle: InteractionHandle): Promise<string> {
  const response = await handle.waitForResponse(
    (r) => r.accepted && !(r.kind === 'callback' && r.type === InteractionResponseType.DeferredChannelMessageWithSource),
    20_000,
  );
  return visibleText(response.body);
}

const sub = (name: string, options: APIApplicationCommandInteractionDataBasicOption[] = []): APIApplicationCommandInteractionDataOption[] => [
  { type: ApplicationCommandOptionType.Subcommand, name, options },
];

describe('every command in the member\'s language', () => {
  let fake: FakeDiscord;
  let db: TempDb;
  let bot: RunningBot;
  let guildId: string;
  let channelId: string;
  let ownerId: string;
  const members: Record<AppLocale, string> = { en: '', 'zh-CN': '' };
  const targets: Record<AppLocale, string> = { en: '', 'zh-CN': '' };

  beforeAll(async () => {
    fake = await startFake();
    db = createTempDb();
    // The guild prefers English: a Chinese answer can only come from the interaction's locale.
    const guild = fake.createGuild({ name: 'Languages', preferredLocale: Locale.EnglishUS });
    guildId = guild.id;
    ownerId = guild.owner_id;
    channelId = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    members.en = fake.addMember(guildId, { username: 'ada', locale: Locale.EnglishUS }).user.id;
    members['zh-CN'] = fake.addMember(guildId, { username: 'li', locale: Locale.ChineseCN }).user.id;
    targets.en = fake.postMessage({ channelId, authorId: ownerId, content: 'first post' }).id;
    targets['zh-CN'] = fake.postMessage({ channelId, authorId: ownerId, content: 'second post' }).id;
    bot = await startTestBot(fake, db, { recommend: { loadRanker: popularityRanker } });
    await registerCommandsIn(fake, guildId);
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts').length, (n) => expect(n).toBe(2));
  }, 60_000);

  afterAll(async () => {
    expect(fake.specViolations).toEqual([]);
    await bot.stop();
    await fake.stop();
    db.dispose();
  });

  /** What a command is, who runs it, and the catalog strings (any one of them) its answer must contain. */
  interface Case {
    what: string;
    invoke: (locale: AppLocale) => InteractionHandle;
    expected: (locale: AppLocale) => string[];
  }

  const slash = (name: string, asOwner: boolean, options: APIApplicationCommandInteractionDataOption[] = []) => (locale: AppLocale) =>
    fake.invokeSlashCommand({ guildId, channelId, userId: asOwner ? ownerId : members[locale], name, options, locale: DISCORD_LOCALE[locale] });

  const cases: Case[] = [
    { what: '/settings show', invoke: slash('settings', true, sub('show')), expected: (l) => [settingsText(l).overviewTitle] },
    { what: '/help', invoke: slash('help', false), expected: (l) => [helpText(l).title] },
    {
      what: '/recommend',
      invoke: slash('recommend', false),
      expected: (l) => {
        const t = recommendText(l);
        return [t.title, t.emptyNothingRecent({ window: t.sinceWeek }), t.emptyAllSeen, t.emptyAgeRestricted, t.emptyOther];
      },
    },
    {
      what: '/digest mode',
      invoke: slash('digest', false, sub('mode', [{ type: ApplicationCommandOptionType.String, name: 'mode', value: 'off' }])),
      expected: (l) => [digestText(l).modeSavedOff],
    },
    { what: '/points show', invoke: slash('points', false, sub('show')), expected: (l) => [economyText(l).balance] },
    {
      what: '/leaderboard',
      invoke: slash('leaderboard', false),
      expected: (l) => [economyText(l).leaderboardTitle({ period: economyText(l).periodWeek })],
    },
    { what: '/economy rules', invoke: slash('economy', false, sub('rules')), expected: (l) => [economyText(l).rulesTitle] },
    { what: '/contest list', invoke: slash('contest', false, sub('list')), expected: (l) => [contestText(l).noContests] },
    { what: '/flags', invoke: slash('flags', true), expected: (l) => [moderationText(l).queueEmpty] },
    {
      what: '/stats',
      invoke: slash('stats', true),
      expected: (l) => [statsText(l).embedTitle({ days: 30 }), statsText(l).guildNotRecorded, statsText(l).nothingToShow({ days: 30 })],
    },
    { what: '/privacy status', invoke: slash('privacy', false, sub('status')), expected: (l) => [privacyText(l).statusTitle] },
    {
      what: 'Report (message menu)',
      invoke: (l) =>
        fake.invokeMessageContextMenu({ guildId, channelId, userId: members[l], name: 'Report', targetMessageId: targets[l], locale: DISCORD_LOCALE[l] }),
      expected: (l) => [moderationText(l).reported, moderationText(l).reason_spam],
    },
    {
      what: 'Flag low quality (message menu)',
      invoke: (l) =>
        fake.invokeMessageContextMenu({ guildId, channelId, userId: ownerId, name: 'Flag low quality', targetMessageId: targets[l], locale: DISCORD_LOCALE[l] }),
      // The member's report above already queued the post: the moderator's flag joins that case.
      expected: (l) => [moderationText(l).flagged, moderationText(l).alreadyFlagged],
    },
    {
      what: '/economy-admin config without Manage Server (a refusal)',
      invoke: slash('economy-admin', false, sub('config')),
      expected: (l) => [commonText(l).missingPermission({ permission: commonText(l).permission_ManageGuild })],
    },
    {
      what: '/contest-admin cancel of a contest that does not exist',
      invoke: slash('contest-admin', true, sub('cancel', [{ type: ApplicationCommandOptionType.Integer, name: 'contest', value: 999 }])),
      expected: (l) => [contestText(l).refusal_not_found({ id: '999' })],
    },
    {
      what: '/points-admin adjust with a delta out of range (zod\'s own message)',
      invoke: (l) =>
        fake.invokeSlashCommand({
          guildId,
          channelId,
          userId: ownerId,
          name: 'points-admin',
          options: sub('adjust', [
            { type: ApplicationCommandOptionType.User, name: 'member', value: members.en },
            { type: ApplicationCommandOptionType.Integer, name: 'delta', value: 1_000_000 },
            { type: ApplicationCommandOptionType.String, name: 'reason', value: 'typo' },
          ]),
          locale: DISCORD_LOCALE[l],
        }),
      expected: (l) => [l === 'zh-CN' ? '`变动`：数值过大' : '`delta`: Too big'],
    },
  ];

  for (const { what, invoke, expected } of cases) {
    it(`GIVEN ${what} from a zh-CN client and from an en-US client THEN each answer is in that member's language`, async () => {
      const chinese = await answerOf(invoke('zh-CN'));
      expect(chinese).toMatch(HAN);
      expect(expected('zh-CN').some((s) => chinese.includes(s)), `${what} (zh-CN) answered:\n${chinese}`).toBe(true);

      const english = await answerOf(invoke('en'));
      expect(english).not.toMatch(HAN);
      expect(expected('en').some((s) => english.includes(s)), `${what} (en-US) answered:\n${english}`).toBe(true);
    }, 60_000);
  }

  it('GIVEN the test table THEN it covers every registered command', () => {
    const covered = new Set(cases.map((c) => c.what.match(/^\/(\S+)|^(Report|Flag low quality)/)).map((m) => m?.[1] ?? m?.[2]));
    const registered = fake.commands(guildId).map((c) => c.name);
    for (const name of registered) expect(covered, `no language test for ${name}`).toContain(name);
  });
});

describe('channel posts in the guild\'s language, DMs in the member\'s', () => {
  const world = botWorld();

  it('GIVEN a guild whose preferred locale is zh-CN THEN the community digest is in Chinese, and DM digests follow each member\'s client', async () => {
    const HOUR = 3_600_000;
    const clock = Date.now();
    const { fake } = world;
    const guild = fake.createGuild({ name: 'Chinese Guild', preferredLocale: Locale.ChineseCN });
    const guildId = guild.id;
    const general = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    const digestChannel = fake.createChannel(guildId, { name: 'digest', type: 0 }).id;
    const authors = ['ann', 'ben', 'cat'].map((username) => fake.addMember(guildId, { username }).user.id);
    authors.forEach((author, a) => {
      for (let k = 0; k < 3; k++) {
        const id = fake.postMessage({ channelId: general, authorId: author, content: `post ${a}.${k}`, at: clock - (2 + a * 3 + k) * HOUR }).id;
        for (const other of authors) if (other !== author) fake.addReaction(general, id, other, '👍');
      }
    });
    const readers: Record<AppLocale, string> = {
      en: fake.addMember(guildId, { username: 'reader_en', locale: Locale.EnglishUS }).user.id,
      'zh-CN': fake.addMember(guildId, { username: 'reader_zh', locale: Locale.ChineseCN }).user.id,
    };
    for (const reader of Object.values(readers)) fake.postMessage({ channelId: general, authorId: reader, content: 'hello', at: clock - 20 * HOUR });

    const running = await world.start({ now: () => clock, scheduler: new SimulatedScheduler(clock), recommend: { loadRanker: popularityRanker } });
    await registerCommandsIn(fake, guildId);
    const setup = await answerOf(
      fake.invokeSlashCommand({
        guildId,
        channelId: general,
        userId: guild.owner_id,
        name: 'settings',
        options: sub('digest', [
          { type: ApplicationCommandOptionType.Channel, name: 'channel', value: digestChannel },
          { type: ApplicationCommandOptionType.Integer, name: 'hour', value: 0 },
          { type: ApplicationCommandOptionType.Integer, name: 'size', value: 3 },
        ]),
      }),
    );
    // The owner's client is in English (the fake's default), whatever the guild prefers.
    expect(setup).toContain('The daily digest goes to');
    running.database.sqlite.prepare('UPDATE digest_settings SET last_run_day = NULL').run();
    for (const locale of ['en', 'zh-CN'] as const) {
      const chosen = await answerOf(
        fake.invokeSlashCommand({
          guildId,
          channelId: general,
          userId: readers[locale],
          name: 'digest',
          options: sub('mode', [{ type: ApplicationCommandOptionType.String, name: 'mode', value: 'dm' }]),
          locale: DISCORD_LOCALE[locale],
        }),
      );
      expect(chosen).toContain(digestText(locale).modeSavedDm);
    }
    expect(rows(running, 'SELECT member_id AS member, locale FROM digest_preferences ORDER BY locale')).toEqual([
      { member: readers.en, locale: 'en-US' },
      { member: readers['zh-CN'], locale: 'zh-CN' },
    ]);

    await running.tasks.run('digest');

    const community = botPostsIn(fake, digestChannel);
    expect(community).toHaveLength(1);
    const posted = visibleText(community[0]);
    const zh = digestText('zh-CN');
    expect(posted).toContain('今日精选 · ');
    expect(posted).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(posted).toContain(zh.showMyPicks);
    expect(posted).toContain('按今日关注度排序');
    expect(posted).not.toContain('Today\'s best posts');

    const dmTo = (memberId: string) => dmsFromBot(fake, memberId).map(visibleText);
    const [chineseDm] = dmTo(readers['zh-CN']);
    const [englishDm] = dmTo(readers.en);
    expect(chineseDm).toContain(digestText('zh-CN').personalTitle({ guild: 'Chinese Guild' }));
    expect(chineseDm).toContain(recommendText('zh-CN').method_popularity);
    expect(englishDm).toContain(digestText('en').personalTitle({ guild: 'Chinese Guild' }));
    expect(englishDm).toContain(recommendText('en').method_popularity);
    expect(englishDm).not.toMatch(HAN);
  }, 90_000);
});

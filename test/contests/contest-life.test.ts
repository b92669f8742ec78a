/**
 * GIVEN the real bot against the fake Discord with an injectable clock THEN a contest lives its whole life across
 * restarts: entries by post and by command while taking entries, voting opened by the start-up pass after the
 * deadline passed while the bot was down, invalid votes refused with clear ephemeral messages, results announced
 * once with points and the winner badge paid once.
 */
import { ApplicationCommandOptionType, MessageFlags, type APIApplicationCommandInteractionDataBasicOption, type APIMessage } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { DEFAULT_ECONOMY_CONFIG } from '../../src/economy/config.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('contest life', () => {
  let clock = Date.UTC(2026, 5, 1, 12);
  const now = () => clock;
  const world = botWorld(() => ({ clock: now }));
  let bot: RunningBot | null = null;

  it('GIVEN a button-voted contest with restarts between its windows THEN it runs once, end to end', async () => {
    const { fake } = world;
    const guild = fake.createGuild({ name: 'Contest Guild' });
    const guildId = guild.id;
    const ownerId = guild.owner_id;
    const contestChannel = fake.createChannel(guildId, { name: 'art', type: 0 }).id;
    const general = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    const [a, b, c] = ['ada', 'bo', 'cy'].map((username) => fake.addMember(guildId, { username }, { joinedAt: clock - 30 * DAY }).user.id) as [string, string, string];
    const start = async () => {
      bot = await world.start({ now });
      return bot;
    };
    await start();
    await registerCommandsIn(fake, guildId);

    const ADMIN_SUBCOMMANDS = ['create', 'cancel', 'close'];
    const slash = (userId: string, sub: string, options: APIApplicationCommandInteractionDataBasicOption[], channelId = general) =>
      fake.invokeSlashCommand({
        guildId,
        channelId,
        userId,
        name: ADMIN_SUBCOMMANDS.includes(sub) ? 'contest-admin' : 'contest',
        options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options }],
      });
    const str = (name: string, value: string) => ({ type: ApplicationCommandOptionType.String as const, name, value });
    const int = (name: string, value: number) => ({ type: ApplicationCommandOptionType.Integer as const, name, value });

    // A member without Manage Messages cannot create one (checked on the server).
    const refused = await slash(a, 'create', [str('title', 'x'), str('theme', 'y'), { type: ApplicationCommandOptionType.Channel, name: 'channel', value: contestChannel }, str('submission-ends', '2h'), str('voting-ends', '4h')]).firstResponse();
    expect(refused.content).toBe('You need the **Manage Messages** permission to do this.');
    const badDeadline = await slash(ownerId, 'create', [str('title', 'x'), str('theme', 'y'), { type: ApplicationCommandOptionType.Channel, name: 'channel', value: contestChannel }, str('submission-ends', '4h'), str('voting-ends', '2h')]).firstResponse();
    expect(badDeadline.content).toBe('`voting-ends`: must be after submissions close');

    const created = await slash(ownerId, 'create', [
      str('title', 'Draw a cat'),
      str('theme', 'Any cat, any medium'),
      { type: ApplicationCommandOptionType.Channel, name: 'channel', value: contestChannel },
      str('submission-ends', '2h'),
      str('voting-ends', '4h'),
      int('votes-per-member', 1),
      { type: ApplicationCommandOptionType.Boolean, name: 'anti-alt', value: true },
    ]).firstResponse();
    expect(created.content).toMatch(/^🏆 \*\*Contest #1: Draw a cat\*\*/);
    expect((created.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);

    clock += MINUTE;
    const late = fake.addMember(guildId, { username: 'late' }).user.id;
    const entryA = fake.postMessage({ channelId: contestChannel, authorId: a, content: 'my cat' });
    fake.postMessage({ channelId: contestChannel, authorId: c, content: 'nice!', replyTo: entryA.id });
    const postB = fake.postMessage({ channelId: general, authorId: b, content: 'cat in general' });
    await eventually(bot!, () => rows(bot!, `SELECT id FROM posts`).length, (n) => expect(n).toBe(3));

    const notMine = await slash(c, 'submit', [int('contest', 1), str('message', entryA.id)]).firstResponse();
    expect(notMine).toMatchObject({ content: 'You can only enter your own posts.', flags: MessageFlags.Ephemeral });
    const submitted = await slash(b, 'submit', [int('contest', 1), str('message', `https://discord.com/channels/${guildId}/${general}/${postB.id}`)]).firstResponse();
    expect(submitted).toMatchObject({ content: 'Your entry is in contest #1 (Draw a cat).', flags: MessageFlags.Ephemeral });

    // Down across the submission deadline: the start-up pass opens voting.
    await bot!.stop();
    clock += 2 * HOUR;
    await start();
    expect(rows(bot!, `SELECT state FROM contests WHERE id = 1`)).toEqual([{ state: 'voting' }]);
    expect(rows(bot!, `SELECT member_id AS member, source FROM contest_entries ORDER BY id`)).toEqual([
      { member: b, source: 'command' },
      { member: a, source: 'post' },
    ]);
    const votingMessage = fake.messages(contestChannel).find((m) => m.author.id === fake.botUserId && m.content.startsWith('🗳️')) as APIMessage;
    expect(votingMessage.content).toContain('Voting is open for contest #1');
    const buttons = (votingMessage.components ?? []).flatMap((row): unknown[] => ('components' in row ? row.components : [])) as {
      custom_id?: string;
      label?: string;
    }[];
    expect(buttons.map((x) => x.label)).toEqual(['Vote #1', 'Vote #2']);
    const [entryOfB, entryOfA] = buttons.map((x) => x.custom_id!) as [string, string];

    const vote = async (userId: string, customId: string) => {
      const response = await fake.clickButton({ guildId, channelId: contestChannel, userId, messageId: votingMessage.id, customId }).firstResponse();
      expect(response.flags).toBe(MessageFlags.Ephemeral);
      return response.content;
    };
    expect(await vote(a, entryOfA)).toBe('You cannot vote for your own entry.');
    expect(await vote(late, entryOfA)).toBe('Only members who joined before this contest started can vote in it.');
    expect(await vote(c, entryOfA)).toBe('Vote for entry #2 counted (1 of 1 votes used).');
    expect(await vote(c, entryOfA)).toBe('You have already voted for this entry.');
    expect(await vote(c, entryOfB)).toBe('You have used all your votes (1) in this contest.');
    expect(await vote(b, entryOfA)).toBe('Vote for entry #2 counted (1 of 1 votes used).');
    clock += 2 * HOUR;
    expect(await vote(ownerId, entryOfB)).toBe('Voting for this contest has ended.');
    expect(rows(bot!, `SELECT COUNT(*) AS n FROM contest_votes`)).toEqual([{ n: 2 }]);

    // Down across the voting deadline; restarted twice: results once, points and badge once.
    await bot!.stop();
    clock += MINUTE;
    await start();
    await bot!.stop();
    await start();
    const results = fake.messages(contestChannel).filter((m) => m.author.id === fake.botUserId && m.content.startsWith('🏆 **Results'));
    expect(results).toHaveLength(1);
    expect(results[0]!.content).toContain(`1. <@${a}> — 2 vote(s)`);
    expect(results[0]!.content).toContain('Ties go to the entry submitted first.');
    expect(rows(bot!, `SELECT entry_id AS entry, place, votes FROM contest_results ORDER BY place`)).toEqual([
      { entry: 2, place: 1, votes: 2 },
      { entry: 1, place: 2, votes: 0 },
    ]);
    expect(rows(bot!, `SELECT member_id AS member, reason, delta FROM points_ledger WHERE reason LIKE 'contest%' ORDER BY member_id = ?, reason`, a)).toEqual(
      [
        { member: b, reason: 'contest_entry', delta: DEFAULT_ECONOMY_CONFIG.contestEntry.points },
        { member: a, reason: 'contest_entry', delta: DEFAULT_ECONOMY_CONFIG.contestEntry.points },
        { member: a, reason: 'contest_placing', delta: DEFAULT_ECONOMY_CONFIG.contestPlacing[0] },
      ],
    );
    expect(rows(bot!, `SELECT member_id AS member FROM badge_awards WHERE badge = 'contest_winner'`)).toEqual([{ member: a }]);
    const status = await slash(c, 'status', [int('contest', 1)]).firstResponse();
    expect(JSON.stringify(status.body)).toContain('closed');
    // Four bot starts: generous on a loaded two-core machine.
  }, 120_000);
});

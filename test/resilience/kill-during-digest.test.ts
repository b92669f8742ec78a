/**
 * GIVEN the bot process delivering a day's DM digests WHEN it is killed with SIGKILL right after Discord accepted a DM
 * but before the bot heard back (the answer is withheld, so the outbox row is still `sending`) THEN, restarted, it
 * resends that DM with the row's nonce and enforce_nonce, Discord returns the existing message, and every member has
 * exactly one digest DM; the community digest is posted once.
 */
import { ApplicationCommandOptionType, ChannelType } from 'discord-api-types/v10';
import { afterEach, expect, it, vi } from 'vitest';
import type { FakeDiscord, RecordedRequest } from '../../src/sim/index.js';
import { createTempDb, registerCommandsIn, startFake, type TempDb } from '../helpers/bot-harness.js';
import { BotProcess, errorLines } from './bot-process.js';
import { query } from './world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let fake: FakeDiscord | null = null;
let db: TempDb | null = null;
let bot: BotProcess | null = null;

afterEach(async () => {
  await bot?.stop();
  bot = null;
  await fake?.stop();
  fake = null;
  db?.dispose();
  db = null;
});

it('GIVEN DM digests being delivered WHEN the bot is killed -9 between a DM and its commit THEN each member gets exactly one DM', async () => {
  fake = await startFake();
  db = createTempDb();
  const f = fake;
  const now = Date.now();
  const guild = f.createGuild({ name: 'Digest' });
  const guildId = guild.id;
  const general = f.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id;
  const digestChannel = f.createChannel(guildId, { name: 'digest', type: ChannelType.GuildText }).id;
  const joinedAt = now - 60 * DAY;
  const authors = ['ann', 'ben', 'cat', 'dan'].map((username) => f.addMember(guildId, { username }, { joinedAt }).user.id);
  const readers = Array.from({ length: 12 }, (_, i) => f.addMember(guildId, { username: `reader${i}` }, { joinedAt }).user.id);
  authors.forEach((author, a) => {
    for (let k = 0; k < 4; k++) {
      const id = f.postMessage({ channelId: general, authorId: author, content: `post ${a}.${k}`, at: now - (2 + a * 4 + k) * HOUR }).id;
      for (const other of authors) if (other !== author && (a + k) % 2 === 0) f.addReaction(general, id, other, '👍');
    }
  });
  for (const reader of readers) f.postMessage({ channelId: general, authorId: reader, content: 'hello', at: now - 40 * HOUR });

  const env = { DIGEST_TICK_CRON: '*/2 * * * * *' };
  bot = BotProcess.start(f, { databasePath: db.path, env });
  await bot.waitForLog('guild synced');
  await registerCommandsIn(f, guildId);
  const digest = (userId: string, sub: string, options: { type: ApplicationCommandOptionType; name: string; value: string | number }[]) =>
    f
      .invokeSlashCommand({ guildId, channelId: general, userId, name: 'digest', options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options } as never] })
      .firstResponse(20_000);
  const setup = await digest(guild.owner_id, 'setup', [
    { type: ApplicationCommandOptionType.Channel, name: 'channel', value: digestChannel },
    { type: ApplicationCommandOptionType.Integer, name: 'hour', value: 0 },
    { type: ApplicationCommandOptionType.String, name: 'timezone', value: 'UTC' },
    { type: ApplicationCommandOptionType.Integer, name: 'size', value: 3 },
  ]);
  expect(setup.content).toMatch(/daily digest goes to/);
  for (const reader of readers) expect((await digest(reader, 'mode', [{ type: ApplicationCommandOptionType.String, name: 'mode', value: 'dm' }])).content).toMatch(/direct message/);

  // The DM POSTs, in order; Discord acts on the fifth but the bot never hears back, and dies.
  const dmChannelIds = () => new Set(readers.map((id) => f.dmChannelWith(id)?.id).filter((id): id is string => id !== undefined));
  const isDmPost = (request: RecordedRequest) =>
    request.method === 'POST' && request.route === '/channels/{channel_id}/messages' && dmChannelIds().has(request.path.split('/')[2] ?? '');
  let dmPosts = 0;
  f.withholdResponses((request) => isDmPost(request) && ++dmPosts === 5);
  // Setup counted today (its hour has passed) as done; make today's digest due now, as if the hour just came.
  db.sqlite.prepare('UPDATE digest_settings SET last_run_day = NULL').run();
  const withheld = await f.waitForRequest((request) => isDmPost(request) && dmPosts >= 5, 90_000);
  await bot.kill9();
  f.withholdResponses(null);

  const victim = readers.find((id) => f.dmChannelWith(id)?.id === withheld.path.split('/')[2]);
  expect(victim).toBeDefined();
  const botDms = (memberId: string) => {
    const channel = f.dmChannelWith(memberId);
    return channel ? f.messages(channel.id).filter((m) => m.author.id === f.botUserId) : [];
  };
  // At the kill: five DMs exist on Discord, the victim's row was never marked sent.
  expect(readers.reduce((sum, id) => sum + botDms(id).length, 0)).toBe(5);
  expect(query<{ status: string }>(db.path, `SELECT status FROM delivery_outbox WHERE user_id = ?`, victim)).toEqual([{ status: 'sending' }]);

  bot = BotProcess.start(f, { databasePath: db.path, env });
  await vi.waitFor(() => expect(query(db!.path, `SELECT status FROM digest_runs`)).toEqual([{ status: 'done' }]), { timeout: 120_000, interval: 250 });

  for (const reader of readers) expect(botDms(reader), reader).toHaveLength(1);
  const outbox = query<{ memberId: string; status: string; messageId: string | null }>(
    db.path,
    `SELECT user_id AS memberId, status, message_id AS messageId FROM delivery_outbox WHERE sender = 'digest' AND kind = 'dm' ORDER BY user_id`,
  );
  expect(outbox).toEqual(
    [...readers].sort().map((memberId) => ({ memberId, status: 'sent', messageId: botDms(memberId)[0]?.id ?? 'missing' })),
  );
  // The victim's DM was sent twice (same nonce, enforce_nonce): Discord's de-duplication is what kept it single.
  const victimChannel = f.dmChannelWith(victim!)?.id;
  const victimPosts = f.requests.filter((r) => isDmPost(r) && r.path.split('/')[2] === victimChannel);
  expect(victimPosts).toHaveLength(2);
  expect(victimPosts.map((r) => (r.body as { nonce?: string; enforce_nonce?: boolean }).enforce_nonce)).toEqual([true, true]);
  expect(new Set(victimPosts.map((r) => (r.body as { nonce?: string }).nonce)).size).toBe(1);
  expect(f.messages(digestChannel).filter((m) => m.author.id === f.botUserId)).toHaveLength(1);
  expect(f.specViolations).toEqual([]);
  expect(errorLines(bot.output)).toEqual([]);
}, 300_000);

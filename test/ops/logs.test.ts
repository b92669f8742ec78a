/**
 * GIVEN the real bot logging at trace level (every line it can write) against the fake Discord, with message content
 * on, THEN no line carries the bot token or a member's message text, and lines about the guild carry its id.
 * Also the redaction itself: known paths and discord.js request errors are censored.
 */
import { ApplicationCommandOptionType, ChannelType } from 'discord-api-types/v10';
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { captureLog } from '../helpers/log-capture.js';

const SECRET_TEXT = 'zebra-quokka-7731 my very private words';

describe('structured logs', () => {
  const world = botWorld();

  it('GIVEN messages with distinctive text and a command THEN no log line holds the token or the text, and guild lines carry guildId', async () => {
    const { fake } = world;
    const guild = fake.createGuild({ name: 'Logs' });
    const general = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText }).id;
    const ada = fake.addMember(guild.id, { username: 'ada' }).user.id;
    const bob = fake.addMember(guild.id, { username: 'bob' }).user.id;
    // History read by the start-up backfill, and live messages, edits and a reply, all with the secret text.
    fake.postMessage({ channelId: general, authorId: ada, content: `${SECRET_TEXT} (history)`, at: Date.now() - 3_600_000 });
    const capture = captureLog('trace');
    const bot = await world.start({ log: capture.log, messageContent: true });
    await registerCommandsIn(fake, guild.id);
    const live = fake.postMessage({ channelId: general, authorId: bob, content: `${SECRET_TEXT} (live)` });
    fake.editMessage(general, live.id, { content: `${SECRET_TEXT} (edited)` });
    fake.addReaction(general, live.id, ada, '👍');
    const running = bot;
    // Content really was received (and stored: the intent is on), so its absence from the log means something.
    await eventually(running, () => rows<{ content: string }>(running, 'SELECT content FROM posts ORDER BY created_at'), (posts) =>
      expect(posts.map((p) => p.content)).toEqual([`${SECRET_TEXT} (history)`, `${SECRET_TEXT} (edited)`]),
    );
    const reply = fake.invokeSlashCommand({
      guildId: guild.id,
      channelId: general,
      userId: ada,
      name: 'points',
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'show', options: [] }] as never,
    });
    await reply.firstResponse();
    // A refused command (a member adjusting points without permission) logs through the router too.
    const refused = fake.invokeSlashCommand({
      guildId: guild.id,
      channelId: general,
      userId: bob,
      name: 'points-admin',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'adjust',
          options: [
            { type: ApplicationCommandOptionType.User, name: 'member', value: ada },
            { type: ApplicationCommandOptionType.Integer, name: 'delta', value: 5 },
            { type: ApplicationCommandOptionType.String, name: 'reason', value: SECRET_TEXT },
          ],
        },
      ] as never,
    });
    await refused.firstResponse();
    await bot.idle();
    await bot.stop();

    const text = capture.text();
    const lines = capture.lines();
    expect(lines.length).toBeGreaterThan(5);
    expect(text).not.toContain(fake.token);
    expect(text).not.toContain('zebra-quokka');
    // Guild-scoped lines: the sync, the backfill, and both interactions, each naming the guild.
    const about = (msg: string) => lines.filter((line) => line.msg === msg);
    for (const msg of ['guild synced', 'channel backfilled', 'interaction handled', 'interaction refused']) {
      expect(about(msg).length, msg).toBeGreaterThan(0);
      for (const line of about(msg)) expect(line.guildId, msg).toBe(guild.id);
    }
    // Any line about a channel, a post, a member or an interaction names its guild.
    const scoped = lines.filter((line) => ['channelId', 'postId', 'memberId', 'interaction', 'runId'].some((key) => key in line));
    expect(scoped.length).toBeGreaterThan(0);
    for (const line of scoped) expect(line.guildId, JSON.stringify(line)).toBe(guild.id);
  });

  it('GIVEN objects with tokens, content and a discord.js request error THEN the logger censors them', () => {
    const capture = captureLog('info');
    const { log } = capture;
    const error = new DiscordAPIError(
      { code: 50_007, message: 'Cannot send messages to this user' },
      50_007,
      403,
      'POST',
      'https://discord.com/api/v10/webhooks/123/aW50ZXJhY3Rpb246c2VjcmV0/messages/@original',
      { files: undefined, body: { content: SECRET_TEXT } },
    );
    log.warn({ err: error, guildId: '1' }, 'send failed');
    log.info({ message: { content: SECRET_TEXT }, token: 'abc.def.ghi', headers: { authorization: 'Bot abc.def.ghi' } }, 'payload');
    log.info({ post: { content: SECRET_TEXT } }, 'nested');
    const text = capture.text();
    expect(text).not.toContain('zebra-quokka');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).not.toContain('aW50ZXJhY3Rpb246c2VjcmV0');
    const [failed] = capture.lines();
    // The useful parts of the error stay.
    expect(failed).toMatchObject({ guildId: '1', err: { code: 50_007, status: 403, url: 'https://discord.com/api/v10/webhooks/123/[redacted]/messages/@original' } });
  });
});

/**
 * GIVEN `npm start` (src/main.ts in its own process) pointed at the fake Discord, THEN it records activity, and on
 * SIGTERM it commits what it received and exits cleanly.
 */
import { ChannelType } from 'discord-api-types/v10';
import { expect, it } from 'vitest';
import { processWorld } from './helpers/process-world.js';
import { rows } from './helpers/rows.js';

const world = processWorld();

it('GIVEN the bot process THEN it records, and SIGTERM shuts it down gracefully with nothing lost', async () => {
  const { fake, db } = world;
  const guild = fake.createGuild({ name: 'Process' });
  const channel = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
  const ada = fake.addMember(guild.id, { username: 'ada' }).user.id;
  fake.postMessage({ channelId: channel.id, authorId: ada, content: 'before start', at: Date.now() - 60_000 });
  const bot = world.startBot();

  await bot.waitForLog('guild synced');
  fake.postMessage({ channelId: channel.id, authorId: ada, content: 'while running' });
  // The process has the message in hand (its heartbeat reports the dispatch's sequence); only then the SIGTERM.
  await fake.waitForAcknowledged(fake.sessions()[0]?.lastSequence ?? Infinity, 30_000);
  expect(await bot.stop(), bot.output).toBe(0);

  // Members' posts, all recorded (attune's own setup message after joining is recorded too, as a bot's post).
  expect(rows(db.path, 'SELECT content FROM posts WHERE author_is_bot = 0 ORDER BY id')).toEqual([{ content: 'before start' }, { content: 'while running' }]);
  // Logs are structured JSON and never carry the token.
  expect(bot.output).not.toContain(fake.token);
  expect(bot.output.split('\n').filter(Boolean).every((line) => line.startsWith('{'))).toBe(true);
  world.expectNoFaults();
}, 90_000);

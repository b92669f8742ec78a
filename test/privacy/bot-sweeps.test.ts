/**
 * GIVEN the real bot with its tasks on a simulated scheduler and a clock the test moves THEN a member who left is
 * purged after the retention and a server the bot was removed from after the grace period, and stop() unschedules
 * the tasks.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { eventually, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

const DAY = 24 * 60 * 60 * 1000;

describe('retention sweeps in the running bot', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let clock: number;
  let scheduler: SimulatedScheduler;
  const retentionTick = () => bot.tasks.run('retention');

  beforeEach(async () => {
    clock = Date.now();
    fake = world.fake;
    scheduler = new SimulatedScheduler(clock);
  });
  it('GIVEN a member leaves and the bot is removed from a server THEN each is purged only after its period; stop() unschedules the tasks', async () => {
    const stay = fake.createGuild({ name: 'Stay' });
    const gone = fake.createGuild({ name: 'Gone' });
    const channelId = fake.createChannel(stay.id, { name: 'general', type: 0 }).id;
    const goneChannel = fake.createChannel(gone.id, { name: 'general', type: 0 }).id;
    const leaverId = fake.addMember(stay.id, { username: 'leaver' }).user.id;
    fake.postMessage({ channelId, authorId: leaverId, content: 'bye-words-5521' });
    fake.postMessage({ channelId: goneChannel, authorId: gone.owner_id, content: 'gone-words-8812' });
    bot = await world.start({ scheduler, now: () => clock });
    const schedules = new Map(scheduler.scheduled().map((entry) => [entry.name, entry.schedule]));
    expect(schedules.get('retention')).toBe('17 * * * *');
    expect(schedules.get('quality')).toBe('40 4 * * *');
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts'), (r) => expect(r).toHaveLength(2));

    fake.removeMember(stay.id, leaverId);
    fake.removeBotFromGuild(gone.id);
    await eventually(bot, () => rows(bot, 'SELECT id FROM guilds WHERE left_at IS NOT NULL'), (r) => expect(r).toEqual([{ id: gone.id }]));
    await eventually(bot, () => rows(bot, 'SELECT user_id AS u FROM members WHERE left_at IS NOT NULL'), (r) => expect(r).toEqual([{ u: leaverId }]));

    clock += 8 * DAY;
    await retentionTick();
    expect(rows(bot, 'SELECT id FROM guilds ORDER BY name')).toEqual([{ id: stay.id }]);
    expect(rows(bot, 'SELECT content FROM posts')).toEqual([{ content: 'bye-words-5521' }]);

    clock += 23 * DAY;
    await retentionTick();
    expect(rows(bot, 'SELECT * FROM posts')).toEqual([]);
    expect(rows(bot, 'SELECT user_id FROM members WHERE user_id = ?', leaverId)).toEqual([]);

    await bot.stop();
    expect(scheduler.scheduled()).toEqual([]);
  });
});

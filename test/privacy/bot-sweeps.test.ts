/**
 * GIVEN the real bot with its cron jobs on a scheduler the test ticks and a clock the test moves THEN a member who
 * left is purged after the retention and a server the bot was removed from after the grace period, and stop()
 * stops the jobs.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { Scheduler } from '../../src/privacy/retention-schedule.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { eventually, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

const DAY = 24 * 60 * 60 * 1000;

describe('retention sweeps in the running bot', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let clock: number;
  const jobs: { expression: string; tick: () => void; stopped: boolean }[] = [];
  const scheduler: Scheduler = (expression, tick) => {
    const job = { expression, tick, stopped: false };
    jobs.push(job);
    return { stop: () => void (job.stopped = true) };
  };
  const retentionTick = () => jobs.find((j) => j.expression === '17 * * * *')!.tick();

  beforeEach(async () => {
    jobs.length = 0;
    clock = Date.now();
    fake = world.fake;
  });
  it('GIVEN a member leaves and the bot is removed from a server THEN each is purged only after its period; stop() stops the jobs', async () => {
    const stay = fake.createGuild({ name: 'Stay' });
    const gone = fake.createGuild({ name: 'Gone' });
    const channelId = fake.createChannel(stay.id, { name: 'general', type: 0 }).id;
    const goneChannel = fake.createChannel(gone.id, { name: 'general', type: 0 }).id;
    const leaverId = fake.addMember(stay.id, { username: 'leaver' }).user.id;
    fake.postMessage({ channelId, authorId: leaverId, content: 'bye-words-5521' });
    fake.postMessage({ channelId: goneChannel, authorId: gone.owner_id, content: 'gone-words-8812' });
    bot = await world.start({ scheduler, now: () => clock });
    expect(jobs.map((j) => j.expression).sort()).toEqual(['17 * * * *', '40 4 * * *']);
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts'), (r) => expect(r).toHaveLength(2));

    fake.removeMember(stay.id, leaverId);
    fake.removeBotFromGuild(gone.id);
    await eventually(bot, () => rows(bot, 'SELECT id FROM guilds WHERE left_at IS NOT NULL'), (r) => expect(r).toEqual([{ id: gone.id }]));
    await eventually(bot, () => rows(bot, 'SELECT user_id AS u FROM members WHERE left_at IS NOT NULL'), (r) => expect(r).toEqual([{ u: leaverId }]));

    clock += 8 * DAY;
    retentionTick();
    expect(rows(bot, 'SELECT id FROM guilds ORDER BY name')).toEqual([{ id: stay.id }]);
    expect(rows(bot, 'SELECT content FROM posts')).toEqual([{ content: 'bye-words-5521' }]);

    clock += 23 * DAY;
    retentionTick();
    expect(rows(bot, 'SELECT * FROM posts')).toEqual([]);
    expect(rows(bot, 'SELECT user_id FROM members WHERE user_id = ?', leaverId)).toEqual([]);

    await bot.stop();
    expect(jobs.every((j) => j.stopped)).toBe(true);
  });
});

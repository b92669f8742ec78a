/**
 * GIVEN reactions that were on a guild's posts before attune joined (found by the history backfill, which cannot know
 * when they were added), THEN /stats counts them on their post's day, not as a spike on the day attune joined.
 */
import { ChannelType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { activitySeries } from '../../src/stats/activity-series.js';
import { statsRange } from '../../src/stats/stats-range.js';
import { eventually, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

const DAY = 86_400_000;

describe('/stats and backfilled reactions', () => {
  const world = botWorld();

  it('GIVEN a post three days old with two reactions from before attune joined THEN the reactions count on the post\'s day, and a live one on today', async () => {
    const fake = world.fake;
    const now = Date.now();
    const guildId = fake.createGuild({ name: 'Old Guild' }).id;
    const general = fake.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id;
    const [ann, ben, cat] = ['ann', 'ben', 'cat'].map((username) => fake.addMember(guildId, { username }).user.id) as [string, string, string];
    const old = fake.postMessage({ channelId: general, authorId: ann, content: 'from before', at: now - 3 * DAY });
    fake.addReaction(general, old.id, ben, '👍');
    fake.addReaction(general, old.id, cat, '🎉');

    const bot = await world.start({ now: () => now });
    await eventually(bot, () => rows(bot, 'SELECT user_id, backfilled FROM reactions ORDER BY user_id'), (r) =>
      expect(r).toEqual([{ user_id: ben, backfilled: 1 }, { user_id: cat, backfilled: 1 }].sort((a, b) => (a.user_id < b.user_id ? -1 : 1))),
    );
    // A reaction seen live is dated when it happened.
    fake.addReaction(general, old.id, ann, '❤️');
    await eventually(bot, () => rows(bot, 'SELECT backfilled FROM reactions WHERE user_id = ?', ann), (r) => expect(r).toEqual([{ backfilled: 0 }]));

    const range = statsRange(now, 7);
    const series = activitySeries(bot.database.sqlite, guildId, range);
    const postDay = range.days - 1 - 3;
    expect(series.reactions).toEqual(range.dayLabels.map((_, day) => (day === postDay ? 2 : day === range.days - 1 ? 1 : 0)));
  });
});

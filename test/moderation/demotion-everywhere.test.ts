/**
 * GIVEN the whole bot (recording, economy, recommendations, moderation) in the fake Discord, THEN a post moderators
 * confirm low quality is gone from /recommend at once, its points are reversed in the confirming transaction, and
 * it is held out of contests.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { customIdsOf } from '../helpers/components.js';
import { buildScene, linkedPostIds, type Scene } from '../recommend/scene.js';
import { popularityRanker } from '../helpers/rankers.js';

const DAY = 86_400_000;
describe('a confirmed low-quality post is demoted everywhere', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let scene: Scene;

  beforeEach(async () => {
    fake = world.fake;
    scene = buildScene(fake, Date.now());
    bot = await world.start({ recommend: { loadRanker: popularityRanker } });
    await registerCommandsIn(fake, scene.guildId);
  });

  async function recommendedTo(userId: string): Promise<string[]> {
    const handle = fake.invokeSlashCommand({ guildId: scene.guildId, channelId: scene.general, userId, name: 'recommend', options: [] });
    const first = await handle.firstResponse();
    const final = first.type === InteractionResponseType.DeferredChannelMessageWithSource
      ? await handle.waitForResponse((r) => r.kind === 'edit-original', 30_000)
      : first;
    return linkedPostIds(final.body);
  }

  const pointsOfPost = (postId: string) =>
    rows<{ total: number | null }>(bot, 'SELECT SUM(delta) AS total FROM points_ledger WHERE post_id = ?', postId)[0]?.total ?? 0;

  /** The guild owner flags the post and confirms it low quality from the review queue, as a moderator would. */
  async function confirmLowQuality(postId: string): Promise<void> {
    const [{ ownerId }] = rows<{ ownerId: string }>(bot, 'SELECT owner_id AS ownerId FROM guilds WHERE id = ?', scene.guildId) as [{ ownerId: string }];
    const where = { guildId: scene.guildId, channelId: scene.general, userId: ownerId };
    await fake.invokeMessageContextMenu({ ...where, name: 'Flag low quality', targetMessageId: postId }).firstResponse();
    const queue = await fake.invokeSlashCommand({ ...where, name: 'flags', options: [] }).firstResponse();
    const confirmId = customIdsOf(queue).find((id) => id.startsWith(`flags:confirm:${postId}`));
    expect(confirmId).toBeDefined();
    const confirmed = await fake.clickButton({ ...where, messageId: queue.messageId!, customId: confirmId! }).firstResponse();
    expect(confirmed.content).toMatch(/Confirmed/);
  }

  it('GIVEN a paid, recommended post WHEN the owner flags and confirms it THEN it leaves /recommend, loses its points and is held out of contests', { timeout: 90_000 }, async () => {
    const target = scene.posts.carolNews as string;
    await eventually(bot, () => pointsOfPost(target), (total) => expect(total).toBeGreaterThan(0), 15_000);
    await bot.services.recommend.cache.refresh(scene.guildId);
    expect(await recommendedTo(scene.members.alice)).toContain(target);

    await confirmLowQuality(target);

    // Points: reversed by compensating entries written in the confirming transaction, and never paid again.
    expect(pointsOfPost(target)).toBe(0);
    const [reversals] = rows<{ n: number }>(bot, `SELECT COUNT(*) AS n FROM points_ledger WHERE post_id = ? AND kind = 'reversal'`, target);
    expect(reversals?.n).toBeGreaterThan(0);
    expect(rows(bot, 'SELECT reason FROM economy_post_holds WHERE post_id = ?', target)).toEqual([{ reason: 'low_quality' }]);
    // Recommendations: the moderation hook drops it on the next request, without waiting for a cache refresh.
    expect(await recommendedTo(scene.members.alice)).not.toContain(target);
    // Another reaction after the demotion pays nothing.
    fake.addReaction(scene.general, target, scene.members.dave, '🔥');
    await bot.idle();
    expect(pointsOfPost(target)).toBe(0);
  });

  it('GIVEN a paid reply WHEN it is confirmed low quality THEN every entry it produced is reversed, the replied-to author\'s included', { timeout: 90_000 }, async () => {
    // Members of long standing, so the reply and the reaction pay (a new member's would be denied and prove nothing).
    const joinedAt = Date.now() - 60 * DAY;
    const [asker, replier, reactor] = ['asker', 'replier', 'reactor'].map((username) => fake.addMember(scene.guildId, { username }, { joinedAt }).user.id) as [string, string, string];
    const question = fake.postMessage({ channelId: scene.general, authorId: asker, content: 'a question' }).id;
    const reply = fake.postMessage({ channelId: scene.general, authorId: replier, content: 'a low-effort answer', replyTo: question }).id;
    fake.addReaction(scene.general, reply, reactor, '👍');
    // What the reply earned: its author's post and reaction points, and the asker's points for being replied to.
    await eventually(
      bot,
      () => rows<{ memberId: string; reason: string }>(bot, `SELECT member_id AS memberId, reason FROM points_ledger WHERE post_id = ? AND kind = 'award' AND delta > 0 ORDER BY reason`, reply),
      (entries) => expect(entries).toEqual([
        { memberId: replier, reason: 'post' },
        { memberId: replier, reason: 'reaction_received' },
        { memberId: asker, reason: 'reply_received' },
      ]),
    );
    const askerPointsForQuestion = pointsOfPost(question);

    await confirmLowQuality(reply);

    // Each member's net from the reply is 0: one compensating entry per paid entry, whoever it paid.
    expect(rows(bot, `SELECT member_id AS memberId, SUM(delta) AS net FROM points_ledger WHERE post_id = ? GROUP BY member_id ORDER BY member_id`, reply)).toEqual(
      [asker, replier].sort().map((memberId) => ({ memberId, net: 0 })),
    );
    expect(rows<{ key: string }>(bot, `SELECT source_key AS key FROM points_ledger WHERE post_id = ? AND kind = 'reversal'`, reply).map((r) => r.key).sort()).toEqual(
      [`reverse:post:${reply}`, `reverse:reaction:${reply}:${reactor}`, `reverse:reply:${reply}`].sort(),
    );
    // The question keeps what it earned on its own.
    expect(pointsOfPost(question)).toBe(askerPointsForQuestion);
  });
});

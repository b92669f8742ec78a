/**
 * A member's choice holds before the reply that confirms it is sent, without waiting for the serving cache's
 * refresh or a sweep. GIVEN the real bot with a warm serving state and bob, someone alice often replies to, who
 * reacted to carol's post: WHEN bob opts out (or erases his data) THEN at once
 * - alice's /recommend no longer counts bob in any reason ("someone you often reply to reacted") nor shows his posts;
 * - reactions to bob's earlier posts pay him nothing (no ledger row about him is written);
 * - /leaderboard leaves him out; an announcement about him or a role reward for him still waiting is not sent;
 * - his own /recommend and feedback record nothing about him;
 * and the serving state rebuilds itself without him in the background.
 */
import { ApplicationCommandOptionType, InteractionResponseType } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { economyQueries } from '../../src/db/queries/economy.js';
import { enqueueAnnouncement } from '../../src/economy/announcements.js';
import type { FakeDiscord, InteractionHandle } from '../../src/sim/index.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { customIdsOf } from '../helpers/components.js';
import { buildScene, linkedPostIds, type Scene } from '../recommend/scene.js';
import { popularityRanker } from '../helpers/rankers.js';

describe('a member\'s choice holds at once', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let scene: Scene;

  beforeEach(async () => {
    fake = world.fake;
    scene = buildScene(fake, Date.now());
    // No refresh period: the serving state stays exactly as built, as it would for up to 10 minutes in production.
    bot = await world.start({ recommend: { loadRanker: popularityRanker, refreshMs: null } });
    await registerCommandsIn(fake, scene.guildId);
    await bot.services.recommend.cache.refresh(scene.guildId);
    await bot.economy.idle();
  });

  const command = (userId: string, name: string, sub?: string) =>
    fake.invokeSlashCommand({
      guildId: scene.guildId,
      channelId: scene.general,
      userId,
      name,
      options: sub ? [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options: [] }] : [],
    });

  async function answer(handle: InteractionHandle) {
    const first = await handle.firstResponse();
    if (first.type === InteractionResponseType.DeferredChannelMessageWithSource) return handle.waitForResponse((r) => r.kind === 'edit-original', 30_000);
    return first;
  }

  const recommendTo = async (userId: string) => answer(command(userId, 'recommend'));
  const leaderboard = async () => JSON.stringify((await answer(command(scene.members.alice, 'leaderboard'))).body);
  const bobsPosts = () => ['bobArt', 'bobLater', 'nsfwPost'].map((name) => scene.posts[name] as string);

  async function optOutBob() {
    expect((await command(scene.members.bob, 'privacy', 'optout').firstResponse()).content).toMatch(/no longer records your activity/);
  }

  async function eraseBob() {
    const prompt = await command(scene.members.bob, 'privacy', 'delete').firstResponse();
    const [confirm] = customIdsOf(prompt);
    const done = await fake.clickButton({ guildId: scene.guildId, channelId: scene.general, userId: scene.members.bob, messageId: prompt.messageId!, customId: confirm! }).firstResponse();
    expect(done.content).toMatch(/^Erased/);
  }

  async function expectBobGoneFromAlicesReasons() {
    const after = await recommendTo(scene.members.alice);
    expect(linkedPostIds(after.body)).toContain(scene.posts.carolNews);
    expect(JSON.stringify(after.body)).not.toMatch(/often reply to/);
    for (const id of bobsPosts()) expect(linkedPostIds(after.body)).not.toContain(id);
  }

  it('GIVEN bob opts out THEN alice\'s next answer counts him nowhere, he earns nothing more, and the leaderboard leaves him out', async () => {
    const before = await recommendTo(scene.members.alice);
    expect(linkedPostIds(before.body)).toContain(scene.posts.carolNews);
    expect(JSON.stringify(before.body)).toMatch(/someone you often reply to reacted/);
    expect(await leaderboard()).toContain(`<@${scene.members.bob}>`);

    await optOutBob();
    await expectBobGoneFromAlicesReasons();
    expect(await leaderboard()).not.toContain(`<@${scene.members.bob}>`);

    // Others still react to bob's earlier posts: the reactions are theirs and stay, bob earns nothing from them.
    const ledgerAboutBob = () => rows(bot, 'SELECT source_key FROM points_ledger WHERE member_id = ? ORDER BY id', scene.members.bob);
    const ledgerBefore = ledgerAboutBob();
    fake.addReaction(scene.general, scene.posts.bobLater as string, scene.members.carol, '🎉');
    await eventually(bot, () => rows(bot, 'SELECT user_id FROM reactions WHERE message_id = ? AND emoji = ?', scene.posts.bobLater, '🎉'), (r) => expect(r).toHaveLength(1));
    await bot.economy.idle();
    await bot.tasks.run('economy-sweep');
    expect(ledgerAboutBob()).toEqual(ledgerBefore);
  });

  it('GIVEN bob opted out THEN his own /recommend and feedback record nothing about him', async () => {
    await optOutBob();
    const answerToBob = await recommendTo(scene.members.bob);
    const shown = linkedPostIds(answerToBob.body);
    expect(shown.length).toBeGreaterThan(0);
    const feedback = await fake
      .clickButton({ guildId: scene.guildId, channelId: scene.general, userId: scene.members.bob, messageId: answerToBob.messageId!, customId: `rfb:hide:${scene.guildId}:${shown[0]}` })
      .firstResponse();
    expect(feedback.content).toMatch(/opted out/);
    expect(rows(bot, 'SELECT * FROM recommendation_impressions WHERE member_id = ?', scene.members.bob)).toEqual([]);
    expect(rows(bot, 'SELECT * FROM recommendation_feedback WHERE member_id = ?', scene.members.bob)).toEqual([]);
  });

  it('GIVEN a badge announcement and a role reward for bob still waiting WHEN he opts out THEN neither is sent or granted', async () => {
    const pending = (memberId: string, badge: string) =>
      enqueueAnnouncement(bot.database.sqlite, {
        guildId: scene.guildId,
        channelId: scene.general,
        payload: { kind: 'badge', memberId, badge },
        dedupeKey: `test:badge:${memberId}`,
        at: Date.now(),
      });
    expect(pending(scene.members.bob, 'first_post')).toBe(true);
    expect(pending(scene.members.carol, 'first_post')).toBe(true);
    // A role reward reached before the opt-out and not granted yet waits too.
    const queries = economyQueries(bot.database.sqlite);
    expect(queries.queueRoleGrant({ guildId: scene.guildId, memberId: scene.members.bob, roleId: '600000000000000001' }, Date.now())).toBe(true);
    expect(queries.pendingRoleGrants('none', 10).map((g) => g.memberId)).toEqual([scene.members.bob]);
    await optOutBob();
    expect(queries.pendingRoleGrants('none', 10)).toEqual([]);
    await bot.tasks.run('economy');
    const said = fake.messages(scene.general).filter((m) => m.author.id === fake.botUserId).map((m) => m.content).join('\n');
    expect(said).toContain(`<@${scene.members.carol}>`);
    expect(said).not.toContain(`<@${scene.members.bob}>`);
    expect(rows(bot, `SELECT status FROM delivery_outbox WHERE dedupe_key = ?`, `test:badge:${scene.members.bob}`)).toEqual([{ status: 'skipped' }]);
  });

  it('GIVEN bob erases his data THEN alice\'s next answer, from the same serving state, counts him nowhere', async () => {
    expect(JSON.stringify((await recommendTo(scene.members.alice)).body)).toMatch(/someone you often reply to reacted/);
    await eraseBob();
    await expectBobGoneFromAlicesReasons();
    expect(await leaderboard()).not.toContain(`<@${scene.members.bob}>`);
    // The answer above was safe from the old state; its use started a rebuild that leaves bob out of the state itself.
    await eventually(() => expect(bot.services.recommend.cache.peek(scene.guildId)?.state.memberIndex.has(scene.members.bob)).toBe(false));
  });
});

/**
 * GIVEN the real bot recording a small guild in the fake Discord, THEN nothing /recommend answers tells a member of a
 * post they cannot see: not a private thread they were removed from, not a voice chat they may not join, not even
 * that a hidden channel has recent posts, and feedback on a post they cannot see reads as on an unknown post.
 */
import { ApplicationCommandOptionType, ChannelType, InteractionResponseType, PermissionFlagsBits } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord, InteractionHandle } from '../../src/sim/index.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { buildScene, HOUR, linkedPostIds, type Scene } from './scene.js';
import { popularityRanker } from '../helpers/rankers.js';

describe('/recommend shows only what the member may see', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let scene: Scene;

  beforeEach(() => {
    fake = world.fake;
    scene = buildScene(fake, Date.now());
  });

  async function start(): Promise<RunningBot> {
    bot = await world.start({ recommend: { loadRanker: popularityRanker } });
    await registerCommandsIn(fake, scene.guildId);
    await bot.services.recommend.cache.refresh(scene.guildId);
    return bot;
  }

  const recommend = (userId: string, channelOption?: string): InteractionHandle =>
    fake.invokeSlashCommand({
      guildId: scene.guildId,
      channelId: scene.general,
      userId,
      name: 'recommend',
      options: [
        { type: ApplicationCommandOptionType.Integer, name: 'count', value: 10 },
        ...(channelOption === undefined ? [] : [{ type: ApplicationCommandOptionType.Channel as const, name: 'channel', value: channelOption }]),
      ],
    });

  async function answer(handle: InteractionHandle) {
    const first = await handle.firstResponse();
    if (first.type === InteractionResponseType.DeferredChannelMessageWithSource) return handle.waitForResponse((r) => r.kind === 'edit-original', 30_000);
    return first;
  }

  it('GIVEN a member removed from a private thread they once posted in THEN its posts are no longer recommended to them', async () => {
    const botRole = fake.createRole(scene.guildId, { name: 'attune', permissions: PermissionFlagsBits.ManageThreads });
    fake.setMemberRoles(scene.guildId, fake.botUserId, [botRole.id]);
    const at = Date.now() - 4 * HOUR;
    const thread = fake.createThread(scene.general, { name: 'plans', ownerId: scene.members.bob, type: ChannelType.PrivateThread, at }).id;
    // alice joins by posting (as in Discord), dave and insider are added; bob's plan is popular with insider.
    fake.postMessage({ channelId: thread, authorId: scene.members.alice, content: 'count me in', at: at + 1 });
    fake.addThreadMember(thread, scene.members.dave);
    fake.addThreadMember(thread, scene.members.insider);
    const plan = fake.postMessage({ channelId: thread, authorId: scene.members.bob, content: 'the plan', at: at + HOUR }).id;
    fake.addReaction(thread, plan, scene.members.insider, '🔥');
    await start();
    expect(linkedPostIds((await answer(recommend(scene.members.alice))).body)).toContain(plan);

    fake.removeThreadMember(thread, scene.members.alice);
    expect(fake.canRead(thread, scene.members.alice)).toBe(false);
    await eventually(async () => expect(linkedPostIds((await answer(recommend(scene.members.alice))).body)).not.toContain(plan));
    // carol was never in it; dave, still in it, keeps it.
    expect(linkedPostIds((await answer(recommend(scene.members.carol))).body)).not.toContain(plan);
    expect(linkedPostIds((await answer(recommend(scene.members.dave))).body)).toContain(plan);
  }, 60_000);

  it('GIVEN /recommend channel:<a channel hidden from the member> THEN the answer is exactly the one for a visible channel without posts', async () => {
    await start();
    const hidden = await answer(recommend(scene.members.alice, scene.secret));
    const quiet = fake.createChannel(scene.guildId, { name: 'quiet', type: ChannelType.GuildText }).id;
    await eventually(() => expect(bot.client.channels.cache.has(quiet)).toBe(true));
    const empty = await answer(recommend(scene.members.alice, quiet));
    expect(JSON.stringify(hidden.body)).toMatch(/Nothing was posted/);
    expect(hidden.body).toEqual(empty.body);
    expect(rows(bot, 'SELECT * FROM recommendation_impressions WHERE member_id = ?', scene.members.alice)).toEqual([]);
  }, 60_000);

  it('GIVEN no visible recent post at all THEN the answer does not say that hidden channels have some', async () => {
    // A member who may see only the NSFW-free, empty #quiet: every recent post is in channels they cannot see.
    const loner = fake.addMember(scene.guildId, { username: 'loner' }).user.id;
    const quiet = fake.createChannel(scene.guildId, { name: 'quiet', type: ChannelType.GuildText }).id;
    for (const channel of [scene.general, scene.nsfw]) {
      fake.updateChannel(channel, { permissionOverwrites: [{ id: loner, type: 'member', deny: PermissionFlagsBits.ViewChannel }] });
    }
    await start();
    const reply = await answer(
      fake.invokeSlashCommand({ guildId: scene.guildId, channelId: quiet, userId: loner, name: 'recommend', options: [] }),
    );
    expect(JSON.stringify(reply.body)).toMatch(/Nothing was posted/);
    expect(JSON.stringify(reply.body)).not.toMatch(/cannot see/);
  }, 60_000);

  it('GIVEN a voice channel whose chat a member may view but not join (no Connect) THEN its posts are not recommended to them', async () => {
    const voice = fake.createChannel(scene.guildId, {
      name: 'lounge',
      type: ChannelType.GuildVoice,
      permissionOverwrites: [{ id: scene.members.alice, type: 'member', deny: PermissionFlagsBits.Connect }],
    }).id;
    await start();
    const said = fake.postMessage({ channelId: voice, authorId: scene.members.bob, content: 'said in the lounge' }).id;
    fake.addReaction(voice, said, scene.members.carol, '🔥');
    await eventually(bot, () => rows(bot, 'SELECT COUNT(*) AS n FROM reactions WHERE message_id = ?', said), (r) => expect(r).toEqual([{ n: 1 }]));
    expect(fake.canRead(voice, scene.members.alice)).toBe(false);
    expect(fake.canRead(voice, scene.members.dave)).toBe(true);
    await eventually(async () => expect(linkedPostIds((await answer(recommend(scene.members.dave))).body)).toContain(said));
    expect(linkedPostIds((await answer(recommend(scene.members.alice))).body)).not.toContain(said);
  }, 60_000);

  it('GIVEN a forged feedback press on a post in a channel the member cannot see THEN it is answered as an unknown post and nothing is stored', async () => {
    // carol may see #secret too, so her list carries feedback buttons for its post; alice forges a press on one.
    fake.updateChannel(scene.secret, {
      permissionOverwrites: [
        { id: scene.guildId, type: 'role', deny: PermissionFlagsBits.ViewChannel },
        { id: fake.botUserId, type: 'member', allow: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory },
        { id: scene.members.insider, type: 'member', allow: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory },
        { id: scene.members.carol, type: 'member', allow: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory },
      ],
    });
    await start();
    const carols = await answer(recommend(scene.members.carol));
    const customId = `rfb:less:${scene.guildId}:${scene.posts.secretPlan}`;
    expect(JSON.stringify(carols.body)).toContain(customId);
    const press = fake.clickButton({ guildId: scene.guildId, channelId: scene.general, userId: scene.members.alice, messageId: carols.messageId as string, customId });
    expect((await press.firstResponse()).content).toBe('That post is no longer available.');
    expect(rows(bot, 'SELECT * FROM recommendation_feedback WHERE member_id = ?', scene.members.alice)).toEqual([]);
  }, 60_000);
});

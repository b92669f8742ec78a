/**
 * GIVEN the real bot, the fake Discord and a guild whose digest is due, THEN the community digest posted in #digest
 * shows a post only when every member who can read #digest can view it (role and member overwrites, Connect for a
 * voice channel's chat, private threads never), at compose time and again at send time.
 */
import { ChannelType, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { botPostsIn, digestSetup, makeTodaysDigestDue } from '../helpers/digest.js';
import { linkedPostIds } from '../recommend/scene.js';
import { popularityRanker } from '../helpers/rankers.js';

const HOUR = 3_600_000;
const VIEW = PermissionFlagsBits.ViewChannel;
describe('the community digest and its readers', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let guildId: string;
  let general: string;
  let digest: string;
  let authors: string[];
  let reader: string;
  let clock: number;

  beforeEach(() => {
    clock = Date.now();
    fake = world.fake;
    guildId = fake.createGuild({ name: 'Audience Guild' }).id;
    general = fake.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id;
    digest = fake.createChannel(guildId, { name: 'digest', type: ChannelType.GuildText }).id;
    authors = ['ann', 'ben', 'cat', 'dan'].map((username) => fake.addMember(guildId, { username }).user.id);
    reader = fake.addMember(guildId, { username: 'reader' }).user.id;
  });

  /** A post by the first author in `channelId`, made popular by the other three (it ranks first). */
  function popularPost(channelId: string, content: string, hoursAgo: number): string {
    const id = fake.postMessage({ channelId, authorId: authors[0] as string, content, at: clock - hoursAgo * HOUR }).id;
    for (const other of authors.slice(1)) fake.addReaction(channelId, id, other, '🔥');
    return id;
  }

  async function start(): Promise<RunningBot> {
    const bot = await world.start({ now: () => clock, scheduler: new SimulatedScheduler(clock), recommend: { loadRanker: popularityRanker } });
    await registerCommandsIn(fake, guildId);
    const owner = fake.guild(guildId)?.owner_id as string;
    expect((await digestSetup(fake, { guildId, channelId: general }, owner, digest, 10).firstResponse()).content).toMatch(/daily digest goes to/);
    makeTodaysDigestDue(bot.database);
    return bot;
  }

  const communityPost = (): APIMessage => {
    const posts = botPostsIn(fake, digest);
    expect(posts).toHaveLength(1);
    return posts[0] as APIMessage;
  };

  it('GIVEN a channel that @everyone may view but a role of a #digest reader may not THEN its posts stay out of the community digest', async () => {
    const muted = fake.createRole(guildId, { name: 'muted', permissions: 0n });
    fake.setMemberRoles(guildId, reader, [muted.id]);
    const x = fake.createChannel(guildId, {
      name: 'x',
      type: ChannelType.GuildText,
      permissionOverwrites: [{ id: muted.id, type: 'role', deny: VIEW }],
    }).id;
    const hidden = popularPost(x, 'not for muted members', 3);
    const open = popularPost(general, 'for everyone', 4);
    const bot = await start();
    await bot.tasks.run('digest');
    const shown = linkedPostIds(communityPost().embeds);
    expect(shown).toContain(open);
    expect(shown).not.toContain(hidden);
    expect(JSON.stringify(communityPost())).not.toContain(x);
    // The run's stored items are what the community saw: the hidden post was never composed in.
    const items = rows<{ items: string }>(bot, 'SELECT items FROM digest_runs WHERE guild_id = ?', guildId)[0]?.items ?? '';
    expect(items).not.toContain(hidden);
  }, 30_000);

  it('GIVEN a member overwrite that denies one #digest reader a channel THEN its posts stay out of the community digest', async () => {
    const y = fake.createChannel(guildId, {
      name: 'y',
      type: ChannelType.GuildText,
      permissionOverwrites: [{ id: reader, type: 'member', deny: VIEW }],
    }).id;
    const hidden = popularPost(y, 'not for the reader', 3);
    const open = popularPost(general, 'for everyone', 4);
    const bot = await start();
    await bot.tasks.run('digest');
    const shown = linkedPostIds(communityPost().embeds);
    expect(shown).toContain(open);
    expect(shown).not.toContain(hidden);
  }, 30_000);

  it('GIVEN #digest readable by staff only THEN a staff-only channel\'s posts may appear there (every reader can view them)', async () => {
    const staff = fake.createRole(guildId, { name: 'staff', permissions: 0n });
    for (const member of [...authors, reader]) fake.setMemberRoles(guildId, member, [staff.id]);
    fake.addMember(guildId, { username: 'guest' });
    const staffOnly = [
      { id: guildId, type: 'role' as const, deny: VIEW },
      { id: staff.id, type: 'role' as const, allow: VIEW },
      { id: fake.botUserId, type: 'member' as const, allow: VIEW | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks },
    ];
    fake.updateChannel(digest, { permissionOverwrites: staffOnly });
    const room = fake.createChannel(guildId, { name: 'staff-room', type: ChannelType.GuildText, permissionOverwrites: staffOnly }).id;
    const staffPost = popularPost(room, 'staff only', 3);
    const bot = await start();
    await bot.tasks.run('digest');
    expect(linkedPostIds(communityPost().embeds)).toContain(staffPost);
  }, 30_000);

  it('GIVEN a voice channel\'s chat whose Connect a #digest reader lacks THEN its posts stay out; with Connect they may appear', async () => {
    const noVoice = fake.createRole(guildId, { name: 'no-voice', permissions: 0n });
    fake.setMemberRoles(guildId, reader, [noVoice.id]);
    const voice = fake.createChannel(guildId, {
      name: 'lounge',
      type: ChannelType.GuildVoice,
      permissionOverwrites: [{ id: noVoice.id, type: 'role', deny: PermissionFlagsBits.Connect }],
    }).id;
    const stage = fake.createChannel(guildId, { name: 'stage', type: ChannelType.GuildStageVoice }).id;
    expect(fake.canRead(voice, reader)).toBe(false);
    const bot = await start();
    // Voice chats are recorded as they happen (start-up backfill reads text channels only).
    const voicePost = popularPost(voice, 'said in the lounge', 3);
    const stagePost = popularPost(stage, 'said on stage', 4);
    await eventually(bot, () => rows(bot, 'SELECT COUNT(*) AS n FROM reactions'), (r) => expect(r).toEqual([{ n: 6 }]));
    await bot.tasks.run('digest');
    const shown = linkedPostIds(communityPost().embeds);
    expect(shown).not.toContain(voicePost);
    expect(shown).toContain(stagePost);
  }, 30_000);

  it('GIVEN a post in a private thread THEN the community digest never shows it, even when the thread is popular', async () => {
    const botRole = fake.createRole(guildId, { name: 'attune', permissions: PermissionFlagsBits.ManageThreads });
    fake.setMemberRoles(guildId, fake.botUserId, [botRole.id]);
    const thread = fake.createThread(general, { name: 'plans', ownerId: authors[0] as string, type: ChannelType.PrivateThread, at: clock - 5 * HOUR }).id;
    for (const member of authors) fake.addThreadMember(thread, member);
    const hidden = popularPost(thread, 'thread only', 3);
    // Something every reader may view, so the day has a digest (a day with nothing to show is not posted).
    const open = popularPost(general, 'for everyone', 2);
    const bot = await start();
    await bot.tasks.run('digest');
    const shown = linkedPostIds(communityPost().embeds);
    expect(shown).toContain(open);
    expect(shown).not.toContain(hidden);
  }, 30_000);

  it('GIVEN a role denied the channel between compose and send THEN the community post leaves that channel\'s posts out', async () => {
    const x = fake.createChannel(guildId, { name: 'x', type: ChannelType.GuildText }).id;
    const later = popularPost(x, 'visible when composed', 3);
    popularPost(general, 'for everyone', 4);
    const bot = await start();
    // Discord is down when the community post goes out (503 through discord.js's retries): the run is composed, its
    // post waits for the next tick.
    fake.injectOutage({ method: 'POST', route: `/channels/${digest}/messages`, times: 4 });
    await bot.tasks.run('digest');
    expect(botPostsIn(fake, digest)).toEqual([]);
    const composed = rows<{ items: string }>(bot, 'SELECT items FROM digest_runs WHERE guild_id = ?', guildId)[0]?.items ?? '';
    expect(composed).toContain(later);

    const muted = fake.createRole(guildId, { name: 'muted', permissions: 0n });
    fake.setMemberRoles(guildId, reader, [muted.id]);
    fake.updateChannel(x, { permissionOverwrites: [{ id: muted.id, type: 'role', deny: VIEW }] });
    await eventually(() => {
      expect(bot.client.guilds.cache.get(guildId)?.members.cache.get(reader)?.roles.cache.has(muted.id)).toBe(true);
      const channel = bot.client.channels.cache.get(x);
      expect(channel && 'permissionOverwrites' in channel && channel.permissionOverwrites.cache.has(muted.id)).toBe(true);
    });
    await bot.tasks.run('digest');
    expect(linkedPostIds(communityPost().embeds)).not.toContain(later);
  }, 30_000);
});

/**
 * GIVEN random guilds (roles, members with random roles, role and member overwrites on text and voice channels,
 * private threads with random members), recorded live by the real bot against the fake Discord, and random changes
 * (roles, overwrites, thread membership) made after the digests were composed and before anything was sent,
 * THEN in every message attune sends — /recommend answers (ephemeral), the community digest (a channel post), the
 * personal digests (DMs) and Show my picks (ephemeral), the /flags review queue (ephemeral) — every post shown (its id, link or text) is one that
 * every member who can read that message may view at send time, as the fake Discord decides it (`canRead`).
 * Seeded: a failure names its seed and shrunk case, and repeats.
 */
import { ApplicationCommandOptionType, ChannelType, InteractionResponseType, PermissionFlagsBits } from 'discord-api-types/v10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord, InteractionHandle, PermissionOverwriteInput } from '../../src/sim/index.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { PICKS_BUTTON_PREFIX } from '../../commands/render/digest-messages.js';
import { botPostsIn, chooseDmDigest, digestSetup, dmsFromBot } from '../helpers/digest.js';
import { popularityRanker } from '../helpers/rankers.js';

const HOUR = 3_600_000;
const VIEW = PermissionFlagsBits.ViewChannel;
const CONNECT = PermissionFlagsBits.Connect;
const ROLES = 3;
const MEMBERS = 5;
type Overwrite = 'none' | 'allow' | 'deny';
const overwrite = fc.constantFrom<Overwrite>('none', 'none', 'none', 'allow', 'deny');
const channelShape = fc.record({
  voice: fc.boolean(),
  everyoneDenied: fc.boolean(),
  roles: fc.array(overwrite, { minLength: ROLES, maxLength: ROLES }),
  members: fc.array(overwrite, { minLength: MEMBERS, maxLength: MEMBERS }),
  /** A voice channel's chat is read with Connect too: a role without it may view but not read. */
  connectDeniedRole: fc.option(fc.nat(ROLES - 1), { nil: null }),
});
const memberIndex = fc.nat(MEMBERS - 1);
const change = fc.oneof(
  fc.record({ kind: fc.constant('remove-from-thread' as const), thread: fc.nat(3), member: memberIndex }),
  fc.record({ kind: fc.constant('set-roles' as const), member: memberIndex, roles: fc.subarray([0, 1, 2]) }),
  fc.record({ kind: fc.constant('deny-role' as const), channel: fc.nat(3), role: fc.nat(ROLES - 1) }),
  fc.record({ kind: fc.constant('deny-member' as const), channel: fc.nat(3), member: memberIndex }),
);
const guildShape = fc.record({
  memberRoles: fc.array(fc.subarray([0, 1, 2]), { minLength: MEMBERS, maxLength: MEMBERS }),
  digestChannel: channelShape.map((c) => ({ ...c, voice: false })),
  channels: fc.array(channelShape, { minLength: 2, maxLength: 4 }),
  threads: fc.array(fc.record({ parent: fc.nat(3), members: fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }) }), { maxLength: 2 }),
  authors: fc.array(memberIndex, { minLength: 12, maxLength: 12 }),
  dmMembers: fc.subarray([0, 1, 2, 3, 4]),
  moderator: memberIndex,
  reports: fc.array(fc.record({ reporter: memberIndex, post: fc.nat(11) }), { maxLength: 3 }),
  changes: fc.array(change, { minLength: 1, maxLength: 4 }),
  channelOption: fc.option(fc.nat(3), { nil: null }),
});
type GuildShape = typeof guildShape extends fc.Arbitrary<infer T> ? T : never;

interface Post {
  id: string;
  text: string;
  /** The channel or thread it is in. */
  where: string;
}

/** A message attune sent and who can read it now. */
interface Sent {
  what: string;
  body: unknown;
  readers: string[];
}

describe('every post attune shows is viewable by every reader of the message (property)', () => {
  const world = botWorld(() => ({ heartbeatIntervalMs: 100 }));
  const clock = Date.now();
  let runs = 0;
  const shown = { recommend: 0, community: 0, dm: 0, picks: 0, flags: 0 };

  function overwrites(shape: GuildShape['digestChannel'], guildId: string, roles: string[], members: string[]): PermissionOverwriteInput[] {
    const list: PermissionOverwriteInput[] = shape.everyoneDenied ? [{ id: guildId, type: 'role', deny: VIEW }] : [];
    const add = (id: string, type: 'role' | 'member', o: Overwrite, extraDeny = 0n) => {
      if (o !== 'none' || extraDeny !== 0n) list.push({ id, type, ...(o === 'allow' ? { allow: VIEW } : {}), deny: (o === 'deny' ? VIEW : 0n) | extraDeny });
    };
    shape.roles.forEach((o, i) => add(roles[i] as string, 'role', o, shape.voice && shape.connectDeniedRole === i ? CONNECT : 0n));
    shape.members.forEach((o, i) => add(members[i] as string, 'member', o));
    return list;
  }

  /** Builds the guild live (the bot records every event as it happens) and returns its posts. */
  function buildGuild(fake: FakeDiscord, shape: GuildShape, run: number) {
    const guild = fake.createGuild({ name: `Property ${run}` });
    const guildId = guild.id;
    const botRole = fake.createRole(guildId, { name: 'attune', permissions: PermissionFlagsBits.Administrator });
    fake.setMemberRoles(guildId, fake.botUserId, [botRole.id]);
    const roles = Array.from({ length: ROLES }, (_, i) => fake.createRole(guildId, { name: `role${i}`, permissions: 0n }).id);
    const moderators = fake.createRole(guildId, { name: 'mods', permissions: PermissionFlagsBits.ManageMessages }).id;
    const members = Array.from({ length: MEMBERS }, (_, i) => fake.addMember(guildId, { username: `m${run}x${i}` }).user.id);
    members.forEach((m, i) => {
      const own = (shape.memberRoles[i] ?? []).map((r) => roles[r] as string);
      fake.setMemberRoles(guildId, m, i === shape.moderator ? [...own, moderators] : own);
    });
    const general = fake.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id;
    const digest = fake.createChannel(guildId, { name: 'digest', type: ChannelType.GuildText, permissionOverwrites: overwrites(shape.digestChannel, guildId, roles, members) }).id;
    const channels = shape.channels.map((c, i) =>
      fake.createChannel(guildId, { name: `c${i}`, type: c.voice ? ChannelType.GuildVoice : ChannelType.GuildText, permissionOverwrites: overwrites(c, guildId, roles, members) }).id,
    );
    const textChannels = channels.filter((_, i) => !shape.channels[i]?.voice);
    const threads = shape.threads.flatMap((t, i) => {
      const parent = textChannels[t.parent % Math.max(1, textChannels.length)];
      if (parent === undefined) return [];
      const threadMembers = t.members.map((m) => members[m] as string);
      const thread = fake.createThread(parent, { name: `t${i}`, ownerId: threadMembers[0] as string, type: ChannelType.PrivateThread, at: clock - 12 * HOUR }).id;
      for (const m of threadMembers) fake.addThreadMember(thread, m);
      return [thread];
    });
    const places = [general, ...channels, ...threads];
    const posts: Post[] = shape.authors.map((a, k) => {
      const where = places[k % places.length] as string;
      // Whoever can read it writes it (the owner otherwise): in Discord no one posts where they cannot read.
      const author = [members[a] as string, ...members, guild.owner_id].find((m) => fake.canRead(where, m)) as string;
      const text = `words zq${run}y${k}q`;
      const id = fake.postMessage({ channelId: where, authorId: author, content: text, at: clock - (1 + k) * HOUR }).id;
      return { id, text, where };
    });
    let reactions = 0;
    // The owner reacts to every post, a third of the members to each: the others have posts left to be shown.
    posts.forEach((post, k) => {
      const reactors = [guild.owner_id, ...members.filter((_, i) => (k + i) % 3 === 0)];
      for (const m of reactors) if (fake.canRead(post.where, m) && fake.addReaction(post.where, post.id, m, '🔥')) reactions++;
    });
    return { guildId, ownerId: guild.owner_id, roles, moderators, members, general, digest, channels, textChannels, threads, posts, reactions };
  }

  function applyChange(fake: FakeDiscord, g: ReturnType<typeof buildGuild>, c: GuildShape['changes'][number], moderatorIndex: number): void {
    switch (c.kind) {
      case 'remove-from-thread': {
        const thread = g.threads[c.thread % Math.max(1, g.threads.length)];
        if (thread !== undefined) fake.removeThreadMember(thread, g.members[c.member] as string);
        return;
      }
      case 'set-roles': {
        const own = c.roles.map((r) => g.roles[r] as string);
        fake.setMemberRoles(g.guildId, g.members[c.member] as string, c.member === moderatorIndex ? [...own, g.moderators] : own);
        return;
      }
      case 'deny-role':
      case 'deny-member': {
        const channelId = [g.digest, ...g.channels][c.channel % (g.channels.length + 1)] as string;
        const current = (fake.channel(channelId) as { permission_overwrites?: { id: string; type: number; allow: string; deny: string }[] }).permission_overwrites ?? [];
        const target = c.kind === 'deny-role' ? { id: g.roles[c.role] as string, type: 'role' as const } : { id: g.members[c.member] as string, type: 'member' as const };
        const kept = current.filter((o) => o.id !== target.id).map((o) => ({ id: o.id, type: o.type, allow: BigInt(o.allow), deny: BigInt(o.deny) }));
        fake.updateChannel(channelId, { permissionOverwrites: [...kept, { ...target, deny: VIEW }] });
        return;
      }
    }
  }

  /** Every event the fake sent so far has reached the bot (its heartbeat acknowledged the last sequence). */
  async function settled(fake: FakeDiscord): Promise<void> {
    await fake.waitForAcknowledged(fake.sessions()[0]?.lastSequence ?? 0, 10_000);
  }

  async function answerOf(handle: InteractionHandle): Promise<unknown> {
    const first = await handle.firstResponse(20_000);
    if (first.type !== InteractionResponseType.DeferredChannelMessageWithSource) return first.body;
    return (await handle.waitForResponse((r) => r.kind === 'edit-original', 30_000)).body;
  }

  /** The posts a message shows, by id (links, buttons) or by text. */
  const postsIn = (body: unknown, posts: Post[]) => {
    const json = JSON.stringify(body);
    return posts.filter((p) => json.includes(p.id) || json.includes(p.text));
  };

  async function oneGuild(bot: RunningBot, fake: FakeDiscord, shape: GuildShape): Promise<void> {
    const run = runs++;
    const g = buildGuild(fake, shape, run);
    const where = { guildId: g.guildId, channelId: g.general };
    await registerCommandsIn(fake, g.guildId);
    await eventually(bot, () => rows(bot, 'SELECT (SELECT COUNT(*) FROM posts WHERE guild_id = ?) AS posts, (SELECT COUNT(*) FROM reactions r JOIN posts p ON p.id = r.message_id WHERE p.guild_id = ?) AS reactions', g.guildId, g.guildId), (r) =>
      expect(r).toEqual([{ posts: g.posts.length, reactions: g.reactions }]),
    );
    expect((await digestSetup(fake, where, g.ownerId, g.digest, 10).firstResponse(20_000)).content).toMatch(/daily digest goes to/);
    const dmMembers = shape.dmMembers.map((i) => g.members[i] as string);
    for (const m of dmMembers) expect((await chooseDmDigest(fake, where, m).firstResponse(20_000)).content).toMatch(/direct message/);
    for (const report of shape.reports) {
      const post = g.posts[report.post] as Post;
      const reporter = g.members[report.reporter] as string;
      if (!fake.canRead(post.where, reporter)) continue;
      await fake.invokeMessageContextMenu({ guildId: g.guildId, channelId: post.where, userId: reporter, name: 'Report', targetMessageId: post.id }).firstResponse(20_000);
    }
    await bot.services.recommend.cache.refresh(g.guildId);

    // Compose: the digests are composed, and Discord is down when they go out (each POST fails after discord.js's
    // retries), so every one of them is sent after the changes below.
    bot.database.sqlite.prepare('UPDATE digest_settings SET last_run_day = NULL WHERE guild_id = ?').run(g.guildId);
    const destinations = [g.digest, ...dmMembers.map((m) => fake.openDmChannel(m).id)];
    for (const channelId of destinations) fake.injectOutage({ method: 'POST', route: `/channels/${channelId}/messages`, times: 4 });
    await bot.tasks.run('digest');
    expect(rows(bot, 'SELECT COUNT(*) AS n FROM digest_runs WHERE guild_id = ?', g.guildId)).toEqual([{ n: 1 }]);

    // Changes between compose and send.
    for (const c of shape.changes) applyChange(fake, g, c, shape.moderator);
    await settled(fake);

    // Send: whatever is still pending goes out now; /recommend, /flags answered now.
    const sent: Sent[] = [];
    for (let tick = 0; tick < destinations.length + 1; tick++) await bot.tasks.run('digest');
    const readersOf = (channelId: string) => [...g.members, g.ownerId].filter((m) => fake.canRead(channelId, m));
    for (const message of botPostsIn(fake, g.digest)) sent.push({ what: 'community', body: message, readers: readersOf(g.digest) });
    for (const m of dmMembers) for (const message of dmsFromBot(fake, m)) sent.push({ what: 'dm', body: message, readers: [m] });
    // Show my picks, pressed on the community post by every member who can read it.
    for (const message of botPostsIn(fake, g.digest)) {
      const customId = new RegExp(`"custom_id":"(${PICKS_BUTTON_PREFIX}[^"]*)"`).exec(JSON.stringify(message.components ?? []))?.[1];
      if (customId === undefined) continue;
      for (const m of readersOf(g.digest)) {
        const press = fake.clickButton({ guildId: g.guildId, channelId: g.digest, userId: m, messageId: message.id, customId });
        sent.push({ what: 'picks', body: await answerOf(press), readers: [m] });
      }
    }
    const channelOption = shape.channelOption === null ? null : g.textChannels[shape.channelOption % Math.max(1, g.textChannels.length)];
    for (const m of g.members) {
      const options = [
        { type: ApplicationCommandOptionType.Integer as const, name: 'count', value: 10 },
        ...(channelOption ? [{ type: ApplicationCommandOptionType.Channel as const, name: 'channel', value: channelOption }] : []),
      ];
      const body = await answerOf(fake.invokeSlashCommand({ ...where, userId: m, name: 'recommend', options }));
      sent.push({ what: 'recommend', body, readers: [m] });
    }
    const moderator = g.members[shape.moderator] as string;
    sent.push({ what: 'flags', body: await answerOf(fake.invokeSlashCommand({ ...where, userId: moderator, name: 'flags', options: [] })), readers: [moderator] });

    for (const message of sent) {
      for (const post of postsIn(message.body, g.posts)) {
        shown[message.what as keyof typeof shown]++;
        const blind = message.readers.filter((reader) => !fake.canRead(post.where, reader));
        expect({ message: message.what, post: post.text, readersWhoMayNotView: blind }).toEqual({ message: message.what, post: post.text, readersWhoMayNotView: [] });
      }
    }
  }

  it('GIVEN random guilds and changes between compose and send THEN no message shows a post one of its readers may not view', async () => {
    const fake = world.fake;
    const bot = await world.start({ now: () => clock, scheduler: new SimulatedScheduler(clock), recommend: { loadRanker: popularityRanker } });
    await fc.assert(
      fc.asyncProperty(guildShape, (shape) => oneGuild(bot, fake, shape)),
      { seed: 20261203, numRuns: 6, endOnFailure: true },
    );
    // The property is not vacuous: each kind of message showed posts.
    expect(Object.entries(shown).filter(([, n]) => n === 0)).toEqual([]);
  }, 300_000);
});

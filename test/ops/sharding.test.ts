/**
 * Sharding. The rule: guild g belongs to shard (g >> 22) % shardCount (guild-scope.ts, the same arithmetic the fake's
 * gateway routes by). GIVEN two bot instances as shards 0 and 1 of 2 against one fake Discord and one SQLite file
 * THEN each receives only its own guild, both record into the shared file, each sends only its own guild's pending
 * announcements, and only shard 0 schedules the database-wide retention sweep. GIVEN a member erased through one shard
 * THEN the other shard stops recording them in its own guild at its next write, without a refresh or a sweep.
 * (In-process, as the ShardingManager's children would run; the manager's process spawning itself is not tested.)
 */
import { ApplicationCommandOptionType, ChannelType } from 'discord-api-types/v10';
import { ShardClientUtil } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { enqueueAnnouncement } from '../../src/economy/announcements.js';
import { ALL_GUILDS, shardScope } from '../../src/ops/guild-scope.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { customIdsOf } from '../helpers/components.js';

describe('guild scope', () => {
  it('GIVEN shard ids and a count THEN a guild is owned by exactly the shard Discord routes it to', () => {
    const ids = ['81384788765712384', '222078108977594368', '1234567890123456789', '1000000000000000000', '175928847299117063'];
    const count = 3;
    const scopes = [0, 1, 2].map((id) => shardScope([id], count));
    for (const id of ids) {
      const owners = scopes.flatMap((scope, shard) => (scope.owns(id) ? [shard] : []));
      expect(owners).toEqual([Number((BigInt(id) >> 22n) % 3n)]);
      expect(owners).toEqual([ShardClientUtil.shardIdForGuildId(id, count)]);
    }
    expect(scopes.map((s) => s.runsGlobalJobs)).toEqual([true, false, false]);
    expect(shardScope([0, 1], 2).owns(ids[0]!)).toBe(true);
    expect(shardScope([0], 1)).toBe(ALL_GUILDS);
  });
});

describe('two shards, one database', () => {
  // The fake mints snowflakes from this clock: one millisecond apart, consecutive guilds land on alternate shards.
  let clock = Date.now();
  const world = botWorld(() => ({ clock: () => clock }));

  it('GIVEN shards 0 and 1 THEN each gets its own guild, records into the shared file, and works only on its guilds', async () => {
    const { fake, db } = world;
    clock = Date.now();
    const guilds = [0, 1].map(() => {
      clock += 1;
      return fake.createGuild({ name: `G${clock}` });
    });
    const shardOf = (id: string) => ShardClientUtil.shardIdForGuildId(id, 2);
    const byShard = [guilds.find((g) => shardOf(g.id) === 0)!, guilds.find((g) => shardOf(g.id) === 1)!];
    expect(byShard.every(Boolean)).toBe(true);
    const channels = byShard.map((g) => fake.createChannel(g.id, { name: 'general', type: ChannelType.GuildText }).id);
    const authors = byShard.map((g) => fake.addMember(g.id, { username: `m${g.id}` }).user.id);
    const schedulers = [0, 1].map(() => new SimulatedScheduler(clock));
    const bots: RunningBot[] = [];
    for (const shard of [0, 1]) {
      bots.push(await world.start({ clientOverrides: { shards: [shard], shardCount: 2 }, scheduler: schedulers[shard]! }));
    }
    const [bot0, bot1] = bots as [RunningBot, RunningBot];
    expect([...bot0.client.guilds.cache.keys()]).toEqual([byShard[0]!.id]);
    expect([...bot1.client.guilds.cache.keys()]).toEqual([byShard[1]!.id]);

    // Both processes write into one file (WAL; the busy timeout covers their overlapping commits).
    clock = Date.now();
    for (const shard of [0, 1]) fake.postMessage({ channelId: channels[shard]!, authorId: authors[shard]!, content: `from shard ${shard}` });
    await eventually(bot0, () => rows<{ guildId: string }>(bot0, 'SELECT guild_id AS guildId FROM posts ORDER BY guild_id'), (posts) =>
      expect(posts.map((p) => p.guildId).sort()).toEqual(byShard.map((g) => g.id).sort()),
    );

    // One pending announcement per guild: shard 0's tick sends only its own.
    for (const shard of [0, 1]) {
      enqueueAnnouncement(db.sqlite, {
        guildId: byShard[shard]!.id,
        channelId: channels[shard]!,
        payload: { kind: 'admin_notice', notice: 'missing_manage_roles' },
        dedupeKey: `test:${shard}`,
        at: Date.now(),
      });
    }
    const sent = () =>
      rows<{ guildId: string; sent: number }>(db, `SELECT guild_id AS guildId, sent_at IS NOT NULL AS sent FROM delivery_outbox WHERE dedupe_key LIKE 'test:%' ORDER BY dedupe_key`).map((r) => r.sent);
    const botMessages = (shard: number) => fake.messages(channels[shard]!).filter((m) => m.author.bot === true).length;
    await bot0.tasks.run('economy');
    expect(sent()).toEqual([1, 0]);
    expect([botMessages(0), botMessages(1)]).toEqual([1, 0]);
    await bot1.tasks.run('economy');
    expect(sent()).toEqual([1, 1]);
    expect([botMessages(0), botMessages(1)]).toEqual([1, 1]);

    // Database-wide tasks are scheduled by shard 0 only; per-guild ones by both (each for its own guilds).
    const scheduled = (shard: number) => schedulers[shard]!.scheduled().map((entry) => entry.name).sort();
    expect(scheduled(0)).toEqual(['digest', 'economy', 'economy-sweep', 'quality', 'retention', 'serving-refresh']);
    expect(scheduled(1)).toEqual(['digest', 'economy', 'quality', 'serving-refresh']);
    expect(bots.map((bot) => bot.tasks.scheduled().filter((task) => task.scope === 'global').map((task) => task.name))).toEqual([
      ['retention', 'economy-sweep'],
      [],
    ]);
  });

  it('GIVEN a member of both shards\' guilds erased through shard 0 THEN shard 1 records nothing of them from its next batch on', async () => {
    const { fake, db } = world;
    clock = Date.now();
    const guilds = [0, 1].map(() => {
      clock += 1;
      return fake.createGuild({ name: `G${clock}` });
    });
    const shardOf = (id: string) => ShardClientUtil.shardIdForGuildId(id, 2);
    const [g0, g1] = [guilds.find((g) => shardOf(g.id) === 0)!, guilds.find((g) => shardOf(g.id) === 1)!];
    const channels = [g0, g1].map((g) => fake.createChannel(g.id, { name: 'general', type: ChannelType.GuildText }).id) as [string, string];
    const subject = fake.addMember(g0.id, { username: 'subject' }).user.id;
    fake.addMember(g1.id, { id: subject, username: 'subject' });
    const other = fake.addMember(g1.id, { username: 'other' }).user.id;
    const bots: RunningBot[] = [];
    for (const shard of [0, 1]) bots.push(await world.start({ clientOverrides: { shards: [shard], shardCount: 2 }, scheduler: new SimulatedScheduler(clock) }));
    const [bot0, bot1] = bots as [RunningBot, RunningBot];
    await registerCommandsIn(fake, g0.id);
    clock = Date.now();
    const before = fake.postMessage({ channelId: channels[1], authorId: subject, content: 'before' }).id;
    await eventually(bot1, () => rows(db, 'SELECT id FROM posts WHERE id = ?', before), (r) => expect(r).toHaveLength(1));

    const prompt = await fake
      .invokeSlashCommand({ guildId: g0.id, channelId: channels[0], userId: subject, name: 'privacy', options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'delete', options: [] }] })
      .firstResponse();
    const [confirm] = customIdsOf(prompt);
    const done = await fake.clickButton({ guildId: g0.id, channelId: channels[0], userId: subject, messageId: prompt.messageId!, customId: confirm! }).firstResponse();
    expect(done.content).toMatch(/^Erased/);
    expect(rows(db, 'SELECT guild_id AS g FROM privacy_opt_outs WHERE user_id = ? ORDER BY guild_id', subject)).toEqual(
      [g0.id, g1.id].sort().map((g) => ({ g })),
    );

    // Shard 1 ran no command and no sweep: its next batch still leaves the erased member out, and records the other.
    const after = fake.postMessage({ channelId: channels[1], authorId: subject, content: 'after erasure', mentions: [other] }).id;
    const others = fake.postMessage({ channelId: channels[1], authorId: other, content: `hi <@${subject}>`, mentions: [subject] }).id;
    fake.addReaction(channels[1], others, subject, '👍');
    // Events are written in the order they arrive: once this one is stored, everything before it was decided.
    const sentinel = fake.postMessage({ channelId: channels[1], authorId: other, content: 'sentinel' }).id;
    await eventually(bot1, () => rows(db, 'SELECT id FROM posts WHERE id = ?', sentinel), (r) => expect(r).toHaveLength(1));
    await bot0.writer.idle();
    expect(rows(db, 'SELECT id FROM posts WHERE id = ?', after)).toEqual([]);
    expect(rows(db, 'SELECT user_id FROM mentions WHERE message_id = ?', others)).toEqual([]);
    expect(rows(db, 'SELECT user_id FROM reactions WHERE user_id = ?', subject)).toEqual([]);
    expect(rows(db, 'SELECT user_id FROM members WHERE user_id = ?', subject)).toEqual([]);
  });
});

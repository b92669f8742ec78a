/**
 * GIVEN the real bot against the fake Discord THEN activity earns points as it is recorded (also when it happened
 * while the bot was down), /points, /leaderboard and /economy answer from the ledger in en and zh-CN, moderator
 * actions are re-checked on the server, announcements are batched, and role rewards either work or, without Manage
 * Roles, produce one admin-facing message instead of a retry loop.
 */
import { ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits, type APIApplicationCommandInteractionDataBasicOption } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { DEFAULT_ECONOMY_CONFIG } from '../../src/economy/config.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

const DAY = 86_400_000;
const cfg = DEFAULT_ECONOMY_CONFIG;

describe('economy through Discord', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot | null;
  let guildId: string;
  let ownerId: string;
  let general: string;
  let announce: string;
  let members: string[];

  beforeEach(async () => {
    fake = world.fake;
    const guild = fake.createGuild({ name: 'Economy Guild' });
    guildId = guild.id;
    ownerId = guild.owner_id;
    general = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    announce = fake.createChannel(guildId, { name: 'announcements', type: 0 }).id;
    members = Array.from({ length: 12 }, (_, i) => fake.addMember(guildId, { username: `m${i}` }, { joinedAt: Date.now() - 30 * DAY }).user.id);
    bot = await world.start();
    await registerCommandsIn(fake, guildId);
  });

  const m = (i: number) => members[i]!;
  const command = (userId: string, name: string, options: APIApplicationCommandInteractionDataBasicOption[] | { sub: string; group?: string; options?: APIApplicationCommandInteractionDataBasicOption[] }, locale?: string) => {
    const data =
      Array.isArray(options)
        ? options
        : options.group
          ? [{ type: ApplicationCommandOptionType.SubcommandGroup as const, name: options.group, options: [{ type: ApplicationCommandOptionType.Subcommand as const, name: options.sub, options: options.options ?? [] }] }]
          : [{ type: ApplicationCommandOptionType.Subcommand as const, name: options.sub, options: options.options ?? [] }];
    return fake.invokeSlashCommand({ guildId, channelId: general, userId, name, options: data as never, ...(locale ? { locale: locale as never } : {}) });
  };
  const ledgerOf = (memberId: string) => rows<{ n: number }>(bot!, `SELECT COALESCE(SUM(delta), 0) AS n FROM points_ledger WHERE member_id = ?`, memberId)[0]!.n;

  it('GIVEN posts, reactions and a reply THEN points follow as they are recorded, and /points shows balance, week, breakdown and badges', async () => {
    const post = fake.postMessage({ channelId: general, authorId: m(0), content: 'hello' });
    fake.addReaction(general, post.id, m(1), '👍');
    fake.addReaction(general, post.id, m(0), '👍');
    fake.postMessage({ channelId: general, authorId: m(2), content: 'hi!', replyTo: post.id });
    const expected = cfg.post.points + cfg.reactionReceived.points + cfg.replyReceived.points;
    await eventually(bot!, () => ledgerOf(m(0)), (n) => expect(n).toBe(expected));
    await bot!.idle();

    const shown = await command(m(0), 'points', { sub: 'show' }).firstResponse();
    expect(shown.flags).toBe(MessageFlags.Ephemeral);
    const embed = JSON.stringify(shown.body);
    expect(embed).toContain(`"name":"Balance","value":"${expected}"`);
    expect(embed).toContain(`"name":"This week","value":"${expected}"`);
    expect(embed).toContain('reactions received: 1');
    expect(embed).toContain('First post');

    const zh = await command(m(3), 'points', { sub: 'show', options: [{ type: ApplicationCommandOptionType.User, name: 'member', value: m(0) }] }, 'zh-CN').firstResponse();
    expect(JSON.stringify(zh.body)).toContain('"name":"余额"');

    // Removing the reaction takes its point back.
    fake.removeReaction(general, post.id, m(1), '👍');
    await eventually(bot!, () => ledgerOf(m(0)), (n) => expect(n).toBe(expected - cfg.reactionReceived.points));
  });

  it('GIVEN /points-admin adjust THEN a member without Manage Messages is refused and a moderator\'s change is a ledger entry with their id', async () => {
    const opts = [
      { type: ApplicationCommandOptionType.User as const, name: 'member', value: m(4) },
      { type: ApplicationCommandOptionType.Integer as const, name: 'delta', value: 25 },
      { type: ApplicationCommandOptionType.String as const, name: 'reason', value: 'ran the event' },
    ];
    const refused = await command(m(1), 'points-admin', { sub: 'adjust', options: opts }).firstResponse();
    expect(refused.content).toBe('You need the **Manage Messages** permission to do this.');
    const zero = await command(ownerId, 'points-admin', { sub: 'adjust', options: [opts[0]!, { type: ApplicationCommandOptionType.Integer, name: 'delta', value: 0 }, opts[2]!] }).firstResponse();
    expect(zero.content).toBe('`delta`: must not be 0');
    const done = await command(ownerId, 'points-admin', { sub: 'adjust', options: opts }).firstResponse();
    expect(done).toMatchObject({ flags: MessageFlags.Ephemeral, content: `+25 points for <@${m(4)}>. Balance now: **25**.` });
    expect(rows(bot!, `SELECT member_id AS member, delta, kind, actor_id AS actor, note FROM points_ledger`)).toEqual([
      { member: m(4), delta: 25, kind: 'adjustment', actor: ownerId, note: 'ran the event' },
    ]);
  });

  it('GIVEN more members than a page THEN /leaderboard pages with buttons, and a member who left is hidden but keeps their history', async () => {
    for (let i = 0; i < 12; i++) {
      for (let k = 0; k <= i; k++) fake.postMessage({ channelId: general, authorId: m(i), content: `p${k}`, at: Date.now() - (k + 1) * 120_000 });
    }
    await eventually(bot!, () => rows(bot!, `SELECT COUNT(*) AS n FROM points_ledger`)[0], (r) => expect(r).toEqual({ n: 78 }));
    const handle = command(m(0), 'leaderboard', [{ type: ApplicationCommandOptionType.String, name: 'period', value: 'all' }]);
    const first = await handle.firstResponse();
    expect((first.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    const body = JSON.stringify(first.body);
    expect(body).toContain(`**1.** <@${m(11)}> — ${12 * cfg.post.points}`);
    expect(body).toContain('Page 1 of 2');
    const messageId = first.messageId ?? (await handle.waitForResponse((r) => r.messageId !== undefined)).messageId!;
    const next = await fake.clickButton({ guildId, channelId: general, userId: m(3), messageId, customId: JSON.parse(body).data.components[0].components[1].custom_id }).firstResponse();
    expect(JSON.stringify(next.body)).toContain(`**11.** <@${m(1)}>`);
    expect(JSON.stringify(next.body)).toContain('Page 2 of 2');

    fake.removeMember(guildId, m(11));
    await eventually(bot!, () => rows(bot!, `SELECT left_at FROM members WHERE user_id = ?`, m(11))[0], (r) => expect(r).not.toEqual({ left_at: null }));
    const after = await command(m(0), 'leaderboard', [{ type: ApplicationCommandOptionType.String, name: 'period', value: 'all' }]).firstResponse();
    expect(JSON.stringify(after.body)).toContain(`**1.** <@${m(10)}>`);
    expect(JSON.stringify(after.body)).not.toContain(m(11));
    expect(ledgerOf(m(11))).toBe(12 * cfg.post.points);
  });

  it('GIVEN /economy-admin config and /economy rules THEN admins change validated settings and everyone can read the rules', async () => {
    const refused = await command(m(0), 'economy-admin', { sub: 'config' }).firstResponse();
    expect(refused.content).toBe('You need the **Manage Server** permission to do this.');
    const saved = await command(ownerId, 'economy-admin', {
      sub: 'config',
      options: [
        { type: ApplicationCommandOptionType.Integer, name: 'post-points', value: 4 },
        { type: ApplicationCommandOptionType.String, name: 'placing-points', value: '100, 50' },
        { type: ApplicationCommandOptionType.Channel, name: 'announce-channel', value: announce },
      ],
    }).firstResponse();
    expect(saved.content).toMatch(/^Saved\./);
    expect(JSON.stringify(saved.body)).toContain('**Post**: 4 (at most 40 a day)');
    expect(JSON.stringify(saved.body)).toContain('**Contest placing**: 100 / 50');
    const invalid = await command(ownerId, 'economy-admin', { sub: 'config', options: [{ type: ApplicationCommandOptionType.Integer, name: 'post-points', value: 5000 }] }).firstResponse();
    expect(invalid.content).toMatch(/^Not saved: post\.points/);
    const rules = await command(m(0), 'economy', { sub: 'rules' }, 'zh-CN').firstResponse();
    expect(JSON.stringify(rules.body)).toContain('每条帖子获得 **4** 分');
    expect(JSON.stringify(rules.body)).toContain('（UTC）');
  });

  it('GIVEN an admin turns the economy off THEN nothing is recorded, the member commands say it is off; turned on again, only what follows pays', async () => {
    const early = fake.postMessage({ channelId: general, authorId: m(0), content: 'before' });
    await eventually(bot!, () => ledgerOf(m(0)), (n) => expect(n).toBe(cfg.post.points));
    const off = await command(ownerId, 'settings', { sub: 'economy', options: [{ type: ApplicationCommandOptionType.Boolean, name: 'enabled', value: false }] }).firstResponse();
    expect(off.content).toMatch(/^The points economy is off/);

    fake.addReaction(general, early.id, m(1), '👍');
    const whileOff = fake.postMessage({ channelId: general, authorId: m(2), content: 'while off' });
    await eventually(bot!, () => rows(bot!, `SELECT id FROM posts WHERE id = ?`, whileOff.id), (r) => expect(r).toHaveLength(1));
    await bot!.idle();
    await bot!.tasks.run('economy-sweep');
    expect(rows(bot!, `SELECT source_key AS key FROM points_ledger ORDER BY id`)).toEqual([{ key: `post:${early.id}` }]);
    for (const [name, sub] of [['points', 'show'], ['leaderboard', null], ['economy', 'rules']] as const) {
      const answer = await command(m(3), name, sub === null ? [] : { sub }).firstResponse();
      expect(answer.content, name).toBe('The points economy is off in this server. An admin can turn it on with `/settings economy enabled:True`.');
    }

    await command(ownerId, 'settings', { sub: 'economy', options: [{ type: ApplicationCommandOptionType.Boolean, name: 'enabled', value: true }] }).firstResponse();
    const after = fake.postMessage({ channelId: general, authorId: m(2), content: 'after' });
    await eventually(bot!, () => ledgerOf(m(2)), (n) => expect(n).toBe(cfg.post.points));
    await bot!.tasks.run('economy-sweep');
    // The post and the reaction made while it was off stay unpaid; the post after it pays.
    expect(rows(bot!, `SELECT source_key AS key FROM points_ledger ORDER BY id`)).toEqual([{ key: `post:${early.id}` }, { key: `post:${after.id}` }]);
  });

  it('GIVEN several badges at once THEN they are announced in one batched message in the configured channel', async () => {
    await command(ownerId, 'economy-admin', { sub: 'config', options: [{ type: ApplicationCommandOptionType.Channel, name: 'announce-channel', value: announce }] }).firstResponse();
    for (let i = 0; i < 8; i++) fake.postMessage({ channelId: general, authorId: m(i), content: 'first!' });
    await eventually(bot!, () => rows(bot!, `SELECT COUNT(*) AS n FROM badge_awards`)[0], (r) => expect(r).toEqual({ n: 8 }));
    await bot!.tasks.run('economy');
    await bot!.tasks.run('economy');
    const sent = fake.messages(announce).filter((msg) => msg.author.id === fake.botUserId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.content.split('\n')).toHaveLength(8);
    expect(sent[0]!.content).toContain(`🏅 <@${m(0)}> earned **First post**`);
  });

  it('GIVEN a role reward and attune without Manage Roles THEN one admin message, no role requests, no retry loop; with the permission the role is granted', async () => {
    const reward = fake.createRole(guildId, { name: 'Regular', permissions: 0n });
    const add = (threshold: number) =>
      command(ownerId, 'economy-admin', {
        group: 'role-reward',
        sub: 'add',
        options: [
          { type: ApplicationCommandOptionType.Integer, name: 'threshold', value: threshold },
          { type: ApplicationCommandOptionType.Role, name: 'role', value: reward.id },
        ],
      }).firstResponse();
    await command(ownerId, 'economy-admin', { sub: 'config', options: [{ type: ApplicationCommandOptionType.Channel, name: 'announce-channel', value: announce }] }).firstResponse();
    expect((await add(2)).content).toBe(`Members reaching 2 points will get <@&${reward.id}>.`);
    fake.postMessage({ channelId: general, authorId: m(0), content: 'earn' });
    await eventually(bot!, () => rows(bot!, `SELECT state FROM economy_role_grants`), (r) => expect(r).toEqual([{ state: 'pending' }]));
    for (let i = 0; i < 3; i++) await bot!.tasks.run('economy');
    const notices = fake.messages(announce).filter((msg) => msg.content.includes('Manage Roles'));
    expect(notices).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path.includes('/roles/'))).toEqual([]);
    const shown = await command(ownerId, 'economy-admin', { sub: 'config' }).firstResponse();
    expect(JSON.stringify(shown.body)).toContain('Role rewards are paused');

    // The admin gives attune Manage Roles above the reward role and touches the settings: the grant goes through.
    const botRole = fake.createRole(guildId, { name: 'attune', permissions: PermissionFlagsBits.ManageRoles });
    fake.setMemberRoles(guildId, fake.botUserId, [botRole.id]);
    await eventually(bot!, () => bot!.client.guilds.cache.get(guildId)?.members.me?.permissions.has(PermissionFlagsBits.ManageRoles), (v) => expect(v).toBe(true));
    await add(2);
    await bot!.tasks.run('economy');
    expect(fake.members(guildId).find((x) => x.user.id === m(0))?.roles).toEqual([reward.id]);
    expect(rows(bot!, `SELECT state FROM economy_role_grants`)).toEqual([{ state: 'granted' }]);
    expect(fake.messages(announce).some((msg) => msg.content.includes(`🎖️ <@${m(0)}> reached <@&${reward.id}>`))).toBe(true);
  });

  it('GIVEN posts and reactions made while the bot was down THEN the restart\'s backfill and sweep pay them once; another restart changes nothing', async () => {
    await bot!.stop();
    bot = null;
    const post = fake.postMessage({ channelId: general, authorId: m(5), content: 'while you were out' });
    fake.addReaction(general, post.id, m(6), '🎉');
    bot = await world.start();
    const expected = cfg.post.points + cfg.reactionReceived.points;
    await eventually(bot, () => ledgerOf(m(5)), (n) => expect(n).toBe(expected));
    await bot.stop();
    bot = await world.start();
    expect(ledgerOf(m(5))).toBe(expected);
    expect(rows(bot, `SELECT COUNT(*) AS n FROM points_ledger WHERE member_id = ?`, m(5))).toEqual([{ n: 2 }]);
  }, 90_000);
});

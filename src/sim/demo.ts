/**
 * `npm run demo`: attune offline. Starts the fake Discord with a simulated guild, runs the real bot against it for a
 * simulated week in accelerated time (downtime and catching up included), trains through the training service,
 * then shows what members and moderators would see — every section printed from the replies the bot sent to the
 * fake Discord — and writes the guild's charts as PNG files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { MessageType } from 'discord-api-types/v10';
import { pino } from 'pino';
import { join, resolve } from 'node:path';
import { startBot, type RunningBot } from '../bot.js';
import { describeRun } from '../cli/train-command.js';
import { createLogger, type Logger } from '../log.js';
import type { BackendRequest } from '../model/backend.js';
import { generateCommunity } from './community.js';
import { clientOptionsFor, FakeDiscord } from './fake-discord/index.js';
import { GuildScript } from './guild-script.js';
import { LiveSimulation, simClock, type SimClock } from './live-simulation.js';
import { createCommunityGuild, playActions, type PlayedCommunity } from './play-community.js';
import { finalReply, messageLines, shownOfMessage, type NameLookups, type ShownMessage } from './reply-text.js';
import { SimulatedCron } from './simulated-cron.js';
import { newestStoredRun } from './stored-run.js';
import { renderGuildCharts } from '../stats/render-guild-charts.js';
import { option } from './guild-script.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The bot joins the simulated guild on Monday 1 June 2026, 00:00 UTC: fixed, so every run prints the same week. */
const ARRIVAL = Date.UTC(2026, 5, 1);
const DIGEST_HOUR = 9;

export interface DemoSize {
  members: number;
  /** Top-level posts per simulated day (replies and reactions come on top). */
  postsPerDay: number;
  /** Days of history before the bot joins (it backfills them). */
  historyDays: number;
  /** Days the bot runs live. */
  liveDays: number;
}

/** A small real server: a few dozen members, a few hundred posts a week. */
export const DEMO_SIZE: DemoSize = { members: 36, postsPerDay: 40, historyDays: 3, liveDays: 7 };

export interface DemoOptions {
  /** Folder for the database and the charts (default ./demo-output/<time>). */
  outDir?: string;
  print?: (line: string) => void;
  size?: DemoSize;
  seed?: number;
  /** TRAINING_BACKEND (default auto). */
  backend?: BackendRequest;
  log?: Logger;
}

/** Wall-clock time of each phase, printed at the end. */
class PhaseTimer {
  readonly phases: { name: string; ms: number }[] = [];
  #started = performance.now();

  lap(name: string): void {
    const now = performance.now();
    this.phases.push({ name, ms: now - this.#started });
    this.#started = now;
  }
}

export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const outDir = resolve(options.outDir ?? join('demo-output', new Date().toISOString().replace(/[:.]/g, '-')));
  mkdirSync(outDir, { recursive: true });
  const databasePath = join(outDir, 'attune.db');
  // Logs go to stderr: stdout is the demo's story.
  const log = options.log ?? createLogger('warn', pino.destination(2));
  const size = options.size ?? DEMO_SIZE;
  const seed = options.seed ?? 7;
  const timer = new PhaseTimer();

  const clock = simClock(ARRIVAL - size.historyDays * DAY);
  const cron = new SimulatedCron(ARRIVAL);
  const end = ARRIVAL + size.liveDays * DAY + (DIGEST_HOUR + 1) * HOUR;
  const community = generateCommunity({
    seed,
    members: size.members,
    days: size.historyDays + size.liveDays + 1,
    postsPerDay: size.postsPerDay,
    start: ARRIVAL - size.historyDays * DAY,
  });
  timer.lap('generate the community');

  print('attune demo — offline, against a fake Discord on 127.0.0.1 (no token, no network)\n');
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 5_000, clock: clock.now });
  let bot: RunningBot | null = null;
  let failures: string[] = [];
  try {
    const played = createCommunityGuild(fake, community);
    const names = nameLookups(fake);
    const sim = new LiveSimulation({ fake, community, played, clock, cron });
    const script = new GuildScript({ fake, community, played, arrival: ARRIVAL, digestHour: DIGEST_HOUR, dmMembers: 6, seed });
    const start = async () => {
      const started = await startDemoBot(fake, databasePath, clock, cron, log, options.backend ?? 'auto');
      sim.attach(started);
      await started.idle();
      return started;
    };

    const history = playActions(fake, community, played, clock.now(), ARRIVAL, (a) => clock.set(a.at));
    clock.set(ARRIVAL);
    const moderators = fake.members(played.guildId).filter((m) => m.roles.includes(played.moderatorRoleId)).length;
    print(
      `1. A simulated guild "${fake.guild(played.guildId)?.name}": ${community.members.length} members with latent interests, ` +
        `heavy-tailed activity and friendships (${moderators} moderators), ${community.channels.length} channels ` +
        `(a forum, and a private #mod-room the bot cannot see). ${history} actions in the ${size.historyDays} days before attune arrives.`,
    );

    bot = await start();
    await registerCommands(fake, played.guildId);
    print(`\n2. ${day(clock.now())}: attune joins and backfills the history it can read:`);
    printCounts(bot, print);
    timer.lap('history and backfill');

    // Day 2, noon to 20:00: attune is down; the guild keeps talking.
    const downFrom = ARRIVAL + 2 * DAY + 12 * HOUR;
    const downUntil = downFrom + 8 * HOUR;
    const beforeOutage = await sim.runUntil(downFrom, { bot, onStep: (at) => script.onStep(at) });
    await bot.stop();
    bot = null;
    const offline = await sim.runUntil(downUntil, { bot: null });
    bot = await start();
    print(
      `\n3. Live: ${beforeOutage} actions over the gateway; then attune is down ${day(downFrom)} → ${day(downUntil)} ` +
        `while ${offline} more happen. It restarts and catches up:`,
    );
    printCounts(bot, print);

    const trainAt = ARRIVAL + size.liveDays * DAY + 3 * HOUR;
    const rest = await sim.runUntil(trainAt, { bot, onStep: (at) => script.onStep(at) });
    print(`\n4. The rest of the week, live: ${rest} more actions, a contest, daily digests, a spammer and the moderators' flags.`);
    printCounts(bot, print);
    timer.lap(`simulated week (${size.liveDays} days, live)`);

    print(`\n5. ${day(clock.now())}: training (the training service on its worker thread, as the nightly run):`);
    const trainStarted = performance.now();
    const training = bot.training;
    if (!training) throw new Error('the demo bot was started without training');
    await training.run({ trigger: 'manual', guildIds: [played.guildId], now: clock.now() });
    const trainMs = performance.now() - trainStarted;
    // The bot swaps the new choice into its serving cache when a run ends; nightly runs have hours for that before
    // the morning digest, the demo's accelerated night has milliseconds, so it waits for the swap here.
    const serving = await bot.services.recommend.cache.refresh(played.guildId);
    const stored = newestStoredRun(bot.database.sqlite, played.guildId);
    for (const line of (stored ? describeRun(stored) : 'no training run was stored').split('\n')) print(`   ${line}`);
    print(`   /recommend and digests now rank with: ${serving.state.method}`);
    timer.lap('training');

    // Through the digest hour: the day's digest is composed by whatever serves after training.
    await sim.runUntil(end, { bot, onStep: (at) => script.onStep(at) });
    await sim.settle(bot);
    timer.lap('digest morning');

    const member = script.dmMemberIds[0] as string;
    const show = (title: string, message: ShownMessage | undefined) => {
      print(`\n${title}`);
      const lines = message ? messageLines(message, names) : [];
      if (lines.length === 0) print('   (nothing)');
      for (const line of lines) print(`   ${line}`);
      return lines.length;
    };
    const sections: Record<string, number> = {};
    sections.recommend = show(`6. @${names.user(member)} asks /recommend (ephemeral reply):`, await finalReply(script.slash(member, 'recommend', [option.integer('count', 5)])));
    const dm = fake.dmChannelWith(member);
    const digest = dm ? fake.messages(dm.id).filter((m) => m.author.id === fake.botUserId).at(-1) : undefined;
    sections.digest = show(`7. The digest @${names.user(member)} received by DM on ${day(end)}:`, digest && shownOfMessage(digest));
    sections.leaderboard = show('8. /leaderboard (this week):', await finalReply(script.slash(member, 'leaderboard', [option.string('period', 'week')])));
    const results = script.resultsMessage();
    sections.contest = show(`9. The contest's results, as the bot announced them in #art (${script.votes} votes cast with its buttons):`, results && shownOfMessage(results));
    sections.flags = show(
      `10. The moderators' queue: /flags (${script.flags} flagged with "Flag low quality", ${script.reports} reports):`,
      await finalReply(script.slash(script.moderatorId, 'flags')),
    );
    timer.lap('commands');

    const sqlite = bot.database.sqlite;
    const chartDir = join(outDir, 'charts');
    mkdirSync(chartDir, { recursive: true });
    const charts = await renderGuildCharts(sqlite, played.guildId, { locale: 'en', now: clock.now(), days: size.historyDays + size.liveDays + 1 });
    print(`\n11. Charts (the pictures /stats attaches), written to ${chartDir}:`);
    for (const chart of charts) {
      writeFileSync(join(chartDir, chart.file), chart.png);
      print(`   ${chart.file.padEnd(28)} ${chart.title} (${Math.round(chart.png.length / 1024)} KiB)`);
    }
    timer.lap('charts');

    const recorded = (sqlite.prepare(`SELECT COUNT(*) AS n FROM posts WHERE guild_id = ? AND deleted_at IS NULL`).get(played.guildId) as { n: number }).n;
    const expected = countFakePosts(fake, played);
    const privateRows = (sqlite.prepare(`SELECT COUNT(*) AS n FROM posts WHERE channel_id = ?`).get(played.privateChannelId) as { n: number }).n;
    print(
      `\n12. Checks: posts recorded ${recorded} of ${expected} readable in the fake; rows from the private #mod-room: ${privateRows}; ` +
        `REST requests ${fake.requests.length}, rejected by Discord's API spec: ${fake.specViolations.length}.`,
    );
    failures = [
      ...script.problems,
      ...(recorded === expected ? [] : [`recorded ${recorded} posts, the fake holds ${expected}`]),
      ...(privateRows === 0 ? [] : [`${privateRows} posts recorded from the private channel`]),
      ...(charts.length > 0 ? [] : ['no charts were rendered']),
      ...Object.entries(sections).flatMap(([name, lines]) => (lines > 0 ? [] : [`the ${name} section is empty`])),
    ];

    print(`\nTimes (wall clock, this machine): training ${(trainMs / 1000).toFixed(1)} s of it.`);
    for (const phase of timer.phases) print(`   ${phase.name.padEnd(34)} ${(phase.ms / 1000).toFixed(1).padStart(6)} s`);
    const total = timer.phases.reduce((sum, p) => sum + p.ms, 0);
    print(`   ${'total'.padEnd(34)} ${(total / 1000).toFixed(1).padStart(6)} s`);
    print(`\nThe output folder is ${outDir}: the charts (charts/*.png) and the database (attune.db) — open it with any SQLite browser, or run`);
    print(`  DATABASE_PATH=${databasePath} npm run attune -- train`);
    for (const failure of failures) print(`demo problem: ${failure}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    if (bot) await bot.stop();
    await fake.stop();
  }
}

async function startDemoBot(fake: FakeDiscord, databasePath: string, clock: SimClock, cron: SimulatedCron, log: Logger, backend: BackendRequest): Promise<RunningBot> {
  return startBot({
    token: fake.token,
    databasePath,
    messageContent: true,
    apiUrl: fake.apiUrl,
    horizonDays: 30,
    refreshHours: 24,
    log,
    now: clock.now,
    scheduler: cron.jobScheduler,
    // Training runs when the demo says so (the nightly schedule is wall-clock cron, which a simulated week outruns).
    training: { cron: 'off', backend },
    recommend: { digestScheduler: cron.digestScheduler },
    // Discord's 50 requests/s global limit is discord.js's default; the demo's loopback Discord lifts it.
    clientOverrides: { ...clientOptionsFor(fake), rest: { api: fake.apiUrl, globalRequestsPerSecond: 1_000 } },
  });
}

async function registerCommands(fake: FakeDiscord, guildId: string): Promise<void> {
  const [{ allCommands }, { registerCommands: register }] = await Promise.all([import('../discord/commands.js'), import('../discord/register-commands.js')]);
  await register(allCommands, { token: fake.token, apiUrl: fake.apiUrl, guildId });
}

function nameLookups(fake: FakeDiscord): NameLookups {
  return {
    user: (id) => fake.user(id)?.username,
    channel: (id) => {
      const channel = fake.channel(id);
      return channel && 'name' in channel && channel.name ? channel.name : undefined;
    },
  };
}

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function printCounts(bot: RunningBot, print: (line: string) => void): void {
  const count = (sql: string) => (bot.database.sqlite.prepare(sql).get() as { n: number }).n;
  const rows = [
    ['members present', count(`SELECT COUNT(*) AS n FROM members WHERE left_at IS NULL AND is_bot = 0`)],
    ['channels / threads', count(`SELECT COUNT(*) AS n FROM channels WHERE kind NOT LIKE '%thread'`) + ' / ' + count(`SELECT COUNT(*) AS n FROM channels WHERE kind LIKE '%thread'`)],
    ['posts', count(`SELECT COUNT(*) AS n FROM posts WHERE deleted_at IS NULL`)],
    ['reactions', count(`SELECT COUNT(*) AS n FROM reactions`)],
    ['mentions', count(`SELECT COUNT(*) AS n FROM mentions`)],
    ['relation events', count(`SELECT COUNT(*) AS n FROM member_relations`)],
  ] as const;
  print('   ' + rows.map(([label, value]) => `${label} ${value}`).join(' · '));
}

/** Posts a reader of the guild can see (the private channel excluded), bot posts included: what attune should hold. */
function countFakePosts(fake: FakeDiscord, played: PlayedCommunity): number {
  const channels = new Set([...played.channelIds.values()].filter((id) => id !== played.privateChannelId));
  for (const id of played.messageChannel.values()) if (id !== played.privateChannelId) channels.add(id);
  let n = 0;
  // Members' posts and the bot's own channel messages; interaction replies and system notices are not posts.
  for (const id of channels) n += fake.messages(id).filter((m) => m.type === MessageType.Default || m.type === MessageType.Reply).length;
  return n;
}

/**
 * `npm run demo`: attune offline. Starts the fake Discord with a simulated guild, runs the real bot against it for a
 * simulated week in accelerated time (downtime and catching up included) — or over imported data (`--import`) —,
 * trains through the training service, then shows what members and moderators would see, every section printed
 * from the replies the bot sent to the fake Discord, and writes the guild's charts as PNG files.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ChannelType, MessageType, type APIMessage } from 'discord-api-types/v10';
import { startBot, type RunningBot } from '../app/bot.js';
import { runImport, type ImportFlagOptions } from '../app/cli/import-command.js';
import { ProgressLine } from '../app/cli/progress-line.js';
import { describeRun } from '../app/cli/train-command.js';
import { openDatabase } from '../db/connection.js';
import { demoQueries } from '../db/queries/demo.js';
import { runMigrations } from '../db/migrate.js';
import { createProcessLogger, type Logger } from '../ops/log.js';
import type { BackendRequest } from '../model/backend.js';
import { renderGuildCharts } from '../stats/render-guild-charts.js';
import { generateCommunity, type Community } from './community.js';
import { clientOptionsFor, FakeDiscord } from '../sim/index.js';
import { GuildScript, option, setUpDigest } from './guild-script.js';
import { LiveSimulation, simClock, type SimClock } from './live-simulation.js';
import { busiestImportedGuild, mirrorImportedGuild, type MirroredGuild } from './mirror-import.js';
import { createCommunityGuild, playActions, type PlayedCommunity } from './play-community.js';
import { finalReply, messageLines, shownOfMessage, type NameLookups, type ShownMessage } from './reply-text.js';
import { SimulatedScheduler } from '../tasks/simulated-scheduler.js';
import { newestStoredRun } from './stored-run.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The bot joins the simulated guild on Monday 1 June 2026, 00:00 UTC: fixed, so every run prints the same week. */
const ARRIVAL = Date.UTC(2026, 5, 1);
const DIGEST_HOUR = 9;
/** Steps of simulated time between two catch-ups of the bot (its scheduled tasks run at each step's end). */
const STEP_MS = 30 * 60_000;

export interface DemoSize {
  members: number;
  /** Top-level posts per simulated day (replies and reactions come on top). */
  postsPerDay: number;
  /** Days of history before the bot joins (it backfills them). */
  historyDays: number;
  /** Days the bot runs live (the script's contest and flags need 6). */
  liveDays: number;
}

/** A small real server: a few dozen members, a few hundred posts a week. */
export const DEMO_SIZE: DemoSize = { members: 36, postsPerDay: 40, historyDays: 3, liveDays: 7 };

export interface DemoOptions {
  /** Folder for the database and the charts (default ./demo-output/<time>). */
  outDir?: string;
  /**
   * A DiscordChatExporter export (JSON, HTML, CSV; a file or a server's folder) or attune JSONL file to run over
   * instead of the simulated week.
   */
  importPath?: string;
  /** `attune import`'s options (--guild, --channel, --format…); with --guild, the demo runs over that guild. */
  importOptions?: ImportFlagOptions;
  print?: (line: string) => void;
  size?: DemoSize;
  seed?: number;
  /** TRAINING_BACKEND (default auto). */
  backend?: BackendRequest;
  log?: Logger;
}

/** Wall-clock time of each phase, printed at the end. */
class PhaseTimer {
  /** Wall time, and CPU time of the whole process (every thread): on a busy machine the two tell different stories. */
  readonly phases: { name: string; ms: number; cpuMs: number }[] = [];
  #started = performance.now();
  #cpu = process.cpuUsage();

  lap(name: string): number {
    const now = performance.now();
    const cpu = process.cpuUsage(this.#cpu);
    const ms = now - this.#started;
    this.phases.push({ name, ms, cpuMs: (cpu.user + cpu.system) / 1000 });
    this.#started = now;
    this.#cpu = process.cpuUsage();
    return ms;
  }
}

interface DemoEnv {
  fake: FakeDiscord;
  clock: SimClock;
  scheduler: SimulatedScheduler;
  databasePath: string;
  log: Logger;
  backend: BackendRequest;
  print: (line: string) => void;
  timer: PhaseTimer;
  names: NameLookups;
  /** The bot now running, stopped on the way out whatever happened. */
  bot: RunningBot | null;
}

/** What a stage (the simulated week, or imported data) hands to the common phases. */
interface Stage {
  bot: RunningBot;
  played: PlayedCommunity;
  sim: LiveSimulation;
  /** The simulated week's script; null over imported data (no contest, nobody flags). */
  script: GuildScript | null;
  /** When training runs, and when the demo's last morning ends (after that day's digest). */
  trainAt: number;
  end: number;
  /** Members who get DM digests; the first one asks /recommend. */
  dmMemberIds: string[];
  moderatorId: string;
  days: number;
  problems: string[];
}

export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const outDir = resolve(options.outDir ?? join('demo-output', new Date().toISOString().replace(/[:.]/g, '-')));
  mkdirSync(outDir, { recursive: true });
  const databasePath = join(outDir, 'attune.db');
  // The simulated week replays the same guild, ids and contest: on top of an earlier demo's database it would add a
  // second contest, flag posts twice and count more posts than the fake holds.
  if (existsSync(databasePath)) {
    print(`attune demo: ${outDir} already holds a demo database (attune.db). Choose another --out folder or delete it.`);
    return 2;
  }
  const timer = new PhaseTimer();
  const beforeDemoMs = performance.now();
  const imported = options.importPath ? importedStart(databasePath, options.importPath, options.importOptions ?? {}, print) : null;
  const started = imported?.start ?? ARRIVAL - (options.size ?? DEMO_SIZE).historyDays * DAY;
  const clock = simClock(started);
  print('attune demo — offline, against a fake Discord on 127.0.0.1 (no token, no network)\n');
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 5_000, clock: clock.now });
  const env: DemoEnv = {
    fake,
    clock,
    scheduler: new SimulatedScheduler(options.importPath ? started : ARRIVAL),
    databasePath,
    // Logs go to stderr: stdout is the demo's story.
    log: options.log ?? createProcessLogger({ level: 'warn', fd: 2 }),
    backend: options.backend ?? 'auto',
    print,
    timer,
    names: nameLookups(fake),
    bot: null,
  };
  timer.lap(options.importPath ? 'start-up and import' : 'start-up');
  let failures: string[] = [];
  let trainMs = 0;
  try {
    const stage = imported ? await importedStage(env, imported.guildId) : await simulatedWeek(env, options.size ?? DEMO_SIZE, options.seed ?? 7);
    const trained = await trainAndShow(env, stage);
    trainMs = trained.ms;
    failures = [...stage.problems, ...trained.problems, ...(await showcase(env, stage)), ...(await charts(env, stage, outDir)), ...checks(env, stage)];
  } finally {
    await env.bot?.stop();
    await fake.stop();
  }
  timer.lap('shut down');

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  print(`\nTimes on this machine (the process spent ${(beforeDemoMs / 1000).toFixed(1)} s loading before the demo started):`);
  print(`   ${'phase'.padEnd(34)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)}`);
  for (const phase of timer.phases) print(`   ${phase.name.padEnd(34)} ${seconds(phase.ms)} ${seconds(phase.cpuMs)}`);
  const total = timer.phases.reduce((sum, p) => ({ ms: sum.ms + p.ms, cpuMs: sum.cpuMs + p.cpuMs }), { ms: 0, cpuMs: 0 });
  print(`   ${'total'.padEnd(34)} ${seconds(total.ms)} ${seconds(total.cpuMs)}   (training: ${(trainMs / 1000).toFixed(1)} s wall)`);
  print(`\nThe output folder is ${outDir}: the charts (charts/*.png) and the database (attune.db) — open it with any SQLite browser, or run`);
  print(`  DATABASE_PATH=${databasePath} npm run attune -- train`);
  for (const failure of failures) print(`demo problem: ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

// ── Stages ──────────────────────────────────────────────────────────────────────────────────────────────────────

async function simulatedWeek(env: DemoEnv, size: DemoSize, seed: number): Promise<Stage> {
  const { fake, clock, print, timer } = env;
  const community = generateCommunity({
    seed,
    members: size.members,
    days: size.historyDays + size.liveDays + 1,
    postsPerDay: size.postsPerDay,
    start: ARRIVAL - size.historyDays * DAY,
  });
  const played = createCommunityGuild(fake, community);
  const sim = new LiveSimulation({ fake, community, played, clock, scheduler: env.scheduler });
  const script = new GuildScript({ fake, community, played, arrival: ARRIVAL, digestHour: DIGEST_HOUR, dmMembers: 6, seed });
  const onStep = (at: number) => script.onStep(at);

  const history = playActions(fake, community, played, clock.now(), ARRIVAL, (a) => clock.set(a.at));
  clock.set(ARRIVAL);
  const moderators = fake.members(played.guildId).filter((m) => m.roles.includes(played.moderatorRoleId)).length;
  print(
    `1. A simulated guild "${fake.guild(played.guildId)?.name}": ${community.members.length} members with latent interests, ` +
      `heavy-tailed activity and friendships (${moderators} moderators), ${community.channels.length} channels ` +
      `(a forum, and a private #mod-room the bot cannot see). ${history} actions in the ${size.historyDays} days before attune arrives.`,
  );
  timer.lap('generate and play the history');

  let bot = await startDemoBot(env, sim);
  await registerCommands(fake, played.guildId);
  print(`\n2. ${day(clock.now())}: attune joins and backfills the history it can read:`);
  printCounts(bot, print);
  timer.lap('attune joins, backfill');

  // Day 2, noon to 20:00: attune is down; the guild keeps talking.
  const downFrom = ARRIVAL + 2 * DAY + 12 * HOUR;
  const downUntil = downFrom + 8 * HOUR;
  const beforeOutage = await sim.runUntil(downFrom, { bot, stepMs: STEP_MS, onStep });
  await bot.stop();
  const offline = await sim.runUntil(downUntil, { bot: null, stepMs: STEP_MS });
  bot = await startDemoBot(env, sim);
  print(
    `\n3. Live: ${beforeOutage} actions over the gateway; then attune is down ${day(downFrom)} → ${day(downUntil)} ` +
      `while ${offline} more happen. It restarts and catches up:`,
  );
  printCounts(bot, print);

  const trainAt = ARRIVAL + size.liveDays * DAY + 3 * HOUR;
  const rest = await sim.runUntil(trainAt, { bot, stepMs: STEP_MS, onStep });
  print(`\n4. The rest of the week, live: ${rest} more actions, a contest, daily digests, a spammer and the moderators' flags.`);
  printCounts(bot, print);
  timer.lap(`simulated week (${size.liveDays} days, live)`);
  return {
    bot,
    played,
    sim,
    script,
    trainAt,
    end: ARRIVAL + size.liveDays * DAY + (DIGEST_HOUR + 1) * HOUR,
    dmMemberIds: script.dmMemberIds,
    moderatorId: script.moderatorId,
    days: size.historyDays + size.liveDays + 1,
    problems: script.problems,
  };
}

/**
 * Imports the file or folder into the demo's database as `attune import` does (same options, same summary, ids it
 * had to make up printed); returns the guild to run over (--guild, else the busiest) and when the demo's clock starts.
 */
function importedStart(
  databasePath: string,
  path: string,
  options: NonNullable<DemoOptions['importOptions']>,
  print: (line: string) => void,
): { guildId: string; start: number } {
  // The demo's bot runs with the Message Content intent, so imported text is kept as its gateway would keep it.
  runImport(databasePath, path, { ...options, keepContent: true }, { print, progress: new ProgressLine() });
  const handle = openDatabase(databasePath);
  try {
    const guildId = options.guildId ?? busiestImportedGuild(handle.sqlite);
    if (guildId === null) throw new Error(`${path} holds no posts to run the demo over`);
    const last = demoQueries(handle.sqlite).lastPostAt(guildId);
    if (last === null) throw new Error(`guild ${guildId} has no imported posts to run the demo over`);
    // The next whole hour after the last post: the bot arrives as if it had been invited then.
    return { guildId, start: Math.ceil((last + 1) / HOUR) * HOUR };
  } finally {
    handle.close();
  }
}

async function importedStage(env: DemoEnv, guildId: string): Promise<Stage> {
  const { fake, clock, print, timer } = env;
  const reader = openDatabase(env.databasePath);
  let played: MirroredGuild;
  try {
    played = mirrorImportedGuild(fake, reader.sqlite, guildId);
  } finally {
    reader.close();
  }
  print(
    `1. Imported guild "${played.name}": ${played.memberIds.size} members, ${played.channelIds.size} channels, ` +
      `${played.posts} posts and ${played.reactions} reactions, the last on ${day(played.lastActivityAt)}; ` +
      `they are put on the fake Discord with their ids so the bot sees the same guild.`,
  );
  const empty: Community = { seed: 0, start: clock.now(), channels: [], members: [], actions: [] };
  const sim = new LiveSimulation({ fake, community: empty, played, clock, scheduler: env.scheduler });
  const bot = await startDemoBot(env, sim);
  await registerCommands(fake, played.guildId);
  print(`\n2. ${day(clock.now())}: attune joins; its start-up backfill re-reads the channels and finds what was imported:`);
  printCounts(bot, print);
  const ownerId = fake.guild(played.guildId)?.owner_id ?? '';
  const dmMemberIds = played.activeMemberIds.slice(0, 3);
  // Digests are posted in a text channel; a server that talks only in forums gets one, as its owner would make.
  let channelId = busiestTextChannel(fake, played);
  const created = channelId === undefined;
  if (channelId === undefined) {
    channelId = fake.createChannel(played.guildId, { name: 'digests', type: ChannelType.GuildText }).id;
    played.channelIds.set(channelId, channelId);
  }
  const problems = await setUpDigest(fake, { guildId: played.guildId, ownerId, channelId, hour: DIGEST_HOUR, dmMemberIds });
  print(
    `\n3. The owner ${created ? `creates #${env.names.channel(channelId)} (the server has no text channel) and ` : ''}sets up the daily digest ` +
      `in #${env.names.channel(channelId)}; ${dmMemberIds.length} of the most active members ask for theirs by DM.`,
  );
  print(`\n4. (Imported data has no live week: no contest, nobody flags; those sections come from the simulated week.)`);
  timer.lap('attune joins, backfill');
  const trainAt = clock.now() + HOUR;
  // The first digest morning after training.
  const morning = Math.floor(trainAt / DAY) * DAY + DIGEST_HOUR * HOUR;
  const end = (morning > trainAt ? morning : morning + DAY) + HOUR;
  await sim.runUntil(trainAt, { bot, stepMs: STEP_MS });
  return { bot, played, sim, script: null, trainAt, end, dmMemberIds, moderatorId: ownerId, days: 30, problems };
}

/** Where members talk most: a channel, thread or forum post. */
function busiestChannel(played: PlayedCommunity): string | undefined {
  return busiest(played, readableChannels(played));
}

/** The text channel members talk most in (digests are posted there, members invoke commands there). */
function busiestTextChannel(fake: FakeDiscord, played: PlayedCommunity): string | undefined {
  const text = [...played.channelIds.values()].filter((id) => fake.channel(id)?.type === ChannelType.GuildText && id !== played.privateChannelId);
  return busiest(played, new Set(text)) ?? text[0];
}

function busiest(played: PlayedCommunity, among: ReadonlySet<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const where of played.messageChannel.values()) {
    if (among.has(where)) counts.set(where, (counts.get(where) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

// ── Common phases ───────────────────────────────────────────────────────────────────────────────────────────────

async function trainAndShow(env: DemoEnv, stage: Stage): Promise<{ ms: number; problems: string[] }> {
  const { bot, played } = stage;
  const { print, timer, clock } = env;
  print(`\n5. ${day(clock.now())}: training (the training service on its worker thread, as the nightly run):`);
  const training = bot.training;
  if (!training) throw new Error('the demo bot was started without training');
  const { results } = await training.run({ trigger: 'manual', guildIds: [played.guildId], now: clock.now() });
  // The bot swaps the new choice into its serving cache when a run ends; nightly runs have hours for that before
  // the morning digest, the demo's accelerated night has milliseconds, so it waits for the swap here.
  const serving = await bot.services.recommend.cache.refresh(played.guildId);
  const ms = timer.lap('training');
  const stored = newestStoredRun(bot.database.sqlite, played.guildId);
  for (const line of (stored ? describeRun(stored) : 'no training run was stored').split('\n')) print(`   ${line}`);
  print(`   /recommend and digests now rank with: ${serving.state.method}`);

  // Through the digest hour: that morning's digest is composed by whatever serves after training.
  await stage.sim.runUntil(stage.end, { bot, stepMs: STEP_MS, ...(stage.script ? { onStep: (at: number) => stage.script!.onStep(at) } : {}) });
  await stage.sim.settle(bot);
  timer.lap('digest morning');
  const problems = results.every((r) => r.status === 'succeeded') && stored !== null ? [] : ['training did not succeed'];
  return { ms, problems };
}

async function showcase(env: DemoEnv, stage: Stage): Promise<string[]> {
  const { fake, print, names, timer } = env;
  const { played, script } = stage;
  const member = stage.dmMemberIds[0] ?? '';
  const ask = (userId: string, name: string, options: Parameters<GuildScript['slash']>[2] = []) =>
    finalReply(fake.invokeSlashCommand({ guildId: played.guildId, channelId: busiestTextChannel(fake, played) ?? busiestChannel(played) ?? '', userId, name, options }));
  const show = (title: string, message: ShownMessage | undefined) => {
    print(`\n${title}`);
    const lines = message ? messageLines(message, names) : [];
    if (lines.length === 0) print('   (nothing)');
    for (const line of lines) print(`   ${line}`);
    return lines.length;
  };
  const sections: Record<string, number> = {};
  sections.recommend = show(`6. @${names.user(member)} asks /recommend (ephemeral reply):`, await ask(member, 'recommend', [option.integer('count', 5)]));
  const dm = fake.dmChannelWith(member);
  const digest = dm ? fake.messages(dm.id).filter((m) => m.author.id === fake.botUserId).at(-1) : undefined;
  sections.digest = show(`7. The digest @${names.user(member)} received by DM on ${day(stage.end)}:`, digest && shownOfMessage(digest));
  sections.leaderboard = show('8. /leaderboard (this week):', await ask(member, 'leaderboard', [option.string('period', 'week')]));
  if (script) {
    const results = script.resultsMessage();
    sections.contest = show(`9. The contest's results, as the bot announced them in #art (${script.votes} votes cast with its buttons):`, results && shownOfMessage(results));
    sections.flags = show(`10. The moderators' queue: /flags (${script.flags} flagged with "Flag low quality", ${script.reports} reports):`, await ask(stage.moderatorId, 'flags'));
  } else {
    print(`\n9. No contest in imported data.`);
    show('10. The moderators\' queue: /flags', await ask(stage.moderatorId, 'flags'));
  }
  timer.lap('commands');
  return Object.entries(sections).flatMap(([name, lines]) => (lines > 0 ? [] : [`the ${name} section is empty`]));
}

async function charts(env: DemoEnv, stage: Stage, outDir: string): Promise<string[]> {
  const { print, clock, timer } = env;
  const chartDir = join(outDir, 'charts');
  mkdirSync(chartDir, { recursive: true });
  const rendered = await renderGuildCharts(stage.bot.database.sqlite, stage.played.guildId, { locale: 'en', now: clock.now(), days: stage.days });
  print(`\n11. Charts (the pictures /stats attaches), written to ${chartDir}:`);
  for (const chart of rendered) {
    writeFileSync(join(chartDir, chart.file), chart.png);
    print(`   ${chart.file.padEnd(28)} ${chart.title} (${Math.round(chart.png.length / 1024)} KiB)`);
  }
  timer.lap('charts');
  return rendered.length > 0 ? [] : ['no charts were rendered'];
}

function checks(env: DemoEnv, stage: Stage): string[] {
  const { fake, print } = env;
  const { played } = stage;
  const queries = demoQueries(stage.bot.database.sqlite);
  const recorded = queries.livePostCount(played.guildId);
  const expected = countFakePosts(fake, played);
  const reactions = queries.reactionCount(played.guildId);
  const expectedReactions = countFakeReactions(fake, played);
  const privateRows = played.privateChannelId ? queries.channelPostCount(played.privateChannelId) : 0;
  print(
    `\n12. Checks: posts recorded ${recorded} of ${expected} readable in the fake; reactions ${reactions} of ${expectedReactions}; ` +
      `rows from the private #mod-room: ${privateRows}; ` +
      `REST requests ${fake.requests.length}, rejected by Discord's API spec: ${fake.specViolations.length}.`,
  );
  return [
    ...(recorded === expected ? [] : [`recorded ${recorded} posts, the fake holds ${expected}`]),
    ...(reactions === expectedReactions ? [] : [`recorded ${reactions} reactions, the fake holds ${expectedReactions}`]),
    ...(privateRows === 0 ? [] : [`${privateRows} posts recorded from the private channel`]),
    ...(fake.specViolations.length === 0 ? [] : [`${fake.specViolations.length} requests broke Discord's API spec`]),
  ];
}

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────

async function startDemoBot(env: DemoEnv, sim: LiveSimulation): Promise<RunningBot> {
  const { fake, clock, scheduler } = env;
  const bot = await startBot({
    token: fake.token,
    databasePath: env.databasePath,
    messageContent: true,
    apiUrl: fake.apiUrl,
    horizonDays: 30,
    refreshHours: 24,
    log: env.log,
    now: clock.now,
    scheduler,
    // Training runs when the demo says so, at a time of its choosing in the script.
    training: { cron: 'off', backend: env.backend },
    // The serving state is rebuilt after training, as in production, but not every 10 simulated minutes: that would
    // be hundreds of rebuilds in a week played in seconds.
    recommend: { refreshMs: null },
    // Discord's 50 requests/s global limit is discord.js's default; the demo's loopback Discord lifts it.
    clientOverrides: { ...clientOptionsFor(fake), rest: { api: fake.apiUrl, globalRequestsPerSecond: 1_000 } },
  });
  env.bot = bot;
  sim.attach(bot);
  await bot.idle();
  return bot;
}

async function registerCommands(fake: FakeDiscord, guildId: string): Promise<void> {
  const [{ allCommands }, { registerCommands: register }] = await Promise.all([import('../app/command-table.js'), import('../discord/register-commands.js')]);
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
  const counts = demoQueries(bot.database.sqlite).recordedCounts();
  const rows = [
    ['members present', counts.membersPresent],
    ['channels / threads', `${counts.channels} / ${counts.threads}`],
    ['posts', counts.posts],
    ['reactions', counts.reactions],
    ['mentions', counts.mentions],
    ['relation events', counts.relationEvents],
  ] as const;
  print('   ' + rows.map(([label, value]) => `${label} ${value}`).join(' · '));
}

/** Channels and threads a reader of the guild can see (the private channel excluded). */
function readableChannels(played: PlayedCommunity): Set<string> {
  const channels = new Set([...played.channelIds.values()].filter((id) => id !== played.privateChannelId));
  for (const id of played.messageChannel.values()) if (id !== played.privateChannelId) channels.add(id);
  return channels;
}

/** Members' posts and the bot's own channel messages (interaction replies and system notices are not posts). */
function readablePosts(fake: FakeDiscord, played: PlayedCommunity): APIMessage[] {
  return [...readableChannels(played)].flatMap((id) => fake.messages(id).filter((m) => m.type === MessageType.Default || m.type === MessageType.Reply));
}

/** What attune should hold: every readable post. */
function countFakePosts(fake: FakeDiscord, played: PlayedCommunity): number {
  return readablePosts(fake, played).length;
}

/** Every reaction (member × emoji) on a readable post. */
function countFakeReactions(fake: FakeDiscord, played: PlayedCommunity): number {
  return readablePosts(fake, played).reduce((sum, m) => sum + (m.reactions ?? []).reduce((n, r) => n + r.count, 0), 0);
}

/**
 * GIVEN attune's registered slash commands WHEN 1,000 option payloads generated from each command's builder JSON
 * (seeded fast-check: wrong types, out-of-range numbers, over-long strings, values outside the choices, unknown
 * subcommands and options, missing required options, unknown channel and user ids) arrive as interactions through
 * the fake Discord THEN every one is answered in time (a clear ephemeral refusal or a valid answer), no handler
 * fails unexpectedly, and a refused one leaves the database exactly as it was.
 */
import {
  ApplicationCommandOptionType,
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { allCommands } from '../../src/app/command-table.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { createTempDb, eventually, registerCommandsIn, startFake, startTestBot, type TempDb } from '../helpers/bot-harness.js';
import { captureLog } from '../helpers/log-capture.js';
import { dumpAll } from '../import/helpers.js';

const PAYLOADS = 1_000;
const DAY = 86_400_000;

let fake: FakeDiscord;
let db: TempDb;
let bot: RunningBot;
// What the bot says, so each interaction's outcome (refused, failed) can be read back.
const capture = captureLog('debug');
const world = { guildId: '', owner: '', member: '', channels: [] as string[], forum: '', roleId: '' };

beforeAll(async () => {
  fake = await startFake();
  db = createTempDb();
  const now = Date.now();
  const guild = fake.createGuild({ name: 'Fuzz' });
  world.guildId = guild.id;
  world.owner = guild.owner_id;
  const general = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText }).id;
  const art = fake.createChannel(guild.id, { name: 'art', type: ChannelType.GuildText }).id;
  world.forum = fake.createChannel(guild.id, { name: 'questions', type: ChannelType.GuildForum }).id;
  world.channels = [general, art, world.forum];
  world.roleId = fake.createRole(guild.id, { name: 'regular', permissions: PermissionFlagsBits.SendMessages }).id;
  const members = Array.from({ length: 4 }, (_, i) => fake.addMember(guild.id, { username: `m${i}` }, { joinedAt: now - 30 * DAY }).user.id);
  world.member = members[0]!;
  for (const [i, author] of members.entries()) {
    const post = fake.postMessage({ channelId: general, authorId: author, content: `post ${i}`, at: now - (i + 1) * 3_600_000 });
    for (const other of members) if (other !== author) fake.addReaction(general, post.id, other, '👍');
  }
  // A scheduler that is never advanced: no task runs by itself, the fuzzer's interactions are the only work.
  bot = await startTestBot(fake, db, { log: capture.log, scheduler: new SimulatedScheduler(now) });
  await registerCommandsIn(fake, guild.id);
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
  db?.dispose();
});

// ── Payload generation from the builders' JSON ────────────────────────────────────────────────────────────────────

type DataOption = APIApplicationCommandInteractionDataOption;
const snowflake = fc.bigInt({ min: 1n << 40n, max: (1n << 62n) - 1n }).map(String);
const wrongType = fc.oneof(fc.constant(true), fc.constant(null), fc.integer(), fc.double({ noNaN: true }), fc.string({ maxLength: 12 }), fc.constant({}), fc.constant([]));

function valueFor(option: APIApplicationCommandBasicOption): fc.Arbitrary<unknown> {
  const valid = validValue(option);
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: invalidValue(option), weight: 2 }, { arbitrary: wrongType, weight: 1 });
}

function validValue(option: APIApplicationCommandBasicOption): fc.Arbitrary<unknown> {
  switch (option.type) {
    case ApplicationCommandOptionType.String:
      if (option.choices?.length) return fc.constantFrom(...option.choices.map((c) => c.value));
      return fc.string({ minLength: option.min_length ?? 0, maxLength: Math.min(option.max_length ?? 100, 100) });
    case ApplicationCommandOptionType.Integer:
      if (option.choices?.length) return fc.constantFrom(...option.choices.map((c) => c.value));
      return fc.integer({ min: option.min_value ?? -1_000, max: option.max_value ?? 1_000 });
    case ApplicationCommandOptionType.Number:
      return fc.double({ min: option.min_value ?? -1_000, max: option.max_value ?? 1_000, noNaN: true });
    case ApplicationCommandOptionType.Boolean:
      return fc.boolean();
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable:
      return fc.constantFrom(world.owner, world.member, fake.botUserId);
    case ApplicationCommandOptionType.Channel:
      return fc.constantFrom(...world.channels);
    case ApplicationCommandOptionType.Role:
      return fc.constant(world.roleId);
    default:
      return snowflake;
  }
}

function invalidValue(option: APIApplicationCommandBasicOption): fc.Arbitrary<unknown> {
  switch (option.type) {
    case ApplicationCommandOptionType.String:
      return fc.oneof(
        fc.string({ minLength: (option.max_length ?? 6_000) + 1, maxLength: (option.max_length ?? 6_000) + 50 }),
        fc.constant(''),
        fc.string({ maxLength: 3 }).map((s) => `not-a-choice-${s}`),
        fc.constantFrom('  ', '\u0000', '😀'.repeat(60), '<@123>', '@everyone', '-1', 'NaN'),
      );
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return fc.oneof(
        fc.constant((option.min_value ?? 0) - 1),
        fc.constant((option.max_value ?? 0) + 1),
        fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, -0.25, 0, 1e308),
      );
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Role:
      return fc.oneof(snowflake, fc.constantFrom('0', 'abc', '-5', ''));
    default:
      return wrongType;
  }
}

/** Options for one (sub)command level: each option present, missing, or wrong, plus the odd unknown option. */
function basicOptions(options: readonly APIApplicationCommandBasicOption[]): fc.Arbitrary<DataOption[]> {
  const perOption = options.map((option) =>
    fc.oneof(
      { arbitrary: valueFor(option).map((value) => [{ type: option.type, name: option.name, value } as unknown as DataOption]), weight: option.required ? 6 : 3 },
      { arbitrary: fc.constant([] as DataOption[]), weight: option.required ? 1 : 3 },
      // The declared type with a value of another type's shape (Discord validates; the bot must not trust it).
      { arbitrary: fc.constantFrom(...TYPES).chain((type) => valueFor({ ...option, type } as APIApplicationCommandBasicOption).map((value) => [{ type, name: option.name, value } as unknown as DataOption])), weight: 1 },
    ),
  );
  const unknown = fc.option(fc.record({ type: fc.constantFrom(...TYPES), name: fc.constantFrom('bogus', 'x'), value: wrongType }), { nil: undefined, freq: 8 });
  return fc.tuple(fc.tuple(...perOption), unknown).map(([lists, extra]) => [...lists.flat(), ...(extra ? [extra as unknown as DataOption] : [])]);
}

const TYPES = [
  ApplicationCommandOptionType.String,
  ApplicationCommandOptionType.Integer,
  ApplicationCommandOptionType.Boolean,
  ApplicationCommandOptionType.User,
  ApplicationCommandOptionType.Channel,
  ApplicationCommandOptionType.Number,
] as const;

function optionsFor(options: readonly APIApplicationCommandOption[] | undefined): fc.Arbitrary<DataOption[]> {
  const list = options ?? [];
  const subcommands = list.filter(
    (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
  );
  if (subcommands.length === 0) return basicOptions(list as APIApplicationCommandBasicOption[]);
  const known = fc.constantFrom(...subcommands).chain((sub) =>
    optionsFor(sub.options as APIApplicationCommandOption[] | undefined).map((options) => [{ type: sub.type, name: sub.name, options } as unknown as DataOption]),
  );
  const unknownSub = fc.constantFrom('delete-everything', 'x').map((name) => [{ type: ApplicationCommandOptionType.Subcommand, name, options: [] } as unknown as DataOption]);
  return fc.oneof({ arbitrary: known, weight: 8 }, { arbitrary: unknownSub, weight: 1 }, { arbitrary: fc.constant([] as DataOption[]), weight: 1 });
}

const slashCommands = allCommands.flatMap((command) => (command.kind === 'slash' ? [command.data.toJSON()] : []));
const payload = fc.record({
  command: fc.constantFrom(...slashCommands),
  asOwner: fc.boolean(),
  channel: fc.constantFrom(0, 1),
  zh: fc.boolean(),
}).chain((p) => optionsFor(p.command.options).map((options) => ({ ...p, options })));

it('GIVEN 1,000 fuzzed command payloads THEN each is answered in time and refused ones change nothing', async () => {
  const samples = fc.sample(payload, { numRuns: PAYLOADS, seed: 4242 });
  const outcomes = { refused: 0, answered: 0 };
  for (const [index, sample] of samples.entries()) {
    const before = dumpAll(db);
    capture.clear();
    const handle = fake.invokeSlashCommand({
      guildId: world.guildId,
      channelId: world.channels[sample.channel]!,
      userId: sample.asOwner ? world.owner : world.member,
      name: sample.command.name,
      options: sample.options,
      ...(sample.zh ? { locale: 'zh-CN' as never } : {}),
    });
    const describe = () => `payload #${index}: /${sample.command.name} ${JSON.stringify(sample.options).slice(0, 400)}\n${capture.text().slice(0, 2_000)}`;
    const first = await handle.firstResponse(15_000).catch((error: unknown) => {
      throw new Error(`no answer (${String(error)}) to ${describe()}`);
    });
    // Every interaction is acknowledged within Discord's deadline (never "The application did not respond").
    expect(handle.responses.some((r) => r.kind === 'callback' && r.accepted), describe()).toBe(true);
    // The router logs once the handler is done (handled, refused or failed): only then is everything it wrote written.
    const finished = ['interaction handled', 'interaction refused', 'interaction failed'];
    await eventually(() => expect(capture.lines().some((line) => finished.includes(line.msg)), describe()).toBe(true), { interval: 5 });
    await bot.writer.idle();
    // A handler that throws something other than a refusal is a bug the fuzzer found.
    expect(capture.count('interaction failed'), describe()).toBe(0);
    if (capture.count('interaction refused') > 0) {
      outcomes.refused += 1;
      expect(first.flags ?? 0, describe()).toBe(MessageFlags.Ephemeral);
      expect(first.content ?? '', describe()).not.toBe('');
      expect(dumpAll(db), describe()).toEqual(before);
    } else {
      outcomes.answered += 1;
    }
  }
  // The generator reaches both sides: many refusals, and valid answers too.
  expect(outcomes.refused).toBeGreaterThan(PAYLOADS / 4);
  expect(outcomes.answered).toBeGreaterThan(PAYLOADS / 40);
  expect(fake.specViolations).toEqual([]);
}, 300_000);

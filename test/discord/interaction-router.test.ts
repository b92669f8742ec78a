/**
 * GIVEN a router with probe commands on a real discord.js client logged into the fake Discord, THEN the
 * cross-cutting rules hold: refusals and crashes are answered ephemerally, stale buttons are explained, and slow
 * work is deferred inside Discord's 3-second deadline.
 */
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, Events, SlashCommandBuilder, type Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDiscordClient } from '../../src/discord/client.js';
import { parseOptions } from '../../src/discord/interactions/checks.js';
import { customId, parseButtonArgs, parseCustomId } from '../../src/discord/interactions/custom-id.js';
import { replyWithinDeadline, respondEphemeral } from '../../src/discord/interactions/respond.js';
import { InteractionRouter } from '../../src/discord/interactions/router.js';
import { defineButtonHandler, defineSlashCommand, type CommandContext } from '../../src/discord/interactions/types.js';
import { UserError } from '../../src/discord/interactions/user-error.js';
import { registerCommands } from '../../src/discord/register-commands.js';
import { openDatabase } from '../../src/db/connection.js';
import { clientOptionsFor, type FakeDiscord } from '../../src/sim/index.js';
import { createTempDb, startFake, type TempDb } from '../helpers/bot-harness.js';
import { captureLog } from '../helpers/log-capture.js';

/** The probe's slow work: pending until the test calls `finish` (renewed for each test). */
function pendingWork(): { promise: Promise<void>; finish: () => void } {
  let finish = () => {};
  const promise = new Promise<void>((resolve) => (finish = resolve));
  return { promise, finish };
}
let slowWork = pendingWork();

const probe = defineSlashCommand({
  data: new SlashCommandBuilder()
    .setName('probe')
    .setDescription('router probe')
    .addStringOption((o) => o.setName('mode').setDescription('what to do').setRequired(true))
    .addIntegerOption((o) => o.setName('count').setDescription('a number')),
  async execute(interaction, _ctx, locale) {
    const mode = interaction.options.getString('mode', true);
    if (mode === 'refuse') throw new UserError('Not in this phase.');
    if (mode === 'crash') throw new Error('database on fire');
    if (mode === 'validate') {
      parseOptions(z.object({ count: z.number().int().max(10, 'must be at most 10') }), { count: interaction.options.getInteger('count') }, locale);
    }
    if (mode === 'slow' || mode === 'fast') {
      await replyWithinDeadline(
        interaction,
        async () => {
          // Slow work ends only when the test lets it: after it has seen the deferral, so nothing races a timer.
          if (mode === 'slow') await slowWork.promise;
          return { content: `done ${mode}` };
        },
        { ephemeral: true, deferAfterMs: 50 },
      );
      return;
    }
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId(customId('probe', 'boom')).setLabel('boom').setStyle(ButtonStyle.Danger),
      new ButtonBuilder().setCustomId(customId('retired', 7)).setLabel('old').setStyle(ButtonStyle.Secondary),
    );
    await respondEphemeral(interaction, { content: 'buttons', components: [row] });
  },
});

const probeButtons = defineButtonHandler({
  prefix: 'probe',
  async handle() {
    throw new Error('button on fire');
  },
});

describe('interaction router', () => {
  let fake: FakeDiscord;
  let db: TempDb;
  let client: Client;
  let database: ReturnType<typeof openDatabase>;
  let guildId: string;
  let channelId: string;
  let userId: string;
  const capture = captureLog('debug');

  beforeEach(async () => {
    fake = await startFake();
    db = createTempDb();
    const guild = fake.createGuild({ name: 'Router Guild' });
    guildId = guild.id;
    channelId = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    userId = fake.addMember(guildId, { username: 'tester' }).user.id;
    client = createDiscordClient({ messageContent: false, apiUrl: fake.apiUrl, overrides: clientOptionsFor(fake) });
    const { log } = capture;
    database = openDatabase(db.path);
    // The probes use no feature service.
    const ctx: CommandContext = { log, database, now: Date.now, messageContent: false, services: {} as CommandContext['services'] };
    new InteractionRouter([probe], [probeButtons]).bind(client, ctx);
    const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(fake.token);
    await ready;
    await registerCommands([probe], { token: fake.token, apiUrl: fake.apiUrl, guildId });
  });

  afterEach(async () => {
    expect(fake.specViolations).toEqual([]);
    await client.destroy();
    await fake.stop();
    database.close();
    db.dispose();
    capture.clear();
  });

  const run = (mode: string, count?: number) =>
    fake.invokeSlashCommand({
      guildId,
      channelId,
      userId,
      name: 'probe',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'mode', value: mode },
        ...(count === undefined ? [] : [{ type: ApplicationCommandOptionType.Integer as const, name: 'count', value: count }]),
      ],
    });

  it('GIVEN a handler refuses with a UserError THEN the member sees its message ephemerally and nothing is logged as an error', async () => {
    const response = await run('refuse').firstResponse();
    expect(response).toMatchObject({ accepted: true, content: 'Not in this phase.', flags: MessageFlags.Ephemeral });
    expect(capture.lines().filter((l) => l.level >= 50)).toEqual([]);
  });

  it('GIVEN a handler crashes THEN the member gets an apology, not "did not respond", and the error is logged', async () => {
    const response = await run('crash').firstResponse();
    expect(response.content).toMatch(/Something went wrong/);
    expect(response.flags).toBe(MessageFlags.Ephemeral);
    expect(capture.lines().some((l) => l.level === 50 && l.msg === 'interaction failed')).toBe(true);
  });

  it('GIVEN an option outside what the rules allow THEN the answer names the option and the problem', async () => {
    const response = await run('validate', 11).firstResponse();
    expect(response.content).toBe('`count`: must be at most 10');
  });

  it('GIVEN slow work THEN the interaction is deferred inside the deadline and the deferred reply is edited', async () => {
    slowWork = pendingWork();
    const handle = run('slow');
    // The work has not finished (it cannot before we let it): the deferral alone answered the interaction, in time.
    const first = await handle.firstResponse();
    expect(first.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect((first.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(first.accepted).toBe(true);
    slowWork.finish();
    const edit = await handle.waitForResponse((r) => r.kind === 'edit-original');
    expect(edit.content).toBe('done slow');
  });

  it('GIVEN quick work THEN it is answered directly, without a deferral', async () => {
    const handle = run('fast');
    const first = await handle.firstResponse();
    expect(first.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(first.content).toBe('done fast');
  });

  it('GIVEN buttons THEN a crashing handler apologises and a button nobody handles any more is explained', async () => {
    const handle = run('buttons');
    const first = await handle.firstResponse();
    const messageId = first.messageId ?? (await handle.waitForResponse((r) => r.messageId !== undefined)).messageId;
    expect(messageId).toBeDefined();
    const boom = await fake.clickButton({ guildId, channelId, userId, messageId: messageId!, customId: 'probe:boom' }).firstResponse();
    expect(boom.content).toMatch(/Something went wrong/);
    const stale = await fake.clickButton({ guildId, channelId, userId, messageId: messageId!, customId: 'retired:7' }).firstResponse();
    expect(stale.content).toMatch(/no longer works/);
  });
});

describe('custom ids', () => {
  it('GIVEN parts THEN they round-trip and are validated', () => {
    const id = customId('rec', 'more', '123456789012345678');
    expect(parseCustomId(id)).toEqual({ prefix: 'rec', args: ['more', '123456789012345678'] });
    const schema = z.tuple([z.enum(['more', 'less']), z.string().regex(/^\d+$/)]);
    expect(parseButtonArgs(schema, ['more', '1'])).toEqual(['more', '1']);
    expect(parseButtonArgs(schema, ['sideways', '1'])).toBeNull();
    expect(() => customId('x', 'a:b')).toThrow(/contains/);
    expect(() => customId('x', 'y'.repeat(100))).toThrow(/Discord allows 100/);
  });
});

import {
  ActionRowBuilder,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  InteractionResponseType,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  Routes,
  type ClientEvents,
  type GuildTextBasedChannel,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { clientOptionsFor, FakeDiscord, type FakeDiscordOptions, type RecordedRequest } from '../../src/sim/index.js';
import { pageOfMessages } from '../../src/sim/rest/handlers/messages.js';
import { splitTemplate } from '../../src/sim/rest/route-matcher.js';
import { ALL_ROUTES } from '../../src/sim/rest/routes.js';
import { SpecValidator } from '../../src/sim/rest/spec-validation.js';
import { SnowflakeGenerator, timestampOfSnowflake } from '../../src/sim/state/snowflake.js';
import { eventually } from '../helpers/eventually.js';

const ALL_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.DirectMessages,
];
const PARTIALS = [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User, Partials.GuildMember];

interface Scene {
  fake: FakeDiscord;
  guildId: string;
  channelId: string;
  aliceId: string;
  bobId: string;
}

let fake: FakeDiscord | null = null;
let clients: Client[] = [];
/** Spec violations a test provokes on purpose; afterEach fails on any other. */
let expectedViolations = 0;

afterEach(async () => {
  for (const client of clients) await client.destroy();
  clients = [];
  if (fake) {
    const violations = [...fake.specViolations];
    const serverErrors = [...fake.serverErrors];
    await fake.stop();
    fake = null;
    expect(serverErrors).toEqual([]);
    expect(violations).toHaveLength(expectedViolations);
  }
  expectedViolations = 0;
});

async function startScene(options: FakeDiscordOptions = {}): Promise<Scene> {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 250, ...options });
  const guild = fake.createGuild({ name: 'Test Guild' });
  const channel = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
  const alice = fake.addMember(guild.id, { username: 'alice' });
  const bob = fake.addMember(guild.id, { username: 'bob', globalName: 'Bob' });
  return { fake, guildId: guild.id, channelId: channel.id, aliceId: alice.user.id, bobId: bob.user.id };
}

function newClient(target: FakeDiscord, intents: GatewayIntentBits[] = ALL_INTENTS): Client {
  const client = new Client({ intents, partials: PARTIALS, ...clientOptionsFor(target) });
  clients.push(client);
  return client;
}

async function connect(target: FakeDiscord, intents: GatewayIntentBits[] = ALL_INTENTS): Promise<Client> {
  const client = newClient(target, intents);
  const ready = nextEvent(client, Events.ClientReady);
  await client.login(target.token);
  await ready;
  return client;
}

/** The next emission of a client event that satisfies the predicate. */
function nextEvent<E extends keyof ClientEvents>(
  client: Client,
  event: E,
  predicate: (...args: ClientEvents[E]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[E]): void => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`timed out waiting for ${String(event)}`));
    }, timeoutMs);
    client.on(event, listener);
  });
}

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`missing ${what}`);
  return value;
}

function textChannel(client: Client, channelId: string): GuildTextBasedChannel {
  const channel = must(client.channels.cache.get(channelId), `channel ${channelId}`);
  if (!channel.isTextBased() || channel.isDMBased()) throw new Error(`channel ${channelId} is not a guild text channel`);
  return channel;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

describe('FakeDiscord with the real discord.js client', () => {
  it('logs in to ready with the guild cached: channels, roles, and the members Discord sends', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);

    const guild = must(client.guilds.cache.get(scene.guildId), 'guild');
    expect(guild.name).toBe('Test Guild');
    expect(guild.channels.cache.get(scene.channelId)?.name).toBe('general');
    expect(guild.roles.everyone.permissions.has(PermissionFlagsBits.ViewChannel)).toBe(true);
    expect(guild.memberCount).toBe(4);
    // Without GUILD_PRESENCES, GUILD_CREATE carries only the bot's own member, as on Discord.
    expect([...guild.members.cache.keys()]).toEqual([scene.fake.botUserId]);
    expect(guild.members.me?.permissions.has(PermissionFlagsBits.SendMessages)).toBe(true);

    const members = await guild.members.fetch();
    expect(new Set(members.keys())).toEqual(new Set(scene.fake.members(scene.guildId).map((m) => m.user.id)));
    expect(members.get(scene.bobId)?.user.globalName).toBe('Bob');
    const byQuery = await guild.members.fetch({ query: 'AL', limit: 5 });
    expect([...byQuery.keys()]).toEqual([scene.aliceId]);
    const byIds = await guild.members.fetch({ user: [scene.bobId, '123456789012345678'] });
    expect([...byIds.keys()]).toEqual([scene.bobId]);
    expect(scene.fake.connectedSessions).toBe(1);
  });

  it('sends every member in GUILD_CREATE to a session with the presences intent', async () => {
    const scene = await startScene({ grantPresences: true });
    const client = await connect(scene.fake, [...ALL_INTENTS, GatewayIntentBits.GuildPresences]);
    expect(client.guilds.cache.get(scene.guildId)?.members.cache.size).toBe(4);
  });

  it('refuses privileged intents the application was not granted (close 4014)', async () => {
    const scene = await startScene({ grantMessageContent: false });
    const client = newClient(scene.fake);
    await expect(client.login(scene.fake.token)).rejects.toThrow(/disallowed intents/i);
  });

  it('rejects a token it did not issue', async () => {
    const scene = await startScene();
    expect(scene.fake.token.split('.')).toHaveLength(3);
    expect(scene.fake.token.length).toBeGreaterThanOrEqual(59);
    const client = newClient(scene.fake);
    await expect(client.login(`${scene.fake.token.slice(0, -4)}AAAA`)).rejects.toThrow(/invalid token/i);
    expect(scene.fake.requests.map((r) => r.status)).toEqual([401]);
  });

  it('delivers messageCreate with content, and echoes the bot its own messages', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    const received = nextEvent(client, Events.MessageCreate);
    const posted = scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: 'hello <@' + scene.bobId + '>' });
    const [message] = await received;
    expect(message.id).toBe(posted.id);
    expect(message.content).toBe(`hello <@${scene.bobId}>`);
    expect(message.author.username).toBe('alice');
    expect(message.member?.id).toBe(scene.aliceId);
    expect(message.mentions.users.has(scene.bobId)).toBe(true);

    const reply = nextEvent(client, Events.MessageCreate, (m) => m.author.id === scene.fake.botUserId);
    const sent = await message.reply('hi alice');
    const [echo] = await reply;
    expect(echo.id).toBe(sent.id);
    expect(echo.reference?.messageId).toBe(posted.id);
    expect(scene.fake.messages(scene.channelId).at(-1)?.content).toBe('hi alice');
  });

  it('strips content without the MESSAGE_CONTENT intent, except mentions of the bot', async () => {
    const scene = await startScene({ grantMessageContent: false });
    const client = await connect(
      scene.fake,
      ALL_INTENTS.filter((intent) => intent !== GatewayIntentBits.MessageContent),
    );
    const plain = nextEvent(client, Events.MessageCreate);
    scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: 'secret', attachments: 1 });
    const [plainMessage] = await plain;
    expect(plainMessage.content).toBe('');
    expect(plainMessage.attachments.size).toBe(0);

    const mention = nextEvent(client, Events.MessageCreate);
    scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: `hey <@${scene.fake.botUserId}>` });
    const [mentionMessage] = await mention;
    expect(mentionMessage.content).toBe(`hey <@${scene.fake.botUserId}>`);

    const history = await textChannel(client, scene.channelId).messages.fetch({ limit: 10, cache: false });
    expect(history.get(plainMessage.id)?.content).toBe('');
  });

  it('fires messageReactionAdd with partials for a message the client never saw', async () => {
    const scene = await startScene();
    const old = scene.fake.postMessage({
      channelId: scene.channelId,
      authorId: scene.aliceId,
      content: 'from before the bot started',
      at: scene.fake.now() - 60_000,
    });
    const client = await connect(scene.fake);
    const added = nextEvent(client, Events.MessageReactionAdd);
    scene.fake.addReaction(scene.channelId, old.id, scene.bobId, '👍');
    const [reaction, user] = await added;
    expect(reaction.message.partial).toBe(true);
    expect(reaction.emoji.name).toBe('👍');
    expect(user.id).toBe(scene.bobId);

    const message = await reaction.message.fetch();
    expect(message.content).toBe('from before the bot started');
    expect(message.reactions.cache.get('👍')?.count).toBe(1);
    const users = await must(message.reactions.cache.get('👍'), 'reaction').users.fetch();
    expect([...users.keys()]).toEqual([scene.bobId]);

    const removed = nextEvent(client, Events.MessageReactionRemove);
    scene.fake.removeReaction(scene.channelId, old.id, scene.bobId, '👍');
    const [removedReaction] = await removed;
    expect(removedReaction.emoji.name).toBe('👍');
  });

  it('lets the bot react, and reports its reaction as `me`', async () => {
    const scene = await startScene();
    const posted = scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: 'react to me' });
    const client = await connect(scene.fake);
    const message = await textChannel(client, scene.channelId).messages.fetch(posted.id);
    await message.react('🎉');
    await message.react('<:party:123456789012345678>');
    const stored = must(scene.fake.message(scene.channelId, posted.id), 'message');
    expect(stored.reactions?.map((r) => [r.emoji.name, r.count, r.me])).toEqual([
      ['🎉', 1, true],
      ['party', 1, true],
    ]);
  });

  it('pages channel.messages.fetch({ after, limit: 100 }) through 250 messages', async () => {
    const scene = await startScene();
    const start = scene.fake.now() - 250 * 60_000;
    const ids = Array.from(
      { length: 250 },
      (_, index) =>
        scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: `m${index}`, at: start + index * 60_000 }).id,
    );
    expect(timestampOfSnowflake(must(ids[0], 'first id'))).toBe(start);
    const client = await connect(scene.fake);
    const channel = textChannel(client, scene.channelId);

    const collected: string[] = [];
    let after = '0';
    let pages = 0;
    for (;;) {
      const page = await channel.messages.fetch({ after, limit: 100, cache: false });
      if (page.size === 0) break;
      pages += 1;
      const keys = [...page.keys()];
      // Discord returns every page newest first, even when paging forward.
      expect(keys).toEqual([...keys].sort(compareIds).reverse());
      const ascending = [...keys].sort(compareIds);
      collected.push(...ascending);
      after = must(ascending.at(-1), 'last id');
    }
    expect(pages).toBe(3);
    expect(collected).toEqual(ids);

    const before = await channel.messages.fetch({ before: must(ids[100], 'id'), limit: 3, cache: false });
    expect([...before.keys()]).toEqual([ids[99], ids[98], ids[97]]);
    const around = await channel.messages.fetch({ around: must(ids[50], 'id'), limit: 4, cache: false });
    expect([...around.keys()].sort(compareIds)).toEqual(ids.slice(49, 53));
  });

  it('retries an injected 429 transparently', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    scene.fake.injectRateLimit({ method: 'POST', route: '/channels/{channel_id}/messages', times: 1, retryAfterSeconds: 0.2 });
    const sent = await textChannel(client, scene.channelId).send('after a 429');
    expect(sent.content).toBe('after a 429');
    expect(scene.fake.rateLimitedCount).toBe(1);
    const posts = scene.fake.requests.filter((r) => r.method === 'POST' && r.route === '/channels/{channel_id}/messages');
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(scene.fake.messages(scene.channelId).map((m) => m.content)).toEqual(['after a 429']);
  });

  it('withholds answers that still take effect, then sends them late or cuts them', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    const isPost = (r: RecordedRequest) => r.method === 'POST' && r.route === '/channels/{channel_id}/messages';
    const channel = textChannel(client, scene.channelId);
    scene.fake.withholdResponses(isPost);
    const late = channel.send('late answer');
    await scene.fake.waitForRequest(isPost);
    // Discord acted: the message exists while the client still waits for the answer.
    expect(scene.fake.messages(scene.channelId).map((m) => m.content)).toEqual(['late answer']);
    expect(scene.fake.withheldCount).toBe(1);
    expect(scene.fake.releaseWithheld()).toBe(1);
    expect((await late).content).toBe('late answer');

    const lost = channel.send('lost answer');
    await scene.fake.waitForRequest((r) => isPost(r) && (r.body as { content?: string }).content === 'lost answer');
    expect(scene.fake.cutWithheld()).toBe(1);
    await expect(lost).rejects.toThrow();
    scene.fake.withholdResponses(null);
    expect(scene.fake.withheldCount).toBe(0);
    expect(scene.fake.messages(scene.channelId).map((m) => m.content)).toEqual(['late answer', 'lost answer']);
  });

  it('tells when the client has a dispatch in hand: its heartbeat acknowledges the sequence', async () => {
    const scene = await startScene();
    await connect(scene.fake);
    scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: 'seen?' });
    const session = must(scene.fake.sessions()[0], 'session');
    const { sessionId } = await scene.fake.waitForAcknowledged(session.lastSequence);
    expect(sessionId).toBe(session.id);
    expect(must(scene.fake.sessions()[0], 'session').acknowledgedSequence).toBeGreaterThanOrEqual(session.lastSequence);
  });

  it('opens a DM channel up front, and the client creating a DM gets that same channel', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    const opened = scene.fake.openDmChannel(scene.aliceId);
    const dm = await (await client.users.fetch(scene.aliceId)).createDM();
    expect(dm.id).toBe(opened.id);
    expect(scene.fake.dmChannelWith(scene.aliceId)?.id).toBe(opened.id);
  });

  it('resumes after a resumable drop and delivers what was missed exactly once', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    const seen: string[] = [];
    client.on(Events.MessageCreate, (message) => seen.push(message.content));
    const resumed = scene.fake.waitForResume();
    const shardResumed = nextEvent(client, Events.ShardResume);

    scene.fake.dropConnections({ resumable: true });
    for (const content of ['while away 1', 'while away 2', 'while away 3']) {
      scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content });
    }
    expect((await resumed).replayed).toBe(3);
    await shardResumed;
    scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: 'after resume' });
    await eventually(() => expect(seen).toContain('after resume'));
    expect(seen).toEqual(['while away 1', 'while away 2', 'while away 3', 'after resume']);
    expect(scene.fake.connectedSessions).toBe(1);
  });

  it('resumes after op 7 RECONNECT', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    const resumed = scene.fake.waitForResume();
    scene.fake.requestReconnect();
    scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: 'during reconnect' });
    const received = nextEvent(client, Events.MessageCreate);
    await resumed;
    expect((await received)[0].content).toBe('during reconnect');
    expect(scene.fake.sessions()).toHaveLength(1);
  });

  it('makes the client identify afresh after a non-resumable drop', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    const firstSession = must(scene.fake.sessions()[0], 'session').id;
    const identified = scene.fake.waitForIdentify();
    scene.fake.dropConnections({ resumable: false });
    const { sessionId } = await identified;
    expect(sessionId).not.toBe(firstSession);
    await eventually(() => expect(scene.fake.connectedSessions).toBe(1));
    const received = nextEvent(client, Events.MessageCreate);
    scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: 'new session' });
    expect((await received)[0].content).toBe('new session');
  });

  it('records a request to a route Discord does not have as a spec violation', async () => {
    expectedViolations = 2;
    const scene = await startScene();
    const client = await connect(scene.fake);
    await expect(client.rest.get('/bogus/route')).rejects.toMatchObject({ status: 404 });
    await expect(client.rest.post(Routes.channelMessages(scene.channelId), { body: { content: 42 } })).rejects.toMatchObject({
      status: 400,
      code: 50035,
    });
    expect(scene.fake.specViolations).toEqual([
      expect.objectContaining({ method: 'GET', path: '/bogus/route' }),
      expect.objectContaining({ method: 'POST', path: `/channels/${scene.channelId}/messages` }),
    ]);
  });

  it('answers 403 Missing Access for a channel the bot cannot view, and [] without READ_MESSAGE_HISTORY', async () => {
    const scene = await startScene();
    const hidden = scene.fake.createChannel(scene.guildId, {
      name: 'staff',
      type: ChannelType.GuildText,
      permissionOverwrites: [{ id: scene.guildId, type: 'role', deny: PermissionFlagsBits.ViewChannel }],
    });
    const noHistory = scene.fake.createChannel(scene.guildId, {
      name: 'no-history',
      type: ChannelType.GuildText,
      permissionOverwrites: [{ id: scene.fake.botUserId, type: 'member', deny: PermissionFlagsBits.ReadMessageHistory }],
    });
    scene.fake.postMessage({ channelId: noHistory.id, authorId: scene.aliceId, content: 'unseen history' });
    const client = await connect(scene.fake);

    const error: unknown = await textChannel(client, hidden.id).messages.fetch().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ status: 403, code: 50001, message: 'Missing Access' });
    expect((await textChannel(client, noHistory.id).messages.fetch()).size).toBe(0);
    await expect(textChannel(client, hidden.id).send('x')).rejects.toMatchObject({ status: 403, code: 50001 });
  });

  it('captures interaction.reply to a slash command through the handle', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    const guild = must(client.guilds.cache.get(scene.guildId), 'guild');
    await guild.commands.set([{ name: 'ping', description: 'Replies with pong' }]);
    expect(scene.fake.commands(scene.guildId).map((c) => c.name)).toEqual(['ping']);
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand() && interaction.commandName === 'ping') {
        void interaction.reply({ content: `pong, ${interaction.user.username}` });
      }
    });

    const handle = scene.fake.invokeSlashCommand({ guildId: scene.guildId, channelId: scene.channelId, userId: scene.aliceId, name: 'ping' });
    const response = await handle.firstResponse();
    expect(response).toMatchObject({
      kind: 'callback',
      type: InteractionResponseType.ChannelMessageWithSource,
      content: 'pong, alice',
      accepted: true,
      status: 204,
    });
    expect(handle.originalMessage()?.content).toBe('pong, alice');
    expect(scene.fake.messages(scene.channelId).at(-1)?.interaction_metadata?.id).toBe(handle.id);
  });

  it('handles deferReply, editReply and followUp; refuses a second acknowledgement', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    await must(client.application, 'application').commands.set([{ name: 'slow', description: 'Thinks first' }]);
    const outcomes: string[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      void (async () => {
        await interaction.deferReply();
        await interaction.editReply('done thinking');
        await interaction.followUp({ content: 'just for you', flags: MessageFlags.Ephemeral });
        await interaction.reply('too late').catch((error: unknown) => outcomes.push(String(error)));
        outcomes.push('finished');
      })();
    });

    const handle = scene.fake.invokeSlashCommand({ guildId: scene.guildId, channelId: scene.channelId, userId: scene.bobId, name: 'slow' });
    await eventually(() => expect(outcomes).toContain('finished'));
    expect(handle.responses.map((r) => [r.kind, r.accepted])).toEqual([
      ['callback', true],
      ['edit-original', true],
      ['followup', true],
    ]);
    expect(outcomes[0]).toMatch(/already been (sent or deferred|acknowledged)/i);
    expect(handle.originalMessage()?.content).toBe('done thinking');
    expect(handle.followups().map((m) => [m.content, (m.flags ?? 0) & MessageFlags.Ephemeral])).toEqual([
      ['just for you', MessageFlags.Ephemeral],
    ]);
    // The ephemeral follow-up is not part of the channel's history.
    expect(scene.fake.messages(scene.channelId).map((m) => m.content)).toEqual(['done thinking']);
  });

  it('records files uploaded with multipart interaction responses: reply, editReply and followUp', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    await must(client.application, 'application').commands.set([
      { name: 'upload', description: 'Replies with a file' },
      { name: 'slow-upload', description: 'Defers, then edits in files' },
    ]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      void (async () => {
        if (interaction.commandName === 'upload') {
          await interaction.reply({ content: 'here', files: [{ attachment: Buffer.from('a,b'), name: 'table.csv' }] });
          return;
        }
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.editReply({
          embeds: [{ title: 'chart', image: { url: 'attachment://chart.png' } }],
          files: [
            { attachment: png, name: 'chart.png' },
            { attachment: Buffer.from('second'), name: 'notes.txt' },
          ],
        });
        await interaction.followUp({ files: [{ attachment: Buffer.from('more'), name: 'more.txt' }], flags: MessageFlags.Ephemeral });
      })();
    });

    const reply = scene.fake.invokeSlashCommand({ guildId: scene.guildId, channelId: scene.channelId, userId: scene.aliceId, name: 'upload' });
    const callback = await reply.firstResponse();
    expect(callback.files?.map((f) => [f.field, f.filename, f.bytes.toString()])).toEqual([['files[0]', 'table.csv', 'a,b']]);
    expect(reply.originalMessage()?.attachments.map((a) => a.filename)).toEqual(['table.csv']);

    const slow = scene.fake.invokeSlashCommand({ guildId: scene.guildId, channelId: scene.channelId, userId: scene.aliceId, name: 'slow-upload' });
    const edit = await slow.waitForResponse((r) => r.kind === 'edit-original');
    expect(edit.files?.map((f) => [f.field, f.filename])).toEqual([
      ['files[0]', 'chart.png'],
      ['files[1]', 'notes.txt'],
    ]);
    expect(edit.files?.[0]?.bytes.equals(png)).toBe(true);
    expect(edit.files?.[0]?.contentType).toBe('image/png');
    expect((edit.body as { embeds: { image: { url: string } }[] }).embeds[0]?.image.url).toBe('attachment://chart.png');
    const followup = await slow.waitForResponse((r) => r.kind === 'followup');
    expect(followup.files?.map((f) => [f.filename, f.bytes.toString()])).toEqual([['more.txt', 'more']]);
    expect(slow.followups()[0]?.attachments.map((a) => a.filename)).toEqual(['more.txt']);
    // A response without files records none.
    expect((await slow.firstResponse()).files).toBeUndefined();
  });

  it('refuses a second acknowledgement (40060) and answers with_response callbacks', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    await must(client.application, 'application').commands.set([{ name: 'echo', description: 'Echoes' }]);
    const callbacks: string[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      void interaction.reply({ content: 'echo', withResponse: true }).then((result) => {
        callbacks.push(result.resource?.message?.content ?? 'no message');
      });
    });
    const handle = scene.fake.invokeSlashCommand({ guildId: scene.guildId, channelId: scene.channelId, userId: scene.aliceId, name: 'echo' });
    await eventually(() => expect(callbacks).toHaveLength(1));
    expect(callbacks).toEqual(['echo']);
    expect(handle.responses[0]).toMatchObject({ status: 200, accepted: true });

    await expect(
      client.rest.post(Routes.interactionCallback(handle.id, handle.token), { body: { type: 4, data: { content: 'again' } }, auth: false }),
    ).rejects.toMatchObject({ status: 400, code: 40060 });
    expect(handle.responses.map((r) => r.accepted)).toEqual([true, false]);
  });

  it("refuses an initial response after Discord's 3-second deadline (10062)", async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    await must(client.application, 'application').commands.set([{ name: 'sleepy', description: 'Too slow' }]);
    const errors: unknown[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      setTimeout(() => void interaction.reply('finally').catch((error: unknown) => errors.push(error)), 3100);
    });
    const handle = scene.fake.invokeSlashCommand({ guildId: scene.guildId, channelId: scene.channelId, userId: scene.aliceId, name: 'sleepy' });
    const response = await handle.firstResponse(6000);
    expect(response).toMatchObject({ accepted: false, status: 404 });
    expect(response.elapsedMs).toBeGreaterThan(3000);
    await eventually(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toMatchObject({ code: 10062 });
    expect(handle.originalMessage()).toBeNull();
  });

  it('refuses to invoke a command the bot never registered', async () => {
    const scene = await startScene();
    expect(() =>
      scene.fake.invokeSlashCommand({ guildId: scene.guildId, channelId: scene.channelId, userId: scene.aliceId, name: 'nope' }),
    ).toThrow(/no ChatInput command "nope"/);
  });

  it('delivers button clicks and message context menus', async () => {
    const scene = await startScene();
    const target = scene.fake.postMessage({ channelId: scene.channelId, authorId: scene.aliceId, content: 'save this' });
    const client = await connect(scene.fake);
    await must(client.guilds.cache.get(scene.guildId), 'guild').commands.set([{ name: 'Bookmark', type: ApplicationCommandType.Message }]);
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isMessageContextMenuCommand()) {
        void interaction.reply({
          content: `saved: ${interaction.targetMessage.content}`,
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('undo').setLabel('Undo').setStyle(ButtonStyle.Secondary),
            ),
          ],
        });
      } else if (interaction.isButton() && interaction.customId === 'undo') {
        void interaction.update({ content: 'undone', components: [] });
      }
    });

    const menu = scene.fake.invokeMessageContextMenu({
      guildId: scene.guildId,
      channelId: scene.channelId,
      userId: scene.bobId,
      name: 'Bookmark',
      targetMessageId: target.id,
    });
    expect((await menu.firstResponse()).content).toBe('saved: save this');
    const reply = must(menu.originalMessage(), 'reply');

    const click = scene.fake.clickButton({
      guildId: scene.guildId,
      channelId: scene.channelId,
      userId: scene.bobId,
      messageId: reply.id,
      customId: 'undo',
    });
    expect(await click.firstResponse()).toMatchObject({ type: InteractionResponseType.UpdateMessage, accepted: true });
    expect(scene.fake.message(scene.channelId, reply.id)?.content).toBe('undone');
  });

  it('delivers DMs without a guild and refuses DMs to users who closed them (50007)', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    const received = nextEvent(client, Events.MessageCreate);
    scene.fake.sendDirectMessage({ authorId: scene.aliceId, content: 'psst' });
    const [dm] = await received;
    expect(dm.guildId).toBeNull();
    expect(dm.channel.isDMBased()).toBe(true);
    expect(dm.content).toBe('psst');

    scene.fake.setDmsClosed(scene.bobId, true);
    const bob = await client.users.fetch(scene.bobId);
    await expect(bob.send('hello?')).rejects.toMatchObject({ status: 403, code: 50007 });
  });

  it('retries a global 429 and serves uploaded attachments back', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);
    scene.fake.injectRateLimit({ route: /messages$/, times: 1, retryAfterSeconds: 0.1, global: true });
    const sent = await textChannel(client, scene.channelId).send({
      content: 'with a file',
      files: [{ attachment: Buffer.from('file body'), name: 'notes.txt' }],
    });
    expect(scene.fake.rateLimitedCount).toBe(1);
    const attachment = must(sent.attachments.first(), 'attachment');
    expect(attachment.name).toBe('notes.txt');
    expect(attachment.size).toBe('file body'.length);
    expect(await (await fetch(attachment.url)).text()).toBe('file body');
    const upload = await scene.fake.waitForRequest((r) => r.method === 'POST' && r.status === 200);
    expect(upload.body).toMatchObject({ content: 'with a file' });
  });

  it('reports spec-valid routes the fake does not implement, and hides members without the intent grant', async () => {
    const scene = await startScene({ grantGuildMembers: false });
    const client = await connect(
      scene.fake,
      ALL_INTENTS.filter((intent) => intent !== GatewayIntentBits.GuildMembers),
    );
    await expect(client.rest.get(Routes.guildBans(scene.guildId))).rejects.toMatchObject({ status: 404 });
    expect(scene.fake.unsupportedRequests).toEqual([
      expect.objectContaining({ method: 'GET', path: `/guilds/${scene.guildId}/bans` }),
    ]);
    await expect(client.rest.get(Routes.guildMembers(scene.guildId))).rejects.toMatchObject({ status: 403, code: 50001 });
    const alice = await must(client.guilds.cache.get(scene.guildId), 'guild').members.fetch(scene.aliceId);
    expect(alice.user.username).toBe('alice');
  });

  it('emits guild, channel, thread and member events', async () => {
    const scene = await startScene();
    const client = await connect(scene.fake);

    const memberAdded = nextEvent(client, Events.GuildMemberAdd);
    const carol = scene.fake.addMember(scene.guildId, { username: 'carol' });
    expect((await memberAdded)[0].id).toBe(carol.user.id);

    const roleUpdate = nextEvent(client, Events.GuildMemberUpdate);
    const role = scene.fake.createRole(scene.guildId, { name: 'helper', permissions: PermissionFlagsBits.ManageMessages });
    scene.fake.setMemberRoles(scene.guildId, carol.user.id, [role.id]);
    expect((await roleUpdate)[1].roles.cache.has(role.id)).toBe(true);
    const renamed = nextEvent(client, Events.GuildRoleUpdate);
    scene.fake.updateRole(scene.guildId, role.id, { name: 'mod' });
    expect((await renamed)[1].name).toBe('mod');

    const forumCreated = nextEvent(client, Events.ChannelCreate);
    const forum = scene.fake.createChannel(scene.guildId, { name: 'ideas', type: ChannelType.GuildForum });
    expect((await forumCreated)[0].type).toBe(ChannelType.GuildForum);

    const threadCreated = nextEvent(client, Events.ThreadCreate);
    const starter = nextEvent(client, Events.MessageCreate);
    const post = scene.fake.createForumPost(forum.id, { name: 'Idea', authorId: carol.user.id, content: 'what if' });
    const [thread, newlyCreated] = await threadCreated;
    expect(newlyCreated).toBe(true);
    expect(thread.id).toBe(post.thread.id);
    const [starterMessage] = await starter;
    expect(starterMessage.id).toBe(thread.id);
    expect(starterMessage.channelId).toBe(thread.id);

    const active = await must(client.guilds.cache.get(scene.guildId), 'guild').channels.fetchActiveThreads();
    expect([...active.threads.keys()]).toEqual([thread.id]);

    const edited = nextEvent(client, Events.MessageUpdate);
    scene.fake.editMessage(thread.id, starterMessage.id, { content: 'what if, edited' });
    const [, newMessage] = await edited;
    expect(newMessage.content).toBe('what if, edited');
    expect(newMessage.editedTimestamp).not.toBeNull();

    const archived = nextEvent(client, Events.ThreadUpdate);
    scene.fake.updateThread(thread.id, { archived: true });
    expect((await archived)[1].archived).toBe(true);
    const archivedList = await client.rest.get(Routes.channelThreads(forum.id, 'public'));
    expect(archivedList).toMatchObject({ threads: [expect.objectContaining({ id: thread.id })], has_more: false });

    const memberLeft = nextEvent(client, Events.GuildMemberRemove);
    scene.fake.removeMember(scene.guildId, carol.user.id);
    expect((await memberLeft)[0].id).toBe(carol.user.id);

    const guildGone = nextEvent(client, Events.GuildDelete);
    scene.fake.removeBotFromGuild(scene.guildId);
    expect((await guildGone)[0].id).toBe(scene.guildId);
    await expect(client.rest.get(Routes.guild(scene.guildId))).rejects.toMatchObject({ status: 403 });
  });
});

describe('FakeDiscord building blocks', () => {
  it('mints unique snowflakes that encode the requested time and sort by it', () => {
    let clock = Date.UTC(2024, 5, 1);
    const ids = new SnowflakeGenerator(() => clock);
    const past = ids.next(Date.UTC(2024, 0, 1));
    const samePast = ids.next(Date.UTC(2024, 0, 1));
    const nowId = ids.next();
    clock -= 1000; // a clock going backwards must not reorder ids minted for "now"
    const later = ids.next();
    expect(timestampOfSnowflake(past)).toBe(Date.UTC(2024, 0, 1));
    expect(new Set([past, samePast, nowId, later]).size).toBe(4);
    expect([past, samePast, nowId, later].map(BigInt)).toEqual([past, samePast, nowId, later].map(BigInt).sort((a, b) => (a < b ? -1 : 1)));
  });

  it("implements only routes that exist, with the same template, in Discord's spec", async () => {
    const spec = await SpecValidator.load();
    for (const route of ALL_ROUTES) {
      const segments = splitTemplate(route.template).map((segment) => (segment.startsWith('{') ? '123456789012345678' : segment));
      const verdict = spec.check(route.method, segments, undefined);
      expect(verdict.kind === 'ok' || verdict.kind === 'invalid-body' ? verdict.template : verdict.reason).toBe(route.template);
    }
  });

  it("pages history with Discord's before/after/around semantics", () => {
    const ids = new SnowflakeGenerator(() => Date.UTC(2024, 0, 1));
    const history = Array.from({ length: 10 }, () => ({ id: ids.next() }));
    const page = (options: Partial<{ limit: number; around: string; before: string; after: string }>): string[] =>
      pageOfMessages(history, {
        limit: options.limit ?? 50,
        around: options.around ?? null,
        before: options.before ?? null,
        after: options.after ?? null,
      }).map((message) => message.id);
    const id = (index: number): string => must(history[index], `message ${index}`).id;

    expect(page({ limit: 3 })).toEqual([id(9), id(8), id(7)]);
    expect(page({ after: id(2), limit: 3 })).toEqual([id(5), id(4), id(3)]);
    expect(page({ before: id(2), limit: 5 })).toEqual([id(1), id(0)]);
    expect(page({ around: id(5), limit: 1 })).toEqual([id(5)]);
    expect(page({ around: id(5), limit: 4 })).toEqual([id(7), id(6), id(5), id(4)]);
  });
});

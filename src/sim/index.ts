import type {
  APIChannel,
  APIDMChannel,
  APIGuild,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIThreadChannel,
  APIUser,
  APIApplicationCommand,
} from 'discord-api-types/v10';
import type { ClientOptions } from 'discord.js';
import type { SimContext, UploadedFile } from './context.js';
import { botTokenFor } from './credentials.js';
import { GatewayServer, type GatewayMilestone, type GatewaySessionInfo } from './gateway/server.js';
import { HttpServer } from './http-server.js';
import type { InteractionHandle } from './interactions/handle.js';
import { InteractionRegistry } from './interactions/registry.js';
import { emojiFromInput, type EmojiInput } from './state/emoji.js';
import type { MessageRecord } from './state/records.js';
import { SnowflakeGenerator } from './state/snowflake.js';
import { World } from './state/world.js';
import { canReadMessages } from './state/permissions.js';
import {
  createChannel,
  createForumPost,
  createThread,
  deleteChannel,
  deleteThread,
  openDmChannel,
  updateChannel,
  updateThread,
  type ChannelPatch,
  type NewChannel,
  type NewThread,
  type ThreadPatch,
} from './ops/channels.js';
import { addThreadMember, removeThreadMember } from './ops/thread-events.js';
import {
  addBotToGuild,
  addMember,
  createGuild,
  createRole,
  createUser,
  deleteRole,
  removeBotFromGuild,
  removeMember,
  updateMember,
  updateRole,
  type NewGuild,
  type NewMemberOptions,
  type NewRole,
  type NewUser,
} from './ops/guilds.js';
import {
  clickButton,
  invokeMessageContextMenu,
  invokeSlashCommand,
  type ButtonClick,
  type MessageContextMenuInvocation,
  type SlashCommandInvocation,
} from './ops/interaction-create.js';
import { bulkDeleteMessages, createMessage, deleteMessage, editMessage, fakeAttachments, holdsMessages } from './ops/messages.js';
import { addReaction, removeAllReactions, removeEmojiReactions, removeReaction } from './ops/reactions.js';
import { apiChannel, apiDmChannel } from './payloads/channels.js';
import { apiGuild, apiMember } from './payloads/guilds.js';
import { apiUser } from './payloads/users.js';
import { apiMessage } from './payloads/messages.js';
import { RateLimits, type OutageInjection, type RateLimitInjection, type RateLimitStorm } from './rest/rate-limits.js';
import { RestRouter } from './rest/router.js';
import { ALL_ROUTES } from './rest/routes.js';
import { SpecValidator } from './rest/spec-validation.js';
import type { RecordedRequest, SpecViolation } from './rest/types.js';

export type { EmojiInput } from './state/emoji.js';
export type { GatewaySessionInfo } from './gateway/server.js';
export type { InteractionHandle, InteractionResponse, InteractionResponseKind, RecordedUpload } from './interactions/handle.js';
export type { ChannelPatch, NewChannel, NewThread, PermissionOverwriteInput, ThreadPatch } from './ops/channels.js';
export type { NewGuild, NewMemberOptions, NewRole, NewUser } from './ops/guilds.js';
export type { ButtonClick, MessageContextMenuInvocation, SlashCommandInvocation } from './ops/interaction-create.js';
export type { OutageInjection, RateLimitInjection, RateLimitStorm } from './rest/rate-limits.js';
export type { RecordedRequest, SpecViolation } from './rest/types.js';

export interface FakeDiscordOptions {
  /** Whether the application may use the MESSAGE_CONTENT privileged intent (default true). */
  grantMessageContent?: boolean;
  /** Whether the application may use the GUILD_MEMBERS privileged intent (default true). */
  grantGuildMembers?: boolean;
  /** Whether the application may use the GUILD_PRESENCES privileged intent (default false). */
  grantPresences?: boolean;
  /** HELLO's heartbeat interval (default Discord's 41250 ms; tests want it short). */
  heartbeatIntervalMs?: number;
  botUser?: { id?: string; username?: string };
  /** The time source for snowflakes and timestamps (default Date.now). */
  clock?: () => number;
  /**
   * Check every REST request against Discord's OpenAPI spec (package discord-api-spec) and record violations
   * (default true). Only turn it off where that devDependency is not installed.
   */
  validateAgainstSpec?: boolean;
}

export interface PostMessageInput {
  /** The message's id, when mirroring a real guild's history (it must encode `at`); default a new one. */
  id?: string;
  channelId: string;
  authorId: string;
  content?: string;
  /** Id of a message in the same channel: the post becomes a reply (and pings its author). */
  replyTo?: string;
  /** Users mentioned besides any `<@id>` written in the content. */
  mentions?: string[];
  /** How many (fake) attachments the message carries. */
  attachments?: number;
  /** Creation time in ms; the id encodes it, so history can be built in the past. */
  at?: number;
}

export interface ForumPostInput {
  /** The post's id (thread and starter message), when mirroring a real guild's history; default a new one. */
  id?: string;
  name: string;
  authorId: string;
  content: string;
  at?: number;
}

const DEFAULT_BOT_CREATED_AT = Date.UTC(2023, 0, 1);

/**
 * A Discord Gateway v10 + REST server on 127.0.0.1 that the unmodified discord.js client logs into.
 *
 * ```ts
 * const fake = await FakeDiscord.start({ heartbeatIntervalMs: 250 });
 * const guild = fake.createGuild({ name: 'Test' });
 * const client = new Client({ intents, ...clientOptionsFor(fake) });
 * await client.login(fake.token);
 * // ... fake.postMessage(...), fake.invokeSlashCommand(...), expect(fake.specViolations).toEqual([])
 * await client.destroy(); // after ShardReady
 * await fake.stop();
 * ```
 * Tests build the
 * world (guilds, channels, members, messages, reactions, interactions) through its methods; each change is sent to
 * connected sessions as the gateway event Discord would send, and REST answers from the same state.
 */
export class FakeDiscord {
  readonly token: string;
  readonly botUserId: string;
  readonly applicationId: string;
  readonly #sim: SimContext;
  readonly #gateway: GatewayServer;
  readonly #router: RestRouter;
  readonly #rateLimits: RateLimits;
  readonly #interactions: InteractionRegistry;
  readonly #http: HttpServer;
  #stopped = false;

  private constructor(parts: {
    sim: SimContext;
    gateway: GatewayServer;
    router: RestRouter;
    rateLimits: RateLimits;
    interactions: InteractionRegistry;
    http: HttpServer;
    token: string;
  }) {
    this.#sim = parts.sim;
    this.#gateway = parts.gateway;
    this.#router = parts.router;
    this.#rateLimits = parts.rateLimits;
    this.#interactions = parts.interactions;
    this.#http = parts.http;
    this.token = parts.token;
    this.botUserId = parts.sim.world.botUserId;
    this.applicationId = parts.sim.world.applicationId;
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const clock = options.clock ?? Date.now;
    const ids = new SnowflakeGenerator(clock);
    const botUserId = options.botUser?.id ?? ids.next(DEFAULT_BOT_CREATED_AT);
    // Modern applications share their id with their bot user.
    const world = new World(botUserId, botUserId);
    const token = botTokenFor(botUserId);
    const grants = {
      messageContent: options.grantMessageContent ?? true,
      guildMembers: options.grantGuildMembers ?? true,
      presences: options.grantPresences ?? false,
    };
    const uploads = new Map<string, UploadedFile>();
    let baseUrl = '';
    const gateway = new GatewayServer({
      world,
      token,
      grants,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      resumeUrl: () => `${baseUrl.replace(/^http/, 'ws')}/gateway-resume`,
    });
    const sim: SimContext = { world, ids, gateway, grants, fileBaseUrl: () => baseUrl, uploads };
    createUser(sim, { id: botUserId, username: options.botUser?.username ?? 'attune', bot: true });

    const interactions = new InteractionRegistry();
    const rateLimits = new RateLimits();
    const router = new RestRouter({
      sim,
      interactions,
      env: { gatewayUrl: () => `${baseUrl.replace(/^http/, 'ws')}/gateway`, identifyCount: () => gateway.identifyCount },
      token,
      routes: ALL_ROUTES,
      spec: (options.validateAgainstSpec ?? true) ? await SpecValidator.load() : null,
      rateLimits,
    });
    const http = await HttpServer.listen({
      rest: (request, response) => router.handle(request, response),
      gateway: (request, socket, head) => gateway.handleUpgrade(request, socket, head),
      uploads,
    });
    baseUrl = `http://127.0.0.1:${http.port}`;
    return new FakeDiscord({ sim, gateway, router, rateLimits, interactions, http, token });
  }

  /** Stops serving: closes every socket and connection. Destroy discord.js clients first. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#interactions.dispose();
    this.#router.recorded.rejectAll('the fake Discord stopped');
    this.#router.dropWithheld();
    await this.#gateway.close();
    await this.#http.close();
  }

  /** The value for discord.js `rest.api`. */
  get apiUrl(): string {
    return `${this.#sim.fileBaseUrl()}/api`;
  }

  /** What GET /gateway/bot hands out. */
  get gatewayUrl(): string {
    return `${this.#sim.fileBaseUrl().replace(/^http/, 'ws')}/gateway`;
  }

  /** The fake's current time (its clock, never going backwards). */
  now(): number {
    return this.#sim.ids.now();
  }

  // ── World builders ──────────────────────────────────────────────────────────────────────────────────────────────

  createUser(input: NewUser): APIUser {
    return createUser(this.#sim, input);
  }

  createGuild(input: NewGuild): APIGuild {
    return createGuild(this.#sim, input);
  }

  addBotToGuild(guildId: string): void {
    addBotToGuild(this.#sim, guildId);
  }

  removeBotFromGuild(guildId: string): void {
    removeBotFromGuild(this.#sim, guildId);
  }

  createRole(guildId: string, input: NewRole): APIRole {
    return createRole(this.#sim, guildId, input);
  }

  updateRole(guildId: string, roleId: string, patch: Partial<NewRole>): APIRole {
    return updateRole(this.#sim, guildId, roleId, patch);
  }

  deleteRole(guildId: string, roleId: string): void {
    deleteRole(this.#sim, guildId, roleId);
  }

  setMemberRoles(guildId: string, userId: string, roleIds: string[]): APIGuildMember {
    return updateMember(this.#sim, guildId, userId, { roles: roleIds });
  }

  addMember(guildId: string, user: NewUser, options: NewMemberOptions = {}): APIGuildMember {
    return addMember(this.#sim, guildId, user, options);
  }

  updateMember(guildId: string, userId: string, patch: { nick?: string | null; roles?: string[] }): APIGuildMember {
    return updateMember(this.#sim, guildId, userId, patch);
  }

  removeMember(guildId: string, userId: string): void {
    removeMember(this.#sim, guildId, userId);
  }

  createChannel(guildId: string, input: NewChannel): APIChannel {
    return createChannel(this.#sim, guildId, input);
  }

  updateChannel(channelId: string, patch: ChannelPatch): APIChannel {
    return updateChannel(this.#sim, channelId, patch);
  }

  deleteChannel(channelId: string): void {
    deleteChannel(this.#sim, channelId);
  }

  createThread(parentChannelId: string, input: NewThread): APIThreadChannel {
    return createThread(this.#sim, parentChannelId, input);
  }

  createForumPost(forumChannelId: string, input: ForumPostInput): { thread: APIThreadChannel; message: APIMessage } {
    return createForumPost(this.#sim, forumChannelId, input);
  }

  updateThread(threadId: string, patch: ThreadPatch): APIThreadChannel {
    return updateThread(this.#sim, threadId, patch);
  }

  deleteThread(threadId: string): void {
    deleteThread(this.#sim, threadId);
  }

  /** Someone adds a user to a thread (THREAD_MEMBERS_UPDATE); posting in a private thread adds its author too. */
  addThreadMember(threadId: string, userId: string): void {
    addThreadMember(this.#sim, threadId, userId);
  }

  /** A user leaves a thread or is removed from it (THREAD_MEMBERS_UPDATE). */
  removeThreadMember(threadId: string, userId: string): void {
    removeThreadMember(this.#sim, threadId, userId);
  }

  /** A user posts a message (MESSAGE_CREATE). Returns it as stored, content included. */
  postMessage(input: PostMessageInput): APIMessage {
    const { world } = this.#sim;
    const channel = world.requireChannel(input.channelId);
    if (!holdsMessages(channel)) throw new Error(`fake-discord: channel ${channel.id} cannot hold messages (use createForumPost for forums)`);
    if (channel.kind !== 'dm' && !world.guilds.get(channel.guildId)?.members.has(input.authorId)) {
      throw new Error(`fake-discord: user ${input.authorId} is not a member of the guild of channel ${channel.id}`);
    }
    return createMessage(this.#sim, {
      ...(input.id !== undefined ? { id: input.id } : {}),
      channelId: input.channelId,
      authorId: input.authorId,
      content: input.content ?? '',
      ...(input.at !== undefined ? { at: input.at } : {}),
      ...(input.mentions !== undefined ? { mentionUserIds: input.mentions } : {}),
      ...(input.replyTo !== undefined ? { replyTo: { messageId: input.replyTo, channelId: input.channelId } } : {}),
      ...(input.attachments ? { attachments: fakeAttachments(this.#sim, input.channelId, input.attachments) } : {}),
    });
  }

  /** The author edits a message (MESSAGE_UPDATE with edited_timestamp). */
  editMessage(channelId: string, messageId: string, patch: { content: string }): APIMessage {
    return editMessage(this.#sim, this.#message(channelId, messageId), { content: patch.content });
  }

  deleteMessage(channelId: string, messageId: string): void {
    deleteMessage(this.#sim, this.#message(channelId, messageId));
  }

  bulkDeleteMessages(channelId: string, messageIds: string[]): void {
    bulkDeleteMessages(this.#sim, channelId, messageIds);
  }

  /** Returns false if the user had already reacted with that emoji (nothing is sent then). */
  addReaction(channelId: string, messageId: string, userId: string, emoji: EmojiInput): boolean {
    return addReaction(this.#sim, this.#message(channelId, messageId), userId, emojiFromInput(emoji));
  }

  removeReaction(channelId: string, messageId: string, userId: string, emoji: EmojiInput): boolean {
    return removeReaction(this.#sim, this.#message(channelId, messageId), userId, emojiFromInput(emoji));
  }

  removeAllReactions(channelId: string, messageId: string): void {
    removeAllReactions(this.#sim, this.#message(channelId, messageId));
  }

  removeEmojiReactions(channelId: string, messageId: string, emoji: EmojiInput): void {
    removeEmojiReactions(this.#sim, this.#message(channelId, messageId), emojiFromInput(emoji));
  }

  /** A user DMs the bot: the DM channel is opened if needed, then MESSAGE_CREATE without guild_id. */
  sendDirectMessage(input: { authorId: string; content: string; at?: number }): APIMessage {
    const channel = openDmChannel(this.#sim, input.authorId);
    return createMessage(this.#sim, {
      channelId: channel.id,
      authorId: input.authorId,
      content: input.content,
      ...(input.at !== undefined ? { at: input.at } : {}),
    });
  }

  /**
   * The DM channel between the bot and a user, opened now if it does not exist yet (as it exists on Discord once
   * either side ever wrote): tests that need its id before the bot first DMs the user open it up front.
   */
  openDmChannel(userId: string): APIDMChannel {
    return openDmChannel(this.#sim, userId);
  }

  /** Whether the user refuses DMs from the bot (sending then fails with 50007). */
  setDmsClosed(userId: string, closed: boolean): void {
    this.#sim.world.requireUser(userId).dmsClosed = closed;
  }

  // ── Reading the world ───────────────────────────────────────────────────────────────────────────────────────────

  user(userId: string): APIUser | null {
    const user = this.#sim.world.users.get(userId);
    return user ? apiUser(user) : null;
  }

  guild(guildId: string): APIGuild | null {
    const guild = this.#sim.world.guilds.get(guildId);
    return guild ? apiGuild(guild) : null;
  }

  members(guildId: string): APIGuildMember[] {
    return [...this.#sim.world.requireGuild(guildId).members.values()].map((member) => apiMember(this.#sim.world, member));
  }

  channel(channelId: string): APIChannel | null {
    const channel = this.#sim.world.channels.get(channelId);
    return channel ? apiChannel(this.#sim.world, channel) : null;
  }

  /** The DM channel between the bot and a user, if one was opened. */
  dmChannelWith(userId: string): APIDMChannel | null {
    const channel = this.#sim.world.dmChannelWith(userId);
    return channel ? apiDmChannel(this.#sim.world, channel) : null;
  }

  /** The channel's messages, oldest first, content included. */
  messages(channelId: string): APIMessage[] {
    return this.#sim.world.messagesIn(channelId).map((message) => apiMessage(this.#sim.world, message, true));
  }

  /**
   * Whether a user can read a channel's or thread's messages now, as Discord decides it: VIEW_CHANNEL and
   * READ_MESSAGE_HISTORY after overwrites, CONNECT for a voice or stage channel's chat, membership (or MANAGE_THREADS)
   * for a private thread. False for a user not in the guild.
   */
  canRead(channelId: string, userId: string): boolean {
    const channel = this.#sim.world.requireChannel(channelId);
    if (channel.kind !== 'dm' && !this.#sim.world.guilds.get(channel.guildId)?.members.has(userId)) return false;
    return canReadMessages(this.#sim.world, channel, userId);
  }

  message(channelId: string, messageId: string): APIMessage | null {
    const message = this.#sim.world.messageIn(channelId, messageId);
    return message ? apiMessage(this.#sim.world, message, true) : null;
  }

  /** Commands the bot registered: globally, or for one guild. */
  commands(guildId?: string): APIApplicationCommand[] {
    const source = guildId === undefined ? this.#sim.world.globalCommands : this.#sim.world.requireGuild(guildId).commands;
    return [...source.values()];
  }

  // ── Interactions ────────────────────────────────────────────────────────────────────────────────────────────────

  invokeSlashCommand(input: SlashCommandInvocation): InteractionHandle {
    return invokeSlashCommand(this.#sim, this.#interactions, input);
  }

  invokeMessageContextMenu(input: MessageContextMenuInvocation): InteractionHandle {
    return invokeMessageContextMenu(this.#sim, this.#interactions, input);
  }

  clickButton(input: ButtonClick): InteractionHandle {
    return clickButton(this.#sim, this.#interactions, input);
  }

  // ── Gateway control ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Sessions identified (or resumed) on an open socket. */
  get connectedSessions(): number {
    return this.#gateway.connectedSessions;
  }

  sessions(): GatewaySessionInfo[] {
    return this.#gateway.sessions();
  }

  /** Re-sends every connected session its last `count` dispatches (at-least-once delivery, as after a resume). */
  redeliverRecent(count: number): number {
    return this.#gateway.redeliverRecent(count);
  }

  /**
   * Build events without sending them: dispatches are serialised and queued until releaseDispatches(), which sends
   * them back to back. Benchmarks use it so the fake's own cost is not part of what they measure.
   */
  holdDispatches(): void {
    this.#gateway.holdDispatches();
  }

  releaseDispatches(): number {
    return this.#gateway.releaseDispatches();
  }

  /** Cuts every gateway socket; see GatewayServer.dropConnections for what each mode leads to. */
  dropConnections(options: { resumable: boolean }): void {
    this.#gateway.dropConnections(options);
  }

  /** Sends op 7 RECONNECT: clients reconnect and resume. */
  requestReconnect(): void {
    this.#gateway.requestReconnect();
  }

  /** Resolves at the next successful IDENTIFY (start waiting before logging in). */
  async waitForIdentify(timeoutMs = 5000): Promise<{ sessionId: string; intents: number }> {
    const { sessionId, intents } = await this.#nextMilestone('identify', timeoutMs);
    return { sessionId, intents };
  }

  /** Resolves once the next session has been sent READY and its GUILD_CREATEs. */
  async waitForReady(timeoutMs = 5000): Promise<{ sessionId: string }> {
    const { sessionId } = await this.#nextMilestone('ready', timeoutMs);
    return { sessionId };
  }

  /** Resolves at the next successful RESUME, with how many missed events were replayed. */
  async waitForResume(timeoutMs = 5000): Promise<{ sessionId: string; replayed: number }> {
    const { sessionId, replayed } = await this.#nextMilestone('resume', timeoutMs);
    return { sessionId, replayed };
  }

  /**
   * Resolves once a session's client has reported, in a heartbeat, that it received dispatch `sequence` (at once if
   * one already has): the bot has the event in hand, whatever it does with it next.
   */
  async waitForAcknowledged(sequence: number, timeoutMs = 5000): Promise<{ sessionId: string }> {
    const already = this.#gateway.sessions().find((session) => (session.acknowledgedSequence ?? -1) >= sequence);
    if (already) return { sessionId: already.id };
    const { sessionId } = await this.#gateway.milestones.wait(
      (milestone): milestone is Extract<GatewayMilestone, { kind: 'heartbeat' }> =>
        milestone.kind === 'heartbeat' && (milestone.acknowledged ?? -1) >= sequence,
      timeoutMs,
      `a heartbeat acknowledging sequence ${sequence}`,
    );
    return { sessionId };
  }

  #nextMilestone<Kind extends GatewayMilestone['kind']>(
    kind: Kind,
    timeoutMs: number,
  ): Promise<Extract<GatewayMilestone, { kind: Kind }>> {
    return this.#gateway.milestones.wait(
      (milestone): milestone is Extract<GatewayMilestone, { kind: Kind }> => milestone.kind === kind,
      timeoutMs,
      `a gateway ${kind}`,
    );
  }

  // ── REST observation and control ────────────────────────────────────────────────────────────────────────────────

  /** Every REST request received, in order. */
  get requests(): readonly RecordedRequest[] {
    return this.#router.requests;
  }

  /** Requests Discord would reject for breaking its API spec (unknown route, body not matching the schema). */
  get specViolations(): readonly SpecViolation[] {
    return this.#router.specViolations;
  }

  /** Spec-valid requests the fake does not implement (answered 404). */
  get unsupportedRequests(): readonly SpecViolation[] {
    return this.#router.unsupportedRequests;
  }

  /** Errors thrown inside the fake's handlers (answered 500). */
  get serverErrors(): readonly Error[] {
    return this.#router.serverErrors;
  }

  /** Resolves with the first request, already received or still to come, that matches. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const existing = this.#router.requests.find(predicate);
    if (existing) return Promise.resolve(existing);
    return this.#router.recorded.wait(predicate, timeoutMs, 'a matching REST request');
  }

  /**
   * Matching requests still take effect (a message is created, a DM sent), but the fake never answers them: what a
   * bot sees when it dies, or loses the connection, between Discord acting and the answer arriving. `null` ends it;
   * answers already withheld are cut when the fake stops.
   */
  withholdResponses(predicate: ((request: RecordedRequest) => boolean) | null): void {
    this.#router.withholdResponses(predicate);
  }

  /** How many answers are withheld right now. */
  get withheldCount(): number {
    return this.#router.withheldCount;
  }

  /**
   * Sends the withheld answers now, as they would have been sent: the bot hears back late. Lets a test change the
   * world at a precise point of a request's life (between Discord acting and the bot seeing the answer). Returns how
   * many were sent.
   */
  releaseWithheld(): number {
    return this.#router.releaseWithheld();
  }

  /**
   * Cuts the connections of the withheld answers: Discord acted, the bot sees a network error and never learns the
   * outcome (a connection lost at the worst moment). Returns how many were cut.
   */
  cutWithheld(): number {
    return this.#router.dropWithheld();
  }

  /** Answers a share of REST requests with 429 until `stopRateLimitStorm()` (seeded, so a run repeats). */
  startRateLimitStorm(storm: RateLimitStorm): void {
    this.#rateLimits.startStorm(storm);
  }

  stopRateLimitStorm(): void {
    this.#rateLimits.stopStorm();
  }

  /** Answers the next `times` matching requests with 429. */
  injectRateLimit(rule: RateLimitInjection): void {
    this.#rateLimits.inject(rule);
  }

  /**
   * Answers the next `times` matching requests with 503 before they take effect (nothing is created): an outage the
   * bot sees after discord.js has used up its retries, so its work waits for a later attempt.
   */
  injectOutage(rule: OutageInjection): void {
    this.#rateLimits.injectOutage(rule);
  }

  /** How many requests got an injected 429. */
  get rateLimitedCount(): number {
    return this.#rateLimits.limitedCount;
  }

  #message(channelId: string, messageId: string): MessageRecord {
    const message = this.#sim.world.messageIn(channelId, messageId);
    if (!message) throw new Error(`fake-discord: no message ${messageId} in channel ${channelId}`);
    return message;
  }
}

/**
 * The discord.js client options that point a client at the fake and skip the identify throttle's ~5 s wait. Spread
 * it into your own options; if you also set `rest`, keep `api`, or discord.js silently goes to the real Discord.
 */
export function clientOptionsFor(fake: FakeDiscord): Pick<ClientOptions, 'rest' | 'ws'> {
  return {
    rest: { api: fake.apiUrl },
    ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) },
  };
}

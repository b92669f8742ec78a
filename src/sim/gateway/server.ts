import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  ApplicationFlags,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  PermissionFlagsBits,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import { channelPermissions, has } from '../state/permissions.js';
import type { World } from '../state/world.js';
import { apiCurrentUser, guildCreatePayload } from '../payloads/guilds.js';
import { Waiters } from '../waiters.js';
import type { Audience, DispatchData, DispatchEvent, Dispatcher, SessionView } from './dispatch.js';
import { grantedPrivilegedIntents, KNOWN_INTENTS, PRIVILEGED_INTENTS, type IntentGrants } from './intents.js';
import { memberChunks } from './member-chunks.js';

/** How many dispatches a session keeps for RESUME; older gaps get an invalid session, as on Discord. */
const RESUME_BUFFER_LIMIT = 10_000;
const DEFAULT_LARGE_THRESHOLD = 50;

export interface GatewayServerOptions {
  world: World;
  token: string;
  grants: IntentGrants;
  heartbeatIntervalMs: number;
  /** The URL READY names as `resume_gateway_url`. */
  resumeUrl: () => string;
}

interface SentDispatch {
  seq: number;
  frame: string;
}

interface Session {
  id: string;
  intents: number;
  shardId: number;
  shardCount: number;
  largeThreshold: number;
  seq: number;
  /** The sequence the client last reported in a heartbeat: what it has received (null before its first). */
  acknowledged: number | null;
  log: SentDispatch[];
  socket: WebSocket | null;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
}

/** A snapshot of one gateway session, for tests and the demo. */
export interface GatewaySessionInfo {
  id: string;
  intents: number;
  shard: [number, number];
  connected: boolean;
  lastSequence: number;
  /** The last sequence the client reported receiving, in its latest heartbeat (null before the first). */
  acknowledgedSequence: number | null;
}

export type GatewayMilestone =
  | { kind: 'identify'; sessionId: string; intents: number }
  | { kind: 'ready'; sessionId: string }
  | { kind: 'resume'; sessionId: string; replayed: number }
  | { kind: 'disconnect'; sessionId: string | null; code: number }
  | { kind: 'heartbeat'; sessionId: string; acknowledged: number | null };

const envelopeSchema = z.object({ op: z.number().int(), d: z.unknown().optional() });
const identifySchema = z.object({
  token: z.string(),
  intents: z.number().int().nonnegative(),
  properties: z.object({ os: z.string(), browser: z.string(), device: z.string() }),
  shard: z.tuple([z.number().int(), z.number().int()]).optional(),
  large_threshold: z.number().int().min(50).max(250).optional(),
  compress: z.boolean().optional(),
  presence: z.unknown().optional(),
});
const resumeSchema = z.object({ token: z.string(), session_id: z.string(), seq: z.number().int().nullable() });
const requestMembersSchema = z.object({
  guild_id: z.string(),
  query: z.string().optional(),
  limit: z.number().int().min(0).optional(),
  user_ids: z.union([z.string(), z.array(z.string())]).optional(),
  presences: z.boolean().optional(),
  nonce: z.string().optional(),
});

/**
 * The gateway half of the fake: speaks Gateway v10 over JSON text frames (HELLO, IDENTIFY, READY + GUILD_CREATE,
 * heartbeats, RESUME with replay, REQUEST_GUILD_MEMBERS) and routes dispatches to sessions by intent and shard.
 */
export class GatewayServer implements Dispatcher {
  readonly milestones = new Waiters<GatewayMilestone>();
  readonly #options: GatewayServerOptions;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #connections = new Set<Connection>();
  readonly #sessions = new Map<string, Session>();
  #sessionCounter = 0;
  #identifyCount = 0;

  constructor(options: GatewayServerOptions) {
    this.#options = options;
  }

  /** How many IDENTIFYs succeeded so far (GET /gateway/bot reports the remaining session starts). */
  get identifyCount(): number {
    return this.#identifyCount;
  }

  /** Sessions that are identified (or resumed) on an open socket. */
  get connectedSessions(): number {
    let count = 0;
    for (const session of this.#sessions.values()) if (session.socket?.readyState === WebSocket.OPEN) count++;
    return count;
  }

  sessions(): GatewaySessionInfo[] {
    return [...this.#sessions.values()].map((session) => ({
      id: session.id,
      intents: session.intents,
      shard: [session.shardId, session.shardCount],
      connected: session.socket?.readyState === WebSocket.OPEN,
      lastSequence: session.seq,
      acknowledgedSequence: session.acknowledged,
    }));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#onConnection(ws, request));
  }

  dispatch<E extends DispatchEvent>(event: E, audience: Audience, build: (view: SessionView) => DispatchData<E>): void {
    for (const session of this.#sessions.values()) {
      if (audience.intent !== 0 && (session.intents & audience.intent) === 0) continue;
      if (!this.#onShard(session, audience.guildId)) continue;
      this.#send(session, event, build({ intents: session.intents, largeThreshold: session.largeThreshold }));
    }
  }

  /**
   * Cuts every socket. Resumable: the sessions survive, so clients RESUME and get what they missed. Not resumable:
   * the sessions are forgotten, so a RESUME gets op 9 (invalid session) and the client identifies afresh.
   */
  dropConnections(options: { resumable: boolean }): void {
    for (const connection of [...this.#connections]) {
      const session = connection.session;
      if (session && !options.resumable) this.#sessions.delete(session.id);
      connection.socket.terminate();
    }
  }

  /** Sends op 7 RECONNECT to every connected client, as Discord does before moving a session. */
  requestReconnect(): void {
    for (const connection of this.#connections) {
      if (connection.session) this.#sendRaw(connection.socket, { op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
    }
  }

  async close(): Promise<void> {
    this.milestones.rejectAll('the fake Discord stopped');
    for (const connection of this.#connections) connection.socket.terminate();
    this.#connections.clear();
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #onConnection(socket: WebSocket, request: IncomingMessage): void {
    const connection: Connection = { socket, session: null };
    this.#connections.add(connection);
    socket.on('close', (code) => this.#onClose(connection, code));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => this.#onMessage(connection, data, isBinary));

    const params = new URL(request.url ?? '/', 'http://fake').searchParams;
    if (params.get('v') !== '10') {
      socket.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if ((params.get('encoding') ?? 'json') !== 'json') {
      socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    this.#sendRaw(socket, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.#options.heartbeatIntervalMs },
      s: null,
      t: null,
    });
  }

  #onClose(connection: Connection, code: number): void {
    this.#connections.delete(connection);
    const session = connection.session;
    if (session && session.socket === connection.socket) {
      session.socket = null;
      // A clean close ends the session on Discord; anything else (network loss, 4xxx) leaves it resumable.
      if (code === 1000 || code === 1001) this.#sessions.delete(session.id);
    }
    this.milestones.notify({ kind: 'disconnect', sessionId: session?.id ?? null, code });
  }

  #onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      connection.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      connection.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const envelope = envelopeSchema.safeParse(parsed);
    if (!envelope.success) {
      connection.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const { op, d } = envelope.data;
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.#onHeartbeat(connection, d);
        return;
      case GatewayOpcodes.Identify:
        this.#onIdentify(connection, d);
        return;
      case GatewayOpcodes.Resume:
        this.#onResume(connection, d);
        return;
      case GatewayOpcodes.RequestGuildMembers:
        if (this.#requireSession(connection)) this.#onRequestGuildMembers(connection, d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestSoundboardSounds:
        this.#requireSession(connection);
        return;
      default:
        connection.socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #onHeartbeat(connection: Connection, data: unknown): void {
    this.#sendRaw(connection.socket, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
    const { session } = connection;
    if (!session) return;
    session.acknowledged = typeof data === 'number' ? data : null;
    this.milestones.notify({ kind: 'heartbeat', sessionId: session.id, acknowledged: session.acknowledged });
  }

  #requireSession(connection: Connection): boolean {
    if (connection.session) return true;
    connection.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
    return false;
  }

  #onIdentify(connection: Connection, data: unknown): void {
    const { socket } = connection;
    if (connection.session) {
      socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const identify = identifySchema.safeParse(data);
    if (!identify.success) {
      socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const { token, intents, shard = [0, 1], large_threshold: largeThreshold = DEFAULT_LARGE_THRESHOLD } = identify.data;
    if (stripBotPrefix(token) !== this.#options.token) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    if ((intents & ~KNOWN_INTENTS) !== 0) {
      socket.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    const refused = intents & PRIVILEGED_INTENTS & ~grantedPrivilegedIntents(this.#options.grants);
    if (refused !== 0) {
      socket.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const [shardId, shardCount] = shard;
    if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }

    const session: Session = {
      id: createHash('md5').update(`session:${++this.#sessionCounter}`).digest('hex'),
      intents,
      shardId,
      shardCount,
      largeThreshold,
      seq: 0,
      acknowledged: null,
      log: [],
      socket,
    };
    this.#identifyCount++;
    connection.session = session;
    this.#sessions.set(session.id, session);
    this.milestones.notify({ kind: 'identify', sessionId: session.id, intents });

    const { world } = this.#options;
    const guildIds = [...world.guilds.keys()].filter((id) => world.botIsIn(id) && this.#onShard(session, id));
    this.#send(session, GatewayDispatchEvents.Ready, this.#readyPayload(session, guildIds));
    if ((intents & GatewayIntentBits.Guilds) !== 0) {
      for (const guildId of guildIds) {
        this.#send(
          session,
          GatewayDispatchEvents.GuildCreate,
          guildCreatePayload(world, world.requireGuild(guildId), {
            presencesIntent: (intents & GatewayIntentBits.GuildPresences) !== 0,
            largeThreshold,
            canViewThread: (threadId) =>
              has(channelPermissions(world, world.requireChannel(threadId), world.botUserId), PermissionFlagsBits.ViewChannel),
          }),
        );
      }
    }
    this.milestones.notify({ kind: 'ready', sessionId: session.id });
  }

  #readyPayload(session: Session, guildIds: string[]): GatewayReadyDispatchData {
    const { world, grants } = this.#options;
    const flags =
      ApplicationFlags.ApplicationCommandBadge |
      (grants.presences ? ApplicationFlags.GatewayPresenceLimited : 0) |
      (grants.guildMembers ? ApplicationFlags.GatewayGuildMembersLimited : 0) |
      (grants.messageContent ? ApplicationFlags.GatewayMessageContentLimited : 0);
    return {
      v: 10,
      user: apiCurrentUser(world.botUser),
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.#options.resumeUrl(),
      shard: [session.shardId, session.shardCount],
      application: { id: world.applicationId, flags, flags_new: String(flags) },
    };
  }

  #onResume(connection: Connection, data: unknown): void {
    const { socket } = connection;
    if (connection.session) {
      socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const resume = resumeSchema.safeParse(data);
    if (!resume.success) {
      socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (stripBotPrefix(resume.data.token) !== this.#options.token) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = this.#sessions.get(resume.data.session_id);
    const seq = resume.data.seq ?? 0;
    const oldestKept = session?.log[0]?.seq ?? (session ? session.seq + 1 : 0);
    if (!session || seq > session.seq || seq + 1 < oldestKept) {
      if (session) this.#sessions.delete(session.id);
      this.#sendRaw(socket, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    // A session resumed elsewhere loses its old socket, as on Discord.
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    connection.session = session;
    const missed = session.log.filter((entry) => entry.seq > seq);
    for (const entry of missed) socket.send(entry.frame);
    this.#send(session, GatewayDispatchEvents.Resumed, undefined);
    this.milestones.notify({ kind: 'resume', sessionId: session.id, replayed: missed.length });
  }

  #onRequestGuildMembers(connection: Connection, data: unknown): void {
    const session = connection.session;
    const request = requestMembersSchema.safeParse(data);
    if (!session || !request.success) {
      connection.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const { world } = this.#options;
    const guild = world.guilds.get(request.data.guild_id);
    if (!guild || !world.botIsIn(guild.id) || !this.#onShard(session, guild.id)) return;
    const userIds = request.data.user_ids;
    const nonce = request.data.nonce;
    const chunks = memberChunks(
      world,
      guild,
      {
        guildId: guild.id,
        query: request.data.query ?? null,
        limit: request.data.limit ?? 0,
        userIds: userIds === undefined ? null : Array.isArray(userIds) ? userIds : [userIds],
        presences: request.data.presences ?? false,
        // Discord ignores nonces longer than 32 bytes.
        nonce: nonce !== undefined && Buffer.byteLength(nonce) <= 32 ? nonce : undefined,
      },
      session.intents,
    );
    for (const chunk of chunks) this.#send(session, GatewayDispatchEvents.GuildMembersChunk, chunk);
  }

  #onShard(session: Session, guildId: string | null): boolean {
    if (guildId === null) return session.shardId === 0;
    return Number((BigInt(guildId) >> 22n) % BigInt(session.shardCount)) === session.shardId;
  }

  #send<E extends DispatchEvent>(session: Session, event: E, data: DispatchData<E>): void {
    session.seq += 1;
    const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d: data });
    session.log.push({ seq: session.seq, frame });
    // Trim in bulk: trimming one entry per event would copy the whole buffer on every dispatch.
    if (session.log.length > 2 * RESUME_BUFFER_LIMIT) session.log.splice(0, session.log.length - RESUME_BUFFER_LIMIT);
    if (this.#held !== null) {
      this.#held.push({ session, frame });
      return;
    }
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(frame);
  }

  #held: { session: Session; frame: string }[] | null = null;

  /**
   * Sends each connected session its last `count` dispatches again, with new sequence numbers: what a client sees
   * when Discord replays events it already delivered (delivery is at-least-once across resumes).
   */
  redeliverRecent(count: number): number {
    let sent = 0;
    for (const session of this.#sessions.values()) {
      if (session.socket?.readyState !== WebSocket.OPEN) continue;
      // Session lifecycle dispatches (READY, RESUMED) belong to a connection and are never delivered again.
      const again = session.log
        .map((entry) => JSON.parse(entry.frame) as { t: DispatchEvent; d: unknown })
        .filter((payload) => payload.t !== GatewayDispatchEvents.Ready && payload.t !== GatewayDispatchEvents.Resumed)
        .slice(-count);
      for (const payload of again) {
        this.#send(session, payload.t, payload.d as DispatchData<typeof payload.t>);
        sent += 1;
      }
    }
    return sent;
  }

  /** Queue dispatches (already serialised) instead of sending them, until releaseDispatches(). */
  holdDispatches(): void {
    this.#held ??= [];
  }

  /** Send every held dispatch, in order, as fast as the sockets take them. Returns how many were sent. */
  releaseDispatches(): number {
    const held = this.#held ?? [];
    this.#held = null;
    for (const { session, frame } of held) {
      if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(frame);
    }
    return held.length;
  }

  #sendRaw(socket: WebSocket, payload: { op: GatewayOpcodes; d: unknown; s: null; t: null }): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function stripBotPrefix(token: string): string {
  return token.replace(/^Bot\s+/i, '');
}

/**
 * Who is in each private thread, as Discord has it: a thread's member list is fetched when first needed (GET
 * /channels/{thread}/thread-members, which needs the Server Members intent), then kept current by THREAD_MEMBERS_UPDATE
 * (added and removed members, read from the raw dispatch so a removal is seen even for a member discord.js never
 * cached), and fetched again once it is older than `ttlMs` (an event missed while disconnected cannot outlive that).
 * A new gateway session forgets every list. Having posted in a thread is not membership: a member removed from it
 * is out the moment Discord says so.
 */
import {
  Events,
  GatewayDispatchEvents,
  type Client,
  type GatewayThreadMembersUpdateDispatchData,
  type ThreadChannel,
} from 'discord.js';
import type { Logger } from '../ops/log.js';

/** Thread lists fetched at once for one resolution. */
const CONCURRENCY = 4;

interface Roster {
  members: Set<string>;
  fetchedAt: number;
}

export interface ThreadRostersOptions {
  log: Logger;
  now: () => number;
  /** How long a fetched list is trusted without events (default 5 minutes). */
  ttlMs?: number;
}

export class ThreadRosters {
  readonly #client: Client;
  readonly #options: ThreadRostersOptions;
  readonly #rosters = new Map<string, Roster>();
  readonly #loading = new Map<string, Promise<void>>();
  /** Membership changes that arrived while a thread's list was being fetched: applied to the list once it is in. */
  readonly #arrivedDuringFetch = new Map<string, GatewayThreadMembersUpdateDispatchData[]>();

  constructor(client: Client, options: ThreadRostersOptions) {
    this.#client = client;
    this.#options = options;
    client.ws.on(GatewayDispatchEvents.ThreadMembersUpdate, (data: GatewayThreadMembersUpdateDispatchData) => this.#apply(data));
    client.on(Events.ThreadDelete, (thread) => this.#rosters.delete(thread.id));
    // A new session (not a resume) may have missed removals: start over from Discord.
    client.on(Events.ShardReady, () => this.#rosters.clear());
  }

  /** Whether the member is in the thread: true / false from a current list, null when none is held. */
  isMember(threadId: string, memberId: string): boolean | null {
    const roster = this.#rosters.get(threadId);
    if (!roster || this.#options.now() - roster.fetchedAt > (this.#options.ttlMs ?? 5 * 60_000)) return null;
    return roster.members.has(memberId);
  }

  /** Fetches the lists of these threads that are not current; a thread that cannot be read stays unknown. */
  async load(guildId: string, threadIds: readonly string[]): Promise<void> {
    const queue = [...new Set(threadIds)];
    const worker = async (): Promise<void> => {
      for (let threadId = queue.shift(); threadId !== undefined; threadId = queue.shift()) await this.#loadOne(guildId, threadId);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  }

  #loadOne(guildId: string, threadId: string): Promise<void> {
    let loading = this.#loading.get(threadId);
    if (!loading) {
      loading = this.#fetch(guildId, threadId).finally(() => this.#loading.delete(threadId));
      this.#loading.set(threadId, loading);
    }
    return loading;
  }

  async #fetch(guildId: string, threadId: string): Promise<void> {
    const startedAt = this.#options.now();
    const arrived: GatewayThreadMembersUpdateDispatchData[] = [];
    this.#arrivedDuringFetch.set(threadId, arrived);
    try {
      const thread = await this.#thread(guildId, threadId);
      if (!thread) return;
      // API v10 answers the whole list when guild member data is not asked for (pages come with with_member).
      const members = new Set((await thread.members.fetch({ cache: false })).keys());
      // A change that arrived meanwhile may or may not be in the pages: applying it again is harmless, missing it not.
      const roster = { members, fetchedAt: startedAt };
      for (const change of arrived) applyChange(roster, change);
      this.#rosters.set(threadId, roster);
    } catch (error) {
      this.#options.log.warn({ err: error, guildId, threadId }, 'private thread members unavailable; its posts stay hidden');
    } finally {
      this.#arrivedDuringFetch.delete(threadId);
    }
  }

  async #thread(guildId: string, threadId: string): Promise<ThreadChannel | null> {
    const cached = this.#client.channels.cache.get(threadId);
    const channel = cached ?? (await this.#client.channels.fetch(threadId).catch(() => null));
    return channel?.isThread() && channel.guildId === guildId ? channel : null;
  }

  #apply(data: GatewayThreadMembersUpdateDispatchData): void {
    this.#arrivedDuringFetch.get(data.id)?.push(data);
    const roster = this.#rosters.get(data.id);
    if (roster) applyChange(roster, data);
  }
}

function applyChange(roster: Roster, data: GatewayThreadMembersUpdateDispatchData): void {
  for (const added of data.added_members ?? []) if (added.user_id) roster.members.add(added.user_id);
  for (const removed of data.removed_member_ids ?? []) roster.members.delete(removed);
}

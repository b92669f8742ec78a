/**
 * Thread co-participation for an import, kept in memory. The store's default asks the database, for every post in
 * a thread, who else posted there: a query over the whole thread per post, so a 45,000-message thread costs
 * quadratic time. An import holds the write lock for its whole file, so nothing else changes the threads it
 * writes: each thread is read once, on its first post, and followed in memory from then on.
 *
 * It answers what the database would: the other members with a live, non-bot post in the thread (opted-out
 * members left out), the most recent CO_THREAD_PARTNER_LIMIT of them, each with the time from which both had posted
 * there. A pair already linked in this import at that time or earlier is not returned again: the link's upsert
 * keeps the earlier time, so writing it again would change nothing.
 */
import type Database from 'better-sqlite3';
import { CO_THREAD_PARTNER_LIMIT, ingestQueries, type IngestQueries } from '../../db/queries/ingest.js';
import type { ThreadPartnerIndex } from '../activity-store.js';
import type { PostRecord } from '../records.js';

interface Participant {
  id: string;
  firstAt: number;
  lastAt: number;
}

interface ThreadState {
  byId: Map<string, Participant>;
  /** By last post, the most recent first. */
  recent: Participant[];
  /** Pair key -> the time the pair was linked at in this import. */
  linked: Map<string, number>;
}

export class ImportThreadPartners implements ThreadPartnerIndex {
  private readonly q: IngestQueries;
  private readonly threads = new Map<string, ThreadState>();

  constructor(sqlite: Database.Database) {
    this.q = ingestQueries(sqlite);
  }

  partnersOf(post: PostRecord, threadId: string): { partnerId: string; at: number }[] {
    const thread = this.thread(threadId, post.guildId);
    const author = this.note(thread, post.authorId, post.createdAt);
    const links: { partnerId: string; at: number }[] = [];
    let partners = 0;
    for (const partner of thread.recent) {
      if (partner === author) continue;
      if (partners++ === CO_THREAD_PARTNER_LIMIT) break;
      const at = Math.max(author.firstAt, partner.firstAt);
      const key = author.id < partner.id ? `${author.id}:${partner.id}` : `${partner.id}:${author.id}`;
      const linkedAt = thread.linked.get(key);
      if (linkedAt !== undefined && linkedAt <= at) continue;
      thread.linked.set(key, at);
      links.push({ partnerId: partner.id, at });
    }
    return links;
  }

  private thread(threadId: string, guildId: string): ThreadState {
    let thread = this.threads.get(threadId);
    if (thread === undefined) {
      // Read after the store wrote the thread's first post of this import: noting that post again changes nothing.
      const recent = this.q.threadParticipants(threadId, guildId).map((p) => ({ id: p.authorId, firstAt: p.firstAt, lastAt: p.lastAt }));
      thread = { byId: new Map(recent.map((p) => [p.id, p])), recent, linked: new Map() };
      this.threads.set(threadId, thread);
    }
    return thread;
  }

  /** Records a post by `authorId` at `at`, keeping `recent` ordered by last post. */
  private note(thread: ThreadState, authorId: string, at: number): Participant {
    let participant = thread.byId.get(authorId);
    if (participant === undefined) {
      participant = { id: authorId, firstAt: at, lastAt: at };
      thread.byId.set(authorId, participant);
    } else {
      participant.firstAt = Math.min(participant.firstAt, at);
      if (at <= participant.lastAt) return participant;
      participant.lastAt = at;
      thread.recent.splice(thread.recent.indexOf(participant), 1);
    }
    // Exports are in time order, so the place is almost always the front.
    let index = 0;
    while (index < thread.recent.length && thread.recent[index]!.lastAt > at) index++;
    thread.recent.splice(index, 0, participant);
    return participant;
  }
}

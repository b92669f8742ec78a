/** Whether a member may see a post's channel or thread: Discord's answer in production, a table in benchmarks. */
export interface MemberAccess {
  canView(channelId: string, threadId: string | null): boolean;
  isNsfw(channelId: string): boolean;
}

export interface ChannelAccess {
  /**
   * The member's access right now; null when they are not (or no longer) in the guild. `threads` is what attune
   * itself knows of threads (private ones, who posted there), for threads Discord's cache does not hold.
   */
  forMember(guildId: string, memberId: string, threads: ThreadKnowledge): Promise<MemberAccess | null>;
  /** What every member can see (the @everyone role; no private thread): the bar for a public community digest. */
  forEveryone(guildId: string, threads: ThreadKnowledge): MemberAccess | null;
}

export interface ThreadKnowledge {
  isPrivate(threadId: string): boolean;
  /** The member posted in the thread (so joined it). */
  hasMember(threadId: string): boolean;
}

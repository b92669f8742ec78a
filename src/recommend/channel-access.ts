/**
 * Who may view what: the one question every message attune sends asks of each post it shows. Discord's answer in
 * production (src/discord/channel-access.ts), a table in benchmarks. Every answer fails closed: what cannot be
 * established right now (an unknown channel or thread, a private thread's membership not known yet, a member list
 * not complete) counts as not viewable.
 */

/** What one reader (a member, or every reader of a channel at once) may view right now. */
export interface MemberAccess {
  /**
   * Whether the post's channel (top-level) or thread may be viewed and its history read: View Channel and Read
   * Message History after overwrites, Connect for a voice or stage channel's chat, membership (or Manage Threads)
   * for a private thread.
   */
  canView(channelId: string, threadId: string | null): boolean;
  isNsfw(channelId: string): boolean;
  /**
   * Private threads `canView` said no to only because their membership was not known yet (not cached). Empty for
   * an access that never defers an answer.
   */
  pendingThreads(): readonly string[];
  /** Looks the pending memberships up (Discord); `canView` then answers them. A failed look-up stays a no. */
  resolvePending(): Promise<void>;
}

export interface ChannelAccess {
  /** The member's access right now; null when they are not (or no longer) in the guild. */
  forMember(guildId: string, memberId: string): Promise<MemberAccess | null>;
  /**
   * What every member who can read `channelId` may view: the bar for a message posted there, which all of them read
   * (the community digest, contest announcements). Null when the guild or the channel is unknown.
   */
  forReadersOf(guildId: string, channelId: string): Promise<MemberAccess | null>;
}

/** Whether a thread attune recorded is private: true / false, or null when attune does not know the thread. */
export type ThreadPrivacy = (threadId: string) => boolean | null;

/**
 * Runs `read` against `access`; when it met private threads whose membership was not known yet, looks them up and
 * runs it again, so the answer rests on membership as Discord has it now. `read` must be free of side effects.
 */
export async function withSettledAccess<T>(access: MemberAccess, read: () => T): Promise<T> {
  const first = read();
  if (access.pendingThreads().length === 0) return first;
  await access.resolvePending();
  return read();
}

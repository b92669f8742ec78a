/**
 * Each author's posts in time order, to answer "which post did this mention point at": a mention of a member
 * engages with that member's most recent post before the mention (a mention is addressed to a person, and what
 * they said last is what it most likely responds to).
 */
export class AuthorTimeline {
  private readonly times = new Map<string, number[]>();
  private readonly posts = new Map<string, number[]>();

  /** Posts must be added in non-decreasing `createdAt` order. */
  add(authorId: string, createdAt: number, post: number): void {
    let times = this.times.get(authorId);
    let posts = this.posts.get(authorId);
    if (!times || !posts) {
      times = [];
      posts = [];
      this.times.set(authorId, times);
      this.posts.set(authorId, posts);
    }
    times.push(createdAt);
    posts.push(post);
  }

  /** The author's latest post created strictly before `time`, or -1. */
  latestBefore(authorId: string, time: number): number {
    const times = this.times.get(authorId);
    const posts = this.posts.get(authorId);
    if (!times || !posts) return -1;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] as number) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -1 : (posts[lo - 1] as number);
  }
}

/**
 * Posts in time order per key (an author, or an author in one conversation), to answer "which post did this
 * mention point at" (see engagement.ts): the key's latest post before a time, optionally no older than a bound.
 */
export class AuthorTimeline {
  private readonly times = new Map<string, number[]>();
  private readonly posts = new Map<string, number[]>();

  /** Posts must be added in non-decreasing `createdAt` order per key. */
  add(key: string, createdAt: number, post: number): void {
    let times = this.times.get(key);
    let posts = this.posts.get(key);
    if (!times || !posts) {
      times = [];
      posts = [];
      this.times.set(key, times);
      this.posts.set(key, posts);
    }
    times.push(createdAt);
    posts.push(post);
  }

  /** The key's latest post created strictly before `time` and at or after `notBefore`, or -1. */
  latestBefore(key: string, time: number, notBefore = -Infinity): number {
    const times = this.times.get(key);
    const posts = this.posts.get(key);
    if (!times || !posts) return -1;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] as number) < time) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0 || (times[lo - 1] as number) < notBefore) return -1;
    return posts[lo - 1] as number;
  }
}

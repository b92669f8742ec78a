interface PendingWait<T> {
  predicate: (value: T) => boolean;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Promises that settle when a matching value is announced, or reject after a timeout. Tests use them to wait for
 * something the fake sees (an identify, a request) without polling.
 */
export class Waiters<T> {
  readonly #pending = new Set<PendingWait<T>>();

  wait<Match extends T>(predicate: (value: T) => value is Match, timeoutMs: number, description: string): Promise<Match>;
  wait(predicate: (value: T) => boolean, timeoutMs: number, description: string): Promise<T>;
  wait(predicate: (value: T) => boolean, timeoutMs: number, description: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: PendingWait<T> = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(entry);
          reject(new Error(`fake-discord: timed out after ${timeoutMs} ms waiting for ${description}`));
        }, timeoutMs),
      };
      this.#pending.add(entry);
    });
  }

  notify(value: T): void {
    for (const entry of [...this.#pending]) {
      if (!entry.predicate(value)) continue;
      clearTimeout(entry.timer);
      this.#pending.delete(entry);
      entry.resolve(value);
    }
  }

  rejectAll(reason: string): void {
    for (const entry of this.#pending) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`fake-discord: ${reason}`));
    }
    this.#pending.clear();
  }
}

/** Milliseconds since the Unix epoch at which Discord's snowflake clock starts (2015-01-01T00:00:00Z). */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

// The low 22 bits of a snowflake are worker, process and increment; the fake uses all of them as one counter so
// that up to ~4 million ids can share a millisecond (history built with an explicit `at` often does).
const LOW_BITS = 22n;
const MAX_PER_MS = 1 << 22;

/**
 * Mints snowflakes from the fake's clock. Ids minted for "now" never go backwards even if the clock does, and ids
 * minted for an explicit past time encode that time, so ordering ids orders messages by creation time.
 */
export class SnowflakeGenerator {
  readonly #clock: () => number;
  readonly #usedPerMs = new Map<number, number>();
  #lastNow = DISCORD_EPOCH_MS;

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /** A new unique id whose timestamp is `at` (ms since the Unix epoch), or the current time. */
  next(at?: number): string {
    const ms = at === undefined ? this.#now() : validTimestamp(at);
    const used = this.#usedPerMs.get(ms) ?? 0;
    if (used >= MAX_PER_MS) throw new RangeError(`more than ${MAX_PER_MS} snowflakes requested for ${ms}`);
    this.#usedPerMs.set(ms, used + 1);
    return ((BigInt(ms - DISCORD_EPOCH_MS) << LOW_BITS) | BigInt(used)).toString();
  }

  /** The current time as the generator sees it: the clock, but never earlier than an id it already minted for now. */
  now(): number {
    return this.#now();
  }

  #now(): number {
    const ms = Math.max(validTimestamp(this.#clock()), this.#lastNow);
    this.#lastNow = ms;
    return ms;
  }
}

function validTimestamp(ms: number): number {
  if (!Number.isFinite(ms) || ms < DISCORD_EPOCH_MS) {
    throw new RangeError(`timestamp ${ms} is not a time after Discord's epoch (2015-01-01)`);
  }
  return Math.floor(ms);
}

/** The creation time encoded in a snowflake, in ms since the Unix epoch. */
export function timestampOfSnowflake(id: string): number {
  return Number(BigInt(id) >> LOW_BITS) + DISCORD_EPOCH_MS;
}

/** Whether a string is shaped like a snowflake (Discord rejects other ids with 400/404). */
export function isSnowflake(value: string): boolean {
  return /^(0|[1-9][0-9]{0,19})$/.test(value) && BigInt(value) < 1n << 64n;
}


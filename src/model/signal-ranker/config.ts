/**
 * The signal ranker's settings and its fixed fallback weights. Plain data, stored with every trained model.
 */
import { z } from 'zod';
import { SIGNALS, type SignalName } from './signals.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const signalRankerConfigSchema = z.object({
  /**
   * The digest the ranker learns to fill when the caller does not say (TrainOptions.protocol): a day of candidates,
   * two days to engage — the training run's and `attune eval`'s defaults.
   */
  windowMs: z.number().positive(),
  horizonMs: z.number().positive(),
  /**
   * Cuts of the guild's own history the weights are learned from are taken newest first until the training lists
   * reach `targetLists` (a busy guild needs a few days, a quiet one goes months back), at most `maxCuts` of them and
   * none older than `trainingSpanMs` before the snapshot. Training reads this recent window of the history for its
   * examples while every signal still reads the whole decayed history, so its cost does not grow with the guild's
   * age.
   */
  targetLists: z.number().int().positive(),
  maxCuts: z.number().int().nonnegative(),
  trainingSpanMs: z.number().positive(),
  /** The newest cuts held out to choose between the learned weights (per L2 strength) and the fallback. */
  validationCuts: z.number().int().positive(),
  /** Members (lists) per cut at most, and sampled non-targets per training list. */
  listsPerCut: z.number().int().positive(),
  negativesPerList: z.number().int().positive(),
  /**
   * Sampled non-targets per validation list (every target is kept). A validation list would otherwise hold every
   * candidate of its window: on a busy server (10k posts a day) 3 cuts × 400 lists × 10k candidates of 31 signals
   * are 1.5 GB, twice that while the cuts are joined — what made a 1M-message guild peak at 4.8 GB RSS. A sample of
   * 1,000 keeps the comparison between weight vectors (the validation's only use) and bounds it at ~50 MB a cut.
   */
  validationNegativesPerList: z.number().int().positive(),
  /** Below this many lists in all, the balanced prior serves: too little history to judge anything. */
  minSelectionLists: z.number().int().nonnegative(),
  /** Below this many training lists the chosen prior serves: too little history to learn weights from. */
  minTrainingLists: z.number().int().nonnegative(),
  /**
   * Strengths of the pull towards the fallback weights tried on the validation cuts, in lists: a Gaussian prior on
   * the weights worth this many lists of evidence, so the pull per list is strength / lists — a guild with little
   * history stays near the fallback, a busy one moves as far as its data says.
   */
  priorStrength: z.array(z.number().positive()).min(1),
  maxIterations: z.number().int().positive(),
  /** NDCG cut-off of the validation (the digest's length). */
  k: z.number().int().positive(),
});
export type SignalRankerConfig = z.infer<typeof signalRankerConfigSchema>;

export const DEFAULT_SIGNAL_RANKER_CONFIG: SignalRankerConfig = {
  windowMs: DAY,
  horizonMs: 2 * DAY,
  targetLists: 2000,
  maxCuts: 400,
  trainingSpanMs: 365 * DAY,
  validationCuts: 3,
  listsPerCut: 400,
  negativesPerList: 100,
  validationNegativesPerList: 1000,
  minSelectionLists: 10,
  minTrainingLists: 40,
  priorStrength: [3, 30, 300],
  maxIterations: 60,
  k: 10,
};

export function signalRankerConfig(overrides: Partial<SignalRankerConfig> = {}): SignalRankerConfig {
  return signalRankerConfigSchema.parse({ ...DEFAULT_SIGNAL_RANKER_CONFIG, ...overrides });
}

/**
 * The balanced fixed weights, per unit of each signal (signals are mostly log(1 + count), flags 0/1, freshness
 * −log(1 + age in hours)). They serve a guild with too little history to judge anything, and they are the default
 * prior the learned weights are pulled towards. Set by reasoning, not fitted to any data set:
 * - being addressed (a reply to you, a mention of you) is the strongest reason to answer;
 * - where the member is talking right now outweighs where they talk this week, which outweighs their home over
 *   months; a thread they joined pulls like a conversation they are in;
 * - people they answer and who answer them, and what they are talking about with someone right now, come next;
 *   engagement by their strongest relations (social proof) is a strong vote, and so is engagement by members who
 *   engage with the same posts as they do (the graph filter); engagement by anyone is a weak one;
 * - a thread's starter draws the engagement of everyone who joins the thread (posting in a thread engages its
 *   starter), so it outweighs any one message; posts many members already engaged with, and recently, draw more;
 *   newer posts and posts not yet buried under later messages are likelier to be answered in the next days; an
 *   author whose posts are well received and whom moderators or the quality model judged well gets a small lift.
 */
const BALANCED: Readonly<Record<SignalName, number>> = {
  channel_now: 0.8,
  channel_days: 0.5,
  channel_months: 0.3,
  channel_share: 1,
  thread_activity: 0.5,
  thread_joined: 0.8,
  replies_to_member: 2,
  mentions_member: 2,
  member_replied_to_author: 0.5,
  member_mentioned_author: 0.5,
  member_reacted_to_author: 0.3,
  member_joined_author_threads: 0.3,
  author_replied_to_member: 0.4,
  author_mentioned_member: 0.4,
  author_reacted_to_member: 0.2,
  author_joined_member_threads: 0.2,
  co_thread_with_author: 0.2,
  talking_with_author_now: 0.8,
  social_proof: 0.8,
  graph_filter: 1,
  engagers: 0.6,
  replies: 0.2,
  reactors: 0.2,
  heat: 0.6,
  freshness: 0.5,
  buried: -0.2,
  thread_starter: 2,
  author_activity: 0.1,
  author_reception: 0.3,
  author_quality: 1,
};

/** A small freshness term breaks the ties of a one-idea ranking the way the simple rankings do (newer first). */
const TIE_BREAK = { freshness: 0.05 };

/**
 * The fixed rankings a guild's weights start from: the balanced weights, and one per idea the simple rankings
 * stand for — what draws engagement (engagement so far, heat, thread starters: popularity, Discourse top), the
 * member's channels, the member's people, the member's threads, newest first. Training picks the one that ranks
 * the guild's own history best (every list of every cut, no fitting involved), serves it where there is too little
 * history to learn more, and pulls the learned weights towards it: a forum where threads are everything and a chat
 * server where the conversation is everything start from different places, both documented here.
 */
export const PRIORS = {
  balanced: BALANCED,
  activity: { engagers: 1, replies: 0.5, reactors: 0.5, heat: 0.5, thread_starter: 1, ...TIE_BREAK },
  channels: { channel_now: 0.5, channel_days: 1, channel_months: 1, channel_share: 1, ...TIE_BREAK },
  people: {
    replies_to_member: 1,
    mentions_member: 1,
    member_replied_to_author: 1,
    member_mentioned_author: 1,
    member_reacted_to_author: 1,
    member_joined_author_threads: 1,
    author_replied_to_member: 0.5,
    author_mentioned_member: 0.5,
    author_reacted_to_member: 0.5,
    author_joined_member_threads: 0.5,
    co_thread_with_author: 0.5,
    talking_with_author_now: 1,
    ...TIE_BREAK,
  },
  threads: { thread_joined: 1, thread_activity: 1, ...TIE_BREAK },
  recency: { freshness: 1 },
} as const satisfies Record<string, Partial<Record<SignalName, number>>>;
export type PriorName = keyof typeof PRIORS;
export const DEFAULT_PRIOR: PriorName = 'balanced';

/** A prior as a weight vector in SIGNALS order (signals it does not name weigh 0). */
export function priorVector(name: PriorName): number[] {
  const weights: Partial<Record<SignalName, number>> = PRIORS[name];
  return SIGNALS.map((s) => weights[s.name] ?? 0);
}

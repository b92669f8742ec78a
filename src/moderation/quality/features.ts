/**
 * Content-free signals of a post's quality, computed from what attune records: the author's history (how much
 * they post, how their earlier posts were received and judged), how the post was received (reactions from others,
 * replies, how fast) relative to its channel's norms, and its shape (reply, thread, attachments). Text features
 * are added only when the guild's admins enabled content features (Developer Policy #21).
 *
 * Every author-history feature uses only what was known before the post was written, so a time holdout measures
 * what the model would have known.
 */
import type Database from 'better-sqlite3';
import { moderationQueries, type QualityPostRow } from '../../db/queries/moderation.js';

const HOUR_MS = 60 * 60 * 1000;

export const BASE_FEATURES = [
  'author_prior_posts',
  'author_prior_mean_reactions',
  'author_confirmed_rate',
  'author_dismissed_rate',
  'author_posts_last_hour',
  'reactions',
  'reactors_vs_channel',
  'replies',
  'reactions_first_hour',
  'channel_mean_reactions',
  'channel_confirmed_rate',
  'is_reply',
  'in_thread',
  'attachments',
] as const;

export const TEXT_FEATURES = ['text_length', 'text_upper_ratio', 'text_links', 'text_repeat_ratio'] as const;

/** 0: a moderator confirmed it low quality; 1: fine (a dismissed flag, or clear engagement); null: unknown. */
export type QualityLabel = 0 | 1 | null;

export interface QualityDataset {
  featureNames: string[];
  postIds: string[];
  createdAt: number[];
  /** Row-major, postIds.length × featureNames.length. */
  features: Float32Array;
  labels: QualityLabel[];
  /** True when the label came from a moderator's decision (the only labels evaluation counts). */
  moderatorLabelled: boolean[];
  /** The simple heuristic's inputs: reactions from others and replies. */
  reactions: number[];
  replies: number[];
}

export interface DatasetOptions {
  includeText: boolean;
  /** Members who opted out: their posts are neither learned from nor scored. */
  excludeAuthors: ReadonlySet<string>;
  /** Only posts created before this (the scoring or evaluation time). */
  before: number;
  /** Distinct reactors + repliers (others) from which an unflagged post counts as fine. */
  engagementPositive?: number;
}

interface PostRow extends QualityPostRow {
  reactions: number;
  reactionsFirstHour: number;
  replies: number;
}

export function buildQualityDataset(sqlite: Database.Database, guildId: string, options: DatasetOptions): QualityDataset {
  const queries = moderationQueries(sqlite);
  const base = queries.qualityPosts(guildId, options.before);
  const reactionCounts = new Map(queries.reactionCountsByPost(guildId).map((r) => [r.id, r] as const));
  const replyCounts = new Map(queries.replyCountsByPost(guildId).map((r) => [r.id, r.n] as const));
  const rows: PostRow[] = base.map((p) => ({
    ...p,
    reactions: reactionCounts.get(p.id)?.n ?? 0,
    reactionsFirstHour: reactionCounts.get(p.id)?.firstHour ?? 0,
    replies: replyCounts.get(p.id) ?? 0,
  }));
  const posts = rows.filter((r) => !options.excludeAuthors.has(r.authorId));
  const featureNames: string[] = [...BASE_FEATURES, ...(options.includeText ? TEXT_FEATURES : [])];
  const width = featureNames.length;
  const features = new Float32Array(posts.length * width);

  // Channel norms over every post of the channel (no labels involved, so no leakage).
  const channelTotals = new Map<string, { posts: number; reactions: number }>();
  for (const p of posts) {
    const t = channelTotals.get(p.channelId) ?? { posts: 0, reactions: 0 };
    t.posts += 1;
    t.reactions += p.reactions;
    channelTotals.set(p.channelId, t);
  }
  // Moderator decisions in time order, for "what was known when the post was written".
  const decisions = posts
    .filter((p) => (p.status === 'confirmed' || p.status === 'dismissed') && p.resolvedAt !== null)
    .map((p) => ({ authorId: p.authorId, channelId: p.channelId, at: p.resolvedAt ?? 0, confirmed: p.status === 'confirmed' }))
    .sort((a, b) => a.at - b.at);

  const authorPrior = new Map<string, { posts: number; reactions: number; recent: number[] }>();
  const authorJudged = new Map<string, { confirmed: number; dismissed: number }>();
  const channelJudged = new Map<string, { confirmed: number; total: number }>();
  let nextDecision = 0;
  const labels: QualityLabel[] = [];
  const moderatorLabelled: boolean[] = [];
  const positiveFrom = options.engagementPositive ?? 3;

  posts.forEach((p, i) => {
    while (nextDecision < decisions.length && (decisions[nextDecision]?.at ?? Infinity) < p.createdAt) {
      const d = decisions[nextDecision++]!;
      const a = authorJudged.get(d.authorId) ?? { confirmed: 0, dismissed: 0 };
      if (d.confirmed) a.confirmed += 1;
      else a.dismissed += 1;
      authorJudged.set(d.authorId, a);
      const c = channelJudged.get(d.channelId) ?? { confirmed: 0, total: 0 };
      c.total += 1;
      if (d.confirmed) c.confirmed += 1;
      channelJudged.set(d.channelId, c);
    }
    const prior = authorPrior.get(p.authorId) ?? { posts: 0, reactions: 0, recent: [] };
    const judged = authorJudged.get(p.authorId) ?? { confirmed: 0, dismissed: 0 };
    const channel = channelTotals.get(p.channelId) ?? { posts: 1, reactions: 0 };
    const channelMean = channel.posts > 1 ? (channel.reactions - p.reactions) / (channel.posts - 1) : 0;
    const cj = channelJudged.get(p.channelId) ?? { confirmed: 0, total: 0 };
    prior.recent = prior.recent.filter((t) => t > p.createdAt - HOUR_MS);
    const values: number[] = [
      Math.log1p(prior.posts),
      Math.log1p(prior.posts > 0 ? prior.reactions / prior.posts : 0),
      // Rates rather than counts: counts only grow with time, and a time holdout punishes features that drift.
      judged.confirmed / (prior.posts + 1),
      judged.dismissed / (prior.posts + 1),
      Math.log1p(prior.recent.length),
      Math.log1p(p.reactions),
      Math.log1p(p.reactions) - Math.log1p(channelMean),
      Math.log1p(p.replies),
      Math.log1p(p.reactionsFirstHour),
      Math.log1p(channelMean),
      (cj.confirmed + 0.5) / (cj.total + 5),
      p.replyToId === null ? 0 : 1,
      p.threadId === null ? 0 : 1,
      Math.log1p(p.attachmentCount),
    ];
    if (options.includeText) values.push(...textFeatures(p.content));
    features.set(values, i * width);
    prior.posts += 1;
    prior.reactions += p.reactions;
    prior.recent.push(p.createdAt);
    authorPrior.set(p.authorId, prior);

    if (p.status === 'confirmed' || p.status === 'dismissed') {
      labels.push(p.status === 'confirmed' ? 0 : 1);
      moderatorLabelled.push(true);
    } else {
      labels.push(p.flagged === 0 && p.reactions + p.replies >= positiveFrom ? 1 : null);
      moderatorLabelled.push(false);
    }
  });

  return {
    featureNames,
    postIds: posts.map((p) => p.id),
    createdAt: posts.map((p) => p.createdAt),
    features,
    labels,
    moderatorLabelled,
    reactions: posts.map((p) => p.reactions),
    replies: posts.map((p) => p.replies),
  };
}

/** Shape of the text only (no words are kept or learned): length, shouting, links, repetition. */
function textFeatures(content: string | null): number[] {
  if (content === null || content.length === 0) return [0, 0, 0, 0];
  const letters = content.replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  const links = (content.match(/https?:\/\//g) ?? []).length;
  const repeats = (content.match(/(.)\1{2,}/gu) ?? []).reduce((n, run) => n + run.length, 0);
  return [Math.log1p(content.length), letters.length > 0 ? upper / letters.length : 0, Math.log1p(links), repeats / content.length];
}

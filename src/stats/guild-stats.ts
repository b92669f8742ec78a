/** Everything /stats shows about one guild over one range, read in one go (one read transaction: consistent figures). */
import type Database from 'better-sqlite3';
import { guildQueries } from '../db/queries/guilds.js';
import { settingsQueries } from '../db/queries/settings.js';
import { activitySeries, type ActivitySeries } from './activity-series.js';
import { engagementSeries, type EngagementSeries } from './engagement-series.js';
import { modelQualitySeries, type TrainingRunQuality } from './model-quality-series.js';
import { memberBalances, pointsDistribution, type PointsDistribution } from './points-distribution.js';
import { statsRange, type StatsRange } from './stats-range.js';

export interface GuildStats {
  guildId: string;
  range: StatsRange;
  activity: ActivitySeries;
  engagement: EngagementSeries;
  runs: TrainingRunQuality[];
  points: PointsDistribution;
}

export function collectGuildStats(sqlite: Database.Database, guildId: string, now: number, days: number): GuildStats {
  // The guild's own days: the zone its digest, caps, streaks and leaderboards use.
  const range = statsRange(now, days, settingsQueries(sqlite).timeZone(guildId));
  return sqlite.transaction(() => ({
    guildId,
    range,
    activity: activitySeries(sqlite, guildId, range),
    engagement: engagementSeries(sqlite, guildId, range),
    runs: modelQualitySeries(sqlite, guildId, range),
    points: pointsDistribution(memberBalances(sqlite, guildId, now)),
  }))();
}

/** Whether the guild is known to attune at all (recorded by the gateway or an import). */
export function guildIsRecorded(sqlite: Database.Database, guildId: string): boolean {
  return guildQueries(sqlite).isRecorded(guildId);
}

const sum = (series: readonly number[]) => series.reduce((a, b) => a + b, 0);

/** The headline figures of the embed (and the demo's printout). */
export interface StatsSummary {
  posts: number;
  reactions: number;
  replies: number;
  activeMembers: number;
  impressions: number;
  engaged: number;
  /** engaged / impressions; null without impressions. */
  engagementRate: number | null;
  feedbackMore: number;
  feedbackLess: number;
  feedbackHide: number;
  picksPresses: number;
  digestsDelivered: number;
  trainingRuns: number;
  latestRun: TrainingRunQuality | null;
  pointsHolders: number;
  top10Share: number | null;
}

export function summarize(stats: GuildStats): StatsSummary {
  const { activity, engagement, runs, points } = stats;
  const impressions = sum(engagement.impressions);
  const engaged = sum(engagement.engaged);
  return {
    posts: sum(activity.posts),
    reactions: sum(activity.reactions),
    replies: sum(activity.replies),
    activeMembers: activity.activeMembersInRange,
    impressions,
    engaged,
    engagementRate: impressions > 0 ? engaged / impressions : null,
    feedbackMore: sum(engagement.feedbackMore),
    feedbackLess: sum(engagement.feedbackLess),
    feedbackHide: sum(engagement.feedbackHide),
    picksPresses: sum(engagement.picksPresses),
    digestsDelivered: sum(engagement.digestsDelivered),
    trainingRuns: runs.length,
    latestRun: runs.at(-1) ?? null,
    pointsHolders: points.members,
    top10Share: points.top10Share,
  };
}

/** Nothing to draw: no activity, no recommendations, no training and no points in the range. */
export function hasNothingToShow(summary: StatsSummary): boolean {
  return (
    summary.posts + summary.reactions + summary.impressions + summary.picksPresses + summary.digestsDelivered === 0 &&
    summary.feedbackMore + summary.feedbackLess + summary.feedbackHide === 0 &&
    summary.trainingRuns === 0 &&
    summary.pointsHolders === 0
  );
}

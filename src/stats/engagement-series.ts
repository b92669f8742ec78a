/**
 * Engagement with recommendations and digests, per UTC day:
 * - impressions: posts shown (one per member, post and surface: /recommend, a DM digest, "Show my picks");
 * - engaged: of the impressions shown that day, those the member later reacted to or replied to (before the range's
 *   end; the `recommendation_engagement` view's definition), so engaged / impressions is that day's engagement rate;
 * - feedback by kind, on the day it was given (the latest press per member and post, as the table keeps it);
 * - "Show my picks" presses;
 * - personal digests delivered: DMs Discord accepted (`sent`, on `delivered_at`) and picks answered in the
 *   channel (`shown`, on `composed_at`, which is when they were shown).
 */
import type Database from 'better-sqlite3';
import { statsQueries } from '../db/queries/stats.js';
import { perDay, type StatsRange } from './stats-range.js';

export interface EngagementSeries {
  impressions: number[];
  engaged: number[];
  feedbackMore: number[];
  feedbackLess: number[];
  feedbackHide: number[];
  picksPresses: number[];
  digestsDelivered: number[];
}

export function engagementSeries(sqlite: Database.Database, guildId: string, range: StatsRange): EngagementSeries {
  const params = { guildId, start: range.start, end: range.end };
  const queries = statsQueries(sqlite);
  return {
    impressions: perDay(range, queries.impressionsByDay(params)),
    engaged: perDay(range, queries.engagedByDay(params)),
    feedbackMore: perDay(range, queries.feedbackByDay(params, 'more')),
    feedbackLess: perDay(range, queries.feedbackByDay(params, 'less')),
    feedbackHide: perDay(range, queries.feedbackByDay(params, 'hide')),
    picksPresses: perDay(range, queries.picksPressesByDay(params)),
    digestsDelivered: perDay(range, queries.digestsDeliveredByDay(params)),
  };
}

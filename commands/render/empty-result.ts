/** Why a recommendation came back empty, from what the filters removed: a helpful message, never an empty embed. */
import type { AppLocale } from '../../src/i18n/locale.js';
import { recommendText } from '../../src/i18n/recommend.js';
import type { PipelineResult } from '../../src/recommend/pipeline/types.js';

const SEEN = ['already_engaged', 'feedback_given', 'previously_digested', 'own_post'];

/**
 * Posts the member may not view are not among the counts at all (the pipeline hides them): an answer about a hidden
 * channel reads exactly as one about a channel where nothing was posted.
 */
export function emptyResultText(result: Pick<PipelineResult, 'candidateCount' | 'removed'>, windowLabel: string, locale: AppLocale): string {
  const t = recommendText(locale);
  if (result.candidateCount === 0) return t.emptyNothingRecent({ window: windowLabel });
  const seen = SEEN.reduce((total, name) => total + (result.removed.get(name) ?? 0), 0);
  const ageRestricted = result.removed.get('nsfw') ?? 0;
  if (ageRestricted > 0 && ageRestricted >= seen) return t.emptyAgeRestricted;
  if (seen > 0) return t.emptyAllSeen;
  return t.emptyOther;
}

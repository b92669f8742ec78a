/** Why a recommendation came back empty, from what the filters removed: a helpful message, never an empty embed. */
import type { AppLocale } from '../../src/i18n/locale.js';
import { recommendText } from '../../src/i18n/recommend.js';
import type { PipelineResult } from '../../src/recommend/pipeline/types.js';

const SEEN = ['already_engaged', 'feedback_given', 'previously_digested', 'own_post'];
const HIDDEN = ['no_permission', 'nsfw'];

export function emptyResultText(result: Pick<PipelineResult, 'candidateCount' | 'removed'>, windowLabel: string, locale: AppLocale): string {
  const t = recommendText(locale);
  if (result.candidateCount === 0) return t.emptyNothingRecent({ window: windowLabel });
  const sum = (names: string[]) => names.reduce((total, name) => total + (result.removed.get(name) ?? 0), 0);
  const seen = sum(SEEN);
  const hidden = sum(HIDDEN);
  if (hidden > 0 && hidden >= seen) return t.emptyNotVisible;
  if (seen > 0) return t.emptyAllSeen;
  return t.emptyOther;
}

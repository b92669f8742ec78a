/** attune's recommendation pipeline, as a configuration read in stage order. */
import type { Logger } from '../ops/log.js';
import { channelAffinitySource } from './candidate-source/channel-affinity-source.js';
import { freshSource } from './candidate-source/fresh-source.js';
import { inNetworkSource } from './candidate-source/in-network-source.js';
import { popularSource } from './candidate-source/popular-source.js';
import { botPostFilter } from './filter/bot-post-filter.js';
import { channelPermissionFilter } from './filter/channel-permission-filter.js';
import { deletedPostFilter } from './filter/deleted-post-filter.js';
import { engagedPostFilter } from './filter/engaged-post-filter.js';
import { feedbackFilter } from './filter/feedback-filter.js';
import { moderationFilter } from './filter/moderation-filter.js';
import { nsfwFilter } from './filter/nsfw-filter.js';
import { optedOutAuthorFilter } from './filter/opted-out-author-filter.js';
import { ownPostFilter } from './filter/own-post-filter.js';
import { previouslyDigestedFilter } from './filter/previously-digested-filter.js';
import { sameGuildFilter } from './filter/same-guild-filter.js';
import { RecommendationPipeline } from './pipeline/pipeline.js';
import type { LivePostState, ModerationHook } from './pipeline/types.js';
import { feedbackScorer } from './scorer/feedback-scorer.js';
import { modelScorer } from './scorer/model-scorer.js';
import { DEFAULT_DIVERSITY, type DiversityOptions } from './selector/diversity-selector.js';

export function buildRecommendationPipeline(options: {
  live: LivePostState;
  moderation: ModerationHook;
  diversity?: DiversityOptions;
  log: Logger;
}): RecommendationPipeline {
  return new RecommendationPipeline({
    sources: [inNetworkSource, channelAffinitySource, popularSource, freshSource],
    // What the member may not view goes first: it does not exist for them, so no later filter counts it (an empty
    // answer never hints at hidden posts). The rest cheapest first.
    filters: [
      sameGuildFilter,
      channelPermissionFilter,
      botPostFilter,
      ownPostFilter,
      optedOutAuthorFilter,
      engagedPostFilter,
      feedbackFilter,
      previouslyDigestedFilter,
      nsfwFilter,
    ],
    scorers: [modelScorer, feedbackScorer],
    shortlistFilters: [deletedPostFilter(options.live), moderationFilter(options.moderation)],
    diversity: options.diversity ?? DEFAULT_DIVERSITY,
    log: options.log,
  });
}

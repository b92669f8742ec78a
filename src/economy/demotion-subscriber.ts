import type { PostDemotionSubscriber } from '../moderation/demotions.js';
import { reversePostRewards } from './reversal.js';

/**
 * A post moderators confirm low quality loses what it earned (its post points, reactions and replies it earned,
 * contest entry and placing) as compensating ledger entries, and earns nothing afterwards — in the same
 * transaction as the confirmation, so a crash cannot leave one without the other.
 */
export const reversePointsOnDemotion: PostDemotionSubscriber = (tx, event) => {
  reversePostRewards(tx.sqlite, {
    guildId: event.guildId,
    postId: event.postId,
    at: event.at,
    reason: 'low_quality',
    by: event.moderatorId,
  });
};

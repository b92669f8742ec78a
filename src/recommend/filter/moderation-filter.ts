/**
 * Moderation's hook: posts it drops are removed; posts it demotes stay with their score multiplied by `demotion`
 * (the selector re-sorts the shortlist afterwards). With no moderation wired, it keeps everything unchanged.
 */
import type { Filter, ModerationHook } from '../pipeline/types.js';
import { partition } from './partition.js';

export function moderationFilter(hook: ModerationHook, demotion = 0.5): Filter {
  return {
    name: 'moderation',
    apply(candidates, { member }) {
      const verdicts = hook.verdicts(member.guildId, candidates.map((c) => c.postId));
      if (verdicts.size === 0) return { kept: candidates, removed: [] };
      return partition(candidates, (c) => {
        const verdict = verdicts.get(c.postId);
        if (verdict === 'demote') c.score *= demotion;
        return verdict !== 'drop';
      });
    },
  };
}

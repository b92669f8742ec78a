/**
 * Posts created since the serving snapshot (read live, see FreshPosts): they have no snapshot index and are scored
 * by the cold-start scorer, so a post made a minute ago can be recommended before the next refresh.
 */
import type { CandidateSource } from '../pipeline/types.js';

export const freshSource: CandidateSource = {
  name: 'fresh',
  fetch({ state, query, fresh }, emit) {
    let emitted = 0;
    for (const post of fresh) {
      if (emitted >= query.perSourceLimit) return;
      if (query.since !== undefined && post.createdAt < query.since) continue;
      if (query.channelId !== undefined && post.channelId !== query.channelId) continue;
      emit({
        postId: post.id,
        post: state.postIndex.get(post.id) ?? -1,
        guildId: state.guildId,
        channelId: post.channelId,
        threadId: post.threadId,
        authorId: post.authorIsBot ? null : post.authorId,
        createdAt: post.createdAt,
        source: 'fresh',
        score: 0,
      });
      emitted++;
    }
  },
};

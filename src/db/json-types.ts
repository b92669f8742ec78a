/**
 * The shapes of the JSON the database stores in `mode: 'json'` columns. The schema owns them: the features that
 * write and read these columns (recommendations explain, digests store items) import them from here, so the schema
 * depends on no feature module.
 */

export type ReasonKind =
  | 'friends_reacted'
  | 'friends_replied'
  /** Some of them reacted, some replied. */
  | 'friends_engaged'
  | 'people_reacted'
  | 'people_replied'
  | 'people_engaged'
  | 'new_from_friend'
  | 'rising'
  | 'active_channel'
  | 'popular'
  | 'new_in_channel'
  /** The model's reasons (see recommend/explanation/explainer.ts): its strongest relations engaged with the post … */
  | 'circle_engaged'
  /** … members who engage with the same posts as the member engaged with it (the graph filter) … */
  | 'similar_people'
  /** … it is in a thread the member takes part in … */
  | 'your_thread'
  /** … it replies to one of the member's posts … */
  | 'replied_to_you'
  /** … it mentions the member … */
  | 'mentions_you'
  /** … its author is someone the member often talks with. */
  | 'from_person';

/** One short, true reason a post was recommended, rendered by the caller in the member's language. */
export interface Reason {
  kind: ReasonKind;
  count?: number;
  channelId?: string;
  channelName?: string;
  authorId?: string;
}

/** What a digest stores per item (digest_runs.items, member_digests.items): enough to re-check and render it later. */
export interface DigestItem {
  postId: string;
  channelId: string;
  threadId: string | null;
  authorId: string | null;
  createdAt: number;
  reason: Reason;
}

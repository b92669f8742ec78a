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
  | 'new_in_channel';

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

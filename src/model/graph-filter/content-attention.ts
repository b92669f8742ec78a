/**
 * Content attention: a member's attention over candidate posts, a_ij = softmax_j(w_i · f_j), where f_j is the
 * post's content vector (channel + author + bucket embeddings, post-features.ts) and w_i = u_i W_c the member's
 * content query. Within one member's candidate set log a_ij = w_i · f_j − logsumexp_j(…), so ranking and pairwise
 * (BPR) training only need the logits w_i · f_j; the softmax is there for consumers that want the weights.
 */
import { tf } from '../backend.js';
import { gatherRows } from './propagation.js';
import { BUCKETS_PER_POST } from './post-features.js';

export interface ContentTables {
  /** [channels + 1, d]; the last row stands for a channel unseen at training time. */
  channel: tf.Tensor2D;
  /** [BUCKET_COUNT, d]. */
  bucket: tf.Tensor2D;
}

/**
 * f_j for the given posts. `authorVectors` are propagated member vectors with one extra zero row at index
 * `members` for unknown authors; `authorIndex` must already map -1 to that row.
 */
export function contentVectors(
  tables: ContentTables,
  authorVectors: tf.Tensor2D,
  channelIndex: tf.Tensor1D,
  authorIndex: tf.Tensor1D,
  bucketIndex: tf.Tensor1D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const n = channelIndex.shape[0];
    const d = tables.channel.shape[1];
    const buckets = tf.sum(tf.reshape(gatherRows(tables.bucket, bucketIndex), [n, BUCKETS_PER_POST, d]), 1);
    return tf.add(tf.add(gatherRows(tables.channel, channelIndex), gatherRows(authorVectors, authorIndex)), buckets);
  });
}

/** Row-wise attention logits w_i · f_i for aligned [B, d] batches (training pairs). */
export function pairLogits(queries: tf.Tensor2D, content: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.mul(queries, content), 1));
}

/** a_ij = softmax over each member's candidates: queries [B, d], candidate content [n, d] → [B, n]. */
export function contentAttention(queries: tf.Tensor2D, candidateContent: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.softmax(tf.matMul(queries, tf.transpose(candidateContent))) as tf.Tensor2D);
}

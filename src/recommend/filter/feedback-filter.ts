/** A post the member gave any feedback on (👍, 👎, hide) is not shown again: it filters from the next request on. */
import type { Filter } from '../pipeline/types.js';
import { partition } from './partition.js';

export const feedbackFilter: Filter = {
  name: 'feedback_given',
  apply: (candidates, { member }) => partition(candidates, (c) => !member.feedback.has(c.postId)),
};

import { defineListener } from './define.js';

export const messageDeleteBulkRecordDeletion = defineListener({
  name: 'messageDeleteBulkRecordDeletion',
  event: 'messageDeleteBulk',
  run(ctx, messages, channel) {
    if (channel.isDMBased()) return;
    ctx.writer.enqueue({ kind: 'postsDeleted', ids: [...messages.keys()], at: ctx.now() });
  },
});

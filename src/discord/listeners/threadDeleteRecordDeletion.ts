import { defineListener } from './define.js';

export const threadDeleteRecordDeletion = defineListener({
  name: 'threadDeleteRecordDeletion',
  event: 'threadDelete',
  run(ctx, thread) {
    ctx.writer.enqueue({ kind: 'channelDeleted', channelId: thread.id, at: ctx.now() });
  },
});

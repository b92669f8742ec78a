import { defineListener } from './define.js';

export const channelDeleteRecordDeletion = defineListener({
  name: 'channelDeleteRecordDeletion',
  event: 'channelDelete',
  run(ctx, channel) {
    if (channel.isDMBased()) return;
    ctx.writer.enqueue({ kind: 'channelDeleted', channelId: channel.id, at: ctx.now() });
  },
});

import { defineListener } from './define.js';
import { channelRecord } from '../../ingest/from-discord.js';

export const channelUpdateRecordChannel = defineListener({
  name: 'channelUpdateRecordChannel',
  event: 'channelUpdate',
  run(ctx, _old, channel) {
    const record = channelRecord(channel);
    if (record) ctx.writer.enqueue({ kind: 'channel', channel: record, at: ctx.now() });
  },
});

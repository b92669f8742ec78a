import { defineListener } from './define.js';
import { channelRecord } from '../../ingest/from-discord.js';

export const channelCreateRecordChannel = defineListener({
  name: 'channelCreateRecordChannel',
  event: 'channelCreate',
  run(ctx, channel) {
    const record = channelRecord(channel);
    if (record) ctx.writer.enqueue({ kind: 'channel', channel: record, at: ctx.now() });
  },
});

import { defineListener } from './define.js';
import { channelRecord } from '../../ingest/from-discord.js';

export const threadUpdateRecordThread = defineListener({
  name: 'threadUpdateRecordThread',
  event: 'threadUpdate',
  run(ctx, _old, thread) {
    const record = channelRecord(thread);
    if (record) ctx.writer.enqueue({ kind: 'channel', channel: record, at: ctx.now() });
  },
});

import { defineListener } from './define.js';
import { channelRecord } from '../../ingest/from-discord.js';

export const threadCreateRecordThread = defineListener({
  name: 'threadCreateRecordThread',
  event: 'threadCreate',
  run(ctx, thread) {
    const record = channelRecord(thread);
    if (record) ctx.writer.enqueue({ kind: 'channel', channel: record, at: ctx.now() });
    // A new thread has no history to backfill: everything in it arrives live from now on.
    if (ctx.sync.isGuildLive(thread.guildId)) ctx.sync.markLive(thread.id);
  },
});

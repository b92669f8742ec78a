import { defineListener } from './define.js';
import { postEditRecord } from '../../ingest/from-discord.js';

export const messageUpdateRecordEdit = defineListener({
  name: 'messageUpdateRecordEdit',
  event: 'messageUpdate',
  run(ctx, _old, message) {
    if (!message.guildId) return;
    // Embed unfurls also arrive as updates; only a real edit carries edited_timestamp.
    const edit = postEditRecord(message, ctx.keepContent);
    if (edit !== null) ctx.writer.enqueue({ kind: 'postEdited', edit });
  },
});

import { defineListener } from './define.js';
import { memberRecord } from '../../ingest/from-discord.js';

export const guildMemberUpdateRecordMember = defineListener({
  name: 'guildMemberUpdateRecordMember',
  event: 'guildMemberUpdate',
  run(ctx, _old, member) {
    const record = memberRecord(member);
    if (record) ctx.writer.enqueue({ kind: 'member', member: record, at: ctx.now() });
  },
});

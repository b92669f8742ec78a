import { defineListener } from './define.js';
import { memberRecord } from '../../ingest/from-discord.js';

export const guildMemberAddRecordMember = defineListener({
  name: 'guildMemberAddRecordMember',
  event: 'guildMemberAdd',
  run(ctx, member) {
    const record = memberRecord(member);
    if (record) ctx.writer.enqueue({ kind: 'member', member: record, at: ctx.now() });
  },
});

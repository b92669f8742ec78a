/**
 * Personal data in the delivery outbox: the member's DMs (digests) and the announcements that name them (badges,
 * role rewards). Contest and admin announcements name no member. The payloads are ids and kinds, never text.
 */
import type { PersonalDataTable } from './statements.js';
import { all, inGuild, run } from './statements.js';

/** Rows addressed to the member, or naming them in an announcement's payload or its dedupe key. */
const aboutMember = `(user_id = @userId OR json_extract(payload, '$.memberId') = @userId OR instr(dedupe_key, @userId) > 0)`;

export const deliveryTables: readonly PersonalDataTable[] = [
  {
    table: 'delivery_outbox',
    export: (s, subject) =>
      all(
        s,
        `SELECT guild_id, sender, kind, payload, status, created_at, sent_at FROM delivery_outbox
          WHERE (user_id = @userId OR json_extract(payload, '$.memberId') = @userId) AND ${inGuild()} ORDER BY id`,
        subject,
      ),
    erase: (s, erasure) => run(s, [`DELETE FROM delivery_outbox WHERE ${aboutMember} AND ${inGuild()}`], erasure),
  },
];

/**
 * The setup rows of the delivery outbox: the message attune sends once after joining a server, rendered when its
 * turn comes from the server as it is then (what is set up, what is missing and the fix for each), in the server's
 * language, to its system messages channel or the first channel attune may post in.
 */
import type { Client } from 'discord.js';
import type { Db } from '../../src/db/connection.js';
import type { OutboxSender } from '../../src/discord/delivery/outbox.js';
import { guildLocale } from '../../src/discord/guild-facts.js';
import { collectSettingsOverview, setupNoticeChannel } from '../../src/discord/settings-overview.js';
import { renderSetupNotice } from './settings-overview.js';

export function setupNoticeSender(client: Client, db: Db, options: { messageContent: boolean; now: () => number }): OutboxSender {
  return {
    name: 'setup',
    render(row) {
      const guild = client.guilds.cache.get(row.guildId);
      if (!guild) return { skip: 'attune is not in the server any more' };
      const channelId = row.channelId ?? setupNoticeChannel(guild);
      if (channelId === null) return { skip: 'no channel attune may post in' };
      const view = collectSettingsOverview(guild, db, { messageContent: options.messageContent, now: options.now() });
      return { to: { channelId }, message: renderSetupNotice(view, guildLocale(client, db.$client, guild.id)) };
    },
  };
}

/**
 * Wires the economy and contests for the bot: the services, their Discord side (announcements through the delivery
 * outbox, role grants), their tasks (the economy tick, the sweep), and the start-up pass: once the start-up backfill
 * is done, a sweep of the ledger against the recorded activity, then the deadlines that fell due while the bot was
 * down. Wiring only.
 */
import type { Client } from 'discord.js';
import { announcementSender } from '../../commands/render/announcement-sender.js';
import { ContestService } from '../contests/service.js';
import type { DatabaseHandle } from '../db/connection.js';
import { isOptedOutNow } from '../db/queries/opt-outs.js';
import type { DeliveryOutbox } from '../discord/delivery/outbox.js';
import { guildLocale, postJumpLink } from '../discord/guild-facts.js';
import { discordRoleGranting } from '../discord/role-granting.js';
import type { IngestWriter } from '../ingest/ingest-writer.js';
import type { Logger } from '../ops/log.js';
import type { ChannelAccess } from '../recommend/channel-access.js';
import { RoleGranter } from '../economy/role-rewards.js';
import { EconomyService } from '../economy/service.js';
import { economySweepTask } from '../tasks/economy-sweep-task.js';
import { economyTask } from '../tasks/economy-task.js';
import { economyEnabled, guildSettingsOf } from '../settings/guild-settings.js';
import type { TaskRunner } from '../tasks/task-runner.js';

/** Most announcement messages per economy tick; the rest wait for the next tick. */
const ANNOUNCEMENTS_PER_TICK = 10;

export interface EconomyWiringOptions {
  client: Client;
  /** Announcements are enqueued there by the economy and contests, and sent by the economy tick. */
  outbox: DeliveryOutbox;
  database: DatabaseHandle;
  writer: IngestWriter;
  log: Logger;
  now: () => number;
  /** Who may view what: contest entries are linked only where every reader of the announcement may view them. */
  access: ChannelAccess;
  /** Posts moderation confirmed low quality, for contest exclusion (default: posts reversed by reversePostRewards). */
  isPostDemoted?: (postId: string) => boolean;
}

export interface Economy {
  economy: EconomyService;
  contests: ContestService;
  /**
   * Once `startupDone` resolves (the start-up backfill), runs the sweep and the tick once (what fell due while the
   * bot was down) and only then schedules them: a deadline is never processed before the posts it counts are in.
   */
  start(tasks: TaskRunner, startupDone: Promise<void>): void;
  /** Resolves when the start-up pass is done and noted activity is reconciled. */
  idle(): Promise<void>;
  /** After the tasks stopped: no more reconciling; waits for the one in progress. */
  stop(): Promise<void>;
}

export function wireEconomy(options: EconomyWiringOptions): Economy {
  const { database, log, now, client } = options;
  const sqlite = database.sqlite;
  const economy = new EconomyService({ sqlite, db: database.db, log, now });
  const contests = new ContestService({
    sqlite,
    economy,
    now,
    ...(options.isPostDemoted ? { isPostDemoted: options.isPostDemoted } : {}),
  });
  options.outbox.addSender(
    announcementSender({
      contests,
      defaultChannel: (guildId) => economy.config(guildId).announceChannelId,
      switches: (guildId) => {
        const settings = guildSettingsOf(sqlite, guildId);
        return { economy: economyEnabled(settings), contests: settings.contestsEnabled };
      },
      localeOf: (guildId) => guildLocale(client, sqlite, guildId),
      postLink: (guildId, postId) => postJumpLink(sqlite, guildId, postId),
      isOptedOut: (guildId, memberId) => isOptedOutNow(sqlite, guildId, memberId),
      access: options.access,
    }),
  );
  const roles = new RoleGranter(sqlite, discordRoleGranting(client), (guildId) => economy.config(guildId), log, now);
  options.writer.onCommitted((ops) => economy.noteCommitted(ops));
  let startup: Promise<void> = Promise.resolve();
  let scheduled: TaskRunner | null = null;
  return {
    economy,
    contests,
    start(tasks, startupDone) {
      scheduled = tasks;
      startup = startupDone
        .then(async () => {
          tasks.add(economySweepTask(economy));
          tasks.add(
            economyTask({
              economy,
              contests,
              roles,
              // Announcements go out a few messages per tick: they never crowd out interaction replies.
              announce: (owns) => options.outbox.deliver({ sender: 'announcement', owns, maxMessages: ANNOUNCEMENTS_PER_TICK }),
            }),
          );
          await tasks.run('economy-sweep');
          await tasks.run('economy');
        })
        .catch((error: unknown) => log.error({ err: error }, 'economy start-up pass failed'));
    },
    async idle() {
      await startup;
      await scheduled?.idle('economy');
      await economy.idle();
    },
    async stop() {
      economy.stop();
      await economy.idle();
    },
  };
}

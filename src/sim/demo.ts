/**
 * `npm run demo`: attune offline. Starts the fake Discord with a simulated community, runs the real bot against
 * it, and shows what was recorded — including what happened while the bot was offline.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startBot, type RunningBot } from '../bot.js';
import { createLogger } from '../log.js';
import { generateCommunity } from './community.js';
import { clientOptionsFor, FakeDiscord } from './fake-discord/index.js';
import { createCommunityGuild, playActions } from './play-community.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoOptions {
  /** Folder for the demo's database (default ./demo-output/<time>). */
  outDir?: string;
  print?: (line: string) => void;
}

export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const outDir = resolve(options.outDir ?? join('demo-output', new Date().toISOString().replace(/[:.]/g, '-')));
  mkdirSync(outDir, { recursive: true });
  const databasePath = join(outDir, 'attune.db');
  const log = createLogger((process.env.LOG_LEVEL as 'warn' | undefined) ?? 'warn');
  const now = Date.now();

  print('attune demo — offline, against a fake Discord on 127.0.0.1 (no token, no network)\n');
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 5_000 });
  let bot: RunningBot | null = null;
  try {
    const community = generateCommunity({ seed: 7, members: 24, days: 3, postsPerDay: 60, start: now - 3 * DAY });
    const played = createCommunityGuild(fake, community);
    const offlineFrom = now - 2 * HOUR;
    const liveFrom = now - HOUR;
    const history = playActions(fake, community, played, 0, offlineFrom);
    print(`1. A simulated guild "${fake.guild(played.guildId)?.name}": ${community.members.length} members, ` +
      `${community.channels.length} channels (one forum, one private #mod-room the bot cannot see), ` +
      `${history} actions over 3 days before attune arrives.`);

    const start = () =>
      startBot({
        token: fake.token,
        databasePath,
        messageContent: true,
        apiUrl: fake.apiUrl,
        horizonDays: 30,
        refreshHours: 24,
        log,
        clientOverrides: clientOptionsFor(fake),
      });

    bot = await start();
    await bot.idle();
    print(`2. attune connects and backfills the history it can read:`);
    printCounts(bot, print);

    await bot.stop();
    bot = null;
    const offline = playActions(fake, community, played, offlineFrom, liveFrom);
    print(`\n3. attune goes offline; the guild keeps talking: ${offline} more actions. attune restarts and catches up:`);
    bot = await start();
    await bot.idle();
    printCounts(bot, print);

    const live = playActions(fake, community, played, liveFrom, now + DAY);
    const someone = [...played.memberIds.values()][3] as string;
    fake.removeMember(played.guildId, someone);
    fake.sendDirectMessage({ authorId: [...played.memberIds.values()][1] as string, content: 'a DM: never recorded' });
    await waitForWrites(bot);
    print(`\n4. Live: ${live} actions arrive over the gateway, one member leaves, someone DMs the bot (ignored):`);
    printCounts(bot, print);

    const sqlite = bot.database.sqlite;
    const recorded = sqlite.prepare(`SELECT COUNT(*) AS n FROM posts WHERE guild_id = ? AND deleted_at IS NULL`).get(played.guildId) as { n: number };
    const expected = countFakePosts(fake, played);
    const privateRows = sqlite.prepare(`SELECT COUNT(*) AS n FROM posts WHERE channel_id = ?`).get(played.privateChannelId) as { n: number };
    print(`\n5. Checks: posts recorded ${recorded.n} of ${expected} readable in the fake; ` +
      `rows from the private #mod-room: ${privateRows.n}; ` +
      `REST requests ${fake.requests.length}, rejected by Discord's API spec: ${fake.specViolations.length}.`);

    print('\nStrongest relations (reply, mention, reaction, co-thread events between members):');
    const top = sqlite.prepare(`SELECT f.username AS from_name, t.username AS to_name, r.kind, COUNT(*) AS n
      FROM member_relations r JOIN members f ON f.guild_id = r.guild_id AND f.user_id = r.from_id
      JOIN members t ON t.guild_id = r.guild_id AND t.user_id = r.to_id
      WHERE r.guild_id = ? GROUP BY r.from_id, r.to_id, r.kind ORDER BY n DESC, from_name LIMIT 8`).all(played.guildId) as {
      from_name: string; to_name: string; kind: string; n: number;
    }[];
    for (const row of top) print(`  ${row.from_name.padEnd(8)} → ${row.to_name.padEnd(8)} ${row.kind.padEnd(9)} ×${row.n}`);

    print(`\nThe database is at ${databasePath} — open it with any SQLite browser, or run`);
    print(`  DATABASE_PATH=${databasePath} npm run attune -- backup demo-copy.db`);
    return recorded.n === expected && privateRows.n === 0 ? 0 : 1;
  } finally {
    if (bot) await bot.stop();
    await fake.stop();
  }
}

function printCounts(bot: RunningBot, print: (line: string) => void): void {
  const count = (sql: string) => (bot.database.sqlite.prepare(sql).get() as { n: number }).n;
  const rows = [
    ['members present', count(`SELECT COUNT(*) AS n FROM members WHERE left_at IS NULL AND is_bot = 0`)],
    ['members who left', count(`SELECT COUNT(*) AS n FROM members WHERE left_at IS NOT NULL`)],
    ['channels / threads', count(`SELECT COUNT(*) AS n FROM channels WHERE kind NOT LIKE '%thread'`) + ' / ' + count(`SELECT COUNT(*) AS n FROM channels WHERE kind LIKE '%thread'`)],
    ['posts', count(`SELECT COUNT(*) AS n FROM posts WHERE deleted_at IS NULL`)],
    ['reactions', count(`SELECT COUNT(*) AS n FROM reactions`)],
    ['mentions', count(`SELECT COUNT(*) AS n FROM mentions`)],
    ['relation events', count(`SELECT COUNT(*) AS n FROM member_relations`)],
  ] as const;
  for (const [label, value] of rows) print(`   ${label.padEnd(20)} ${value}`);
}

function countFakePosts(fake: FakeDiscord, played: { guildId: string; privateChannelId: string; messageChannel: Map<string, string> }): number {
  const channels = new Set([...played.messageChannel.values()].filter((id) => id !== played.privateChannelId));
  let n = 0;
  for (const id of channels) n += fake.messages(id).length;
  return n;
}

/** Live events arrive asynchronously; wait until the writer has caught up with what the fake sent. */
async function waitForWrites(bot: RunningBot): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    await bot.idle();
    const written = bot.writer.written;
    if (written === last) return;
    last = written;
  }
}

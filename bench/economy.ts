/**
 * Economy sync benchmark: a database with N posts (one in three a reply) and 2N reactions written by the ingest store,
 * then (1) the start-up sweep that pays all of it from an empty ledger, (2) a second sweep with nothing to do (what
 * every later start-up costs), and (3) incremental reconciliation of batches of 200 touched posts (what follows each
 * ingest commit). Prints posts/s and ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { EconomyService } from '../src/economy/service.js';
import { ActivityStore } from '../src/ingest/activity-store.js';
import type { IngestOp } from '../src/ingest/records.js';
import { silentLogger } from '../src/ops/log.js';
import { figure, type BenchOutcome } from './figures.js';

const GUILD = '100000000000000001';
const DAY = 86_400_000;

export async function benchEconomy(options: { posts: number }): Promise<BenchOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-economy-'));
  const handle = openDatabase(join(dir, 'bench.db'));
  try {
    runMigrations(handle.db);
    const store = new ActivityStore(handle.sqlite);
    const t0 = Date.UTC(2026, 0, 1);
    const memberIds = Array.from({ length: 500 }, (_, i) => String(300000000000000000n + BigInt(i)));
    const ops: IngestOp[] = [{ kind: 'guild', guild: { id: GUILD, name: 'bench', ownerId: null, preferredLocale: 'en-US' }, at: 0 }];
    for (const userId of memberIds) {
      ops.push({ kind: 'member', member: { guildId: GUILD, userId, username: userId, displayName: null, isBot: false, joinedAt: t0 - 30 * DAY }, at: t0 });
    }
    let seed = 1;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const postIds: string[] = [];
    for (let i = 0; i < options.posts; i++) {
      const id = String(500000000000000000n + BigInt(i));
      const at = t0 + i * 30_000;
      const author = memberIds[Math.floor(random() * memberIds.length)]!;
      const target = i % 3 === 0 && postIds.length > 0 ? postIds[Math.floor(random() * postIds.length)]! : null;
      ops.push({
        kind: 'post',
        post: { id, guildId: GUILD, channelId: '200000000000000001', threadId: null, authorId: author, authorIsBot: false, createdAt: at, editedAt: null, replyToId: target, replyToAuthorId: null, attachmentCount: 0, content: null, mentionedUserIds: [], source: 'import' },
      });
      for (let r = 0; r < 2; r++) {
        ops.push({ kind: 'reactionAdded', reaction: { guildId: GUILD, messageId: id, userId: memberIds[Math.floor(random() * memberIds.length)]!, emoji: '👍', emojiName: null, at: at + 1000 } });
      }
      postIds.push(id);
    }
    store.apply(ops);
    const economy = new EconomyService({ sqlite: handle.sqlite, db: handle.db, log: silentLogger, now: () => t0 + options.posts * 30_000 });
    const time = async (work: () => Promise<void>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const first = await time(() => economy.sweep());
    const rows = (handle.sqlite.prepare(`SELECT COUNT(*) AS n FROM points_ledger`).get() as { n: number }).n;
    const second = await time(() => economy.sweep());
    const batches = Math.min(50, Math.floor(options.posts / 200));
    const incremental = await time(async () => {
      for (let b = 0; b < batches; b++) {
        economy.noteCommitted([{ kind: 'postsDeleted', ids: postIds.slice(b * 200, b * 200 + 200), at: t0 }]);
        store.apply([{ kind: 'postsDeleted', ids: postIds.slice(b * 200, b * 200 + 200), at: t0 }]);
        await economy.flush();
      }
    });
    console.log(`posts ${options.posts}, reactions ${2 * options.posts}, ledger rows written ${rows}`);
    console.log(`first sweep (empty ledger)      ${Math.round(first)} ms  (${Math.round(options.posts / (first / 1000))} posts/s)`);
    console.log(`second sweep (nothing to do)    ${Math.round(second)} ms`);
    if (batches > 0) console.log(`incremental, 200 deleted posts   ${(incremental / batches).toFixed(1)} ms per batch`);
    return {
      dataset: 'synthetic',
      preset: `${options.posts.toLocaleString('en-US')} posts, ${(2 * options.posts).toLocaleString('en-US')} reactions, ${memberIds.length} members`,
      backend: null,
      figures: [
        figure('first sweep (empty ledger)', first / 1000, 's'),
        figure('first sweep throughput', options.posts / (first / 1000), 'posts/s'),
        figure('ledger rows written', rows, 'rows'),
        figure('second sweep (nothing to do)', second, 'ms'),
        ...(batches > 0 ? [figure('incremental batch of 200 deleted posts', incremental / batches, 'ms')] : []),
      ],
    };
  } finally {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

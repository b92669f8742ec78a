/**
 * /privacy export benchmark: one heavy member (N posts of 400 characters, a reaction and a ledger row each, in a
 * guild of 200 members), then (1) the export as /privacy export runs it now
 * (read and cut into 8 MiB parts on its own thread), with the longest event-loop stall seen while it runs (and, to
 * read it against, the longest stall of an idle loop on the same machine), (2) the export built whole on the main
 * thread as it was before (every row read, JSON.stringify'd into one buffer: the event loop is blocked for all of
 * it). Prints MiB and ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { ActivityStore } from '../src/ingest/activity-store.js';
import type { IngestOp } from '../src/ingest/records.js';
import { exportPersonalData } from '../src/privacy/personal-data.js';
import { DEFAULT_EXPORT_PART_BYTES } from '../src/privacy/privacy-service.js';
import { exportPartsOffThread } from '../src/privacy/export-worker-client.js';
import { figure, type BenchOutcome } from './figures.js';

const GUILD = '100000000000000001';
const SUBJECT = '300000000000000000';
const MiB = 1024 * 1024;

export async function benchPrivacyExport(options: { posts: number }): Promise<BenchOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-export-'));
  const handle = openDatabase(join(dir, 'bench.db'));
  try {
    runMigrations(handle.db);
    const t0 = Date.UTC(2026, 0, 1);
    const others = Array.from({ length: 200 }, (_, i) => String(300000000000000001n + BigInt(i)));
    const ops: IngestOp[] = [{ kind: 'guild', guild: { id: GUILD, name: 'bench', ownerId: null, preferredLocale: 'en-US' }, at: 0 }];
    for (const userId of [SUBJECT, ...others]) {
      ops.push({ kind: 'member', member: { guildId: GUILD, userId, username: userId, displayName: null, isBot: false, joinedAt: t0 }, at: t0 });
    }
    const words = 'lorem ipsum dolor sit amet, consectetur adipiscing elit; '.repeat(8).slice(0, 400);
    for (let i = 0; i < options.posts; i++) {
      const id = String(500000000000000000n + BigInt(i));
      const at = t0 + i * 60_000;
      ops.push({
        kind: 'post',
        post: { id, guildId: GUILD, channelId: '200000000000000001', threadId: null, authorId: SUBJECT, authorIsBot: false, createdAt: at, editedAt: null, replyToId: null, replyToAuthorId: null, attachmentCount: 0, content: `${i} ${words}`, mentionedUserIds: [], source: 'import' },
      });
      ops.push({ kind: 'reactionAdded', reaction: { guildId: GUILD, messageId: id, userId: others[i % others.length]!, emoji: '👍', emojiName: null, at: at + 1000 } });
    }
    new ActivityStore(handle.sqlite).apply(ops);
    const ledger = handle.sqlite.prepare(
      `INSERT INTO points_ledger (guild_id, member_id, delta, reason, kind, source_key, post_id, at, recorded_at) VALUES (?, ?, 1, 'post', 'award', ?, ?, ?, ?)`,
    );
    handle.sqlite.transaction(() => {
      for (let i = 0; i < options.posts; i++) {
        const id = String(500000000000000000n + BigInt(i));
        ledger.run(GUILD, SUBJECT, `post:${id}`, id, t0 + i * 60_000, t0 + i * 60_000);
      }
    })();
    const subject = { userId: SUBJECT, guildId: null };
    console.log(`privacy export bench: ${options.posts} posts of the member, a reaction and a ledger row each`);

    // The longest gap between 5 ms ticks: on a loaded machine the process itself waits for a core, so the same
    // is measured first for two seconds with nothing running.
    let stall = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const t = performance.now();
      stall = Math.max(stall, t - last);
      last = t;
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleStall = stall;
    stall = 0;
    last = performance.now();

    // Now: on the export thread, in parts; the main thread only receives them.
    const threadStarted = performance.now();
    let parts = 0;
    let bytes = 0;
    let largest = 0;
    for await (const part of exportPartsOffThread(handle.sqlite.name, subject, t0, DEFAULT_EXPORT_PART_BYTES)) {
      parts += 1;
      bytes += part.bytes.byteLength;
      largest = Math.max(largest, part.bytes.byteLength);
    }
    const threadMs = performance.now() - threadStarted;
    clearInterval(ticker);
    console.log(
      `  on the export thread: ${parts} parts, ${(bytes / MiB).toFixed(1)} MiB (largest ${(largest / MiB).toFixed(2)} MiB) in ${threadMs.toFixed(0)} ms ` +
        `(thread start included); longest event-loop stall meanwhile ${stall.toFixed(0)} ms (idle: ${idleStall.toFixed(0)} ms)`,
    );
    // Before: built whole on the main thread (what /privacy export did), measured as one blocking call.
    const started = performance.now();
    const whole = Buffer.from(JSON.stringify(exportPersonalData(handle.sqlite, subject, t0), null, 2), 'utf8');
    const mainMs = performance.now() - started;
    console.log(`  built whole on the main thread (before): ${(whole.length / MiB).toFixed(1)} MiB, ${mainMs.toFixed(0)} ms of blocked event loop`);

    return {
      dataset: 'synthetic',
      preset: `${options.posts.toLocaleString('en-US')} posts of one member`,
      backend: null,
      figures: [
        figure('whole export size', whole.length / MiB, 'MiB'),
        figure('export built on the main thread (blocked)', mainMs, 'ms'),
        figure('export on its thread, all parts', threadMs, 'ms'),
        figure('export parts', parts, 'files'),
        figure('largest part', largest / MiB, 'MiB', { op: '<=', value: 10 }),
        figure('longest event-loop stall during the export', stall, 'ms', { op: '<=', value: 50 }),
        figure('longest event-loop stall, idle (machine load)', idleStall, 'ms'),
      ],
    };
  } finally {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- ingest [--messages N]`: a stream of messages and reactions (one reaction per message) from the
 * fake Discord, over loopback, through the real discord.js client:
 *   1. client ceiling — the same client with no-op handlers;
 *   2. attune — the client with attune's recording listeners writing to SQLite;
 *   3. raw SQLite — better-sqlite3 batched inserts of the same post and reaction rows, no Discord at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { Events, type Client } from 'discord.js';
import { startBot, type RunningBot } from '../src/app/bot.js';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { createDiscordClient } from '../src/discord/client.js';
import { silentLogger } from '../src/ops/log.js';
import { nextWorkerMessage, startModuleWorker } from '../src/lib/worker-entry.js';
import { figure, type BenchOutcome } from './figures.js';

interface FakeHandle {
  worker: Worker;
  apiUrl: string;
  token: string;
}

const IDENTIFY_NOW = { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) };

async function startFakeWorker(): Promise<FakeHandle> {
  const worker = startModuleWorker(new URL('./ingest-fake-worker.ts', import.meta.url));
  const ready = await nextWorkerMessage<{ apiUrl: string; token: string }>(worker, 'ready');
  return { worker, apiUrl: ready.apiUrl, token: ready.token };
}

async function stopFakeWorker(fake: FakeHandle): Promise<void> {
  fake.worker.postMessage({ type: 'stop' });
  await nextWorkerMessage(fake.worker, 'stopped');
  await fake.worker.terminate();
}

/** Emits the stream and resolves when `done(events)` says every emitted event was handled. */
async function measure(
  fake: FakeHandle,
  messages: number,
  done: (events: number) => boolean,
  settle: () => Promise<void> = async () => {},
): Promise<{ eventsPerSecond: number; fakeMs: number; events: number }> {
  fake.worker.postMessage({ type: 'emit', messages });
  await nextWorkerMessage(fake.worker, 'built');
  const started = performance.now();
  fake.worker.postMessage({ type: 'go' });
  let emitted: { ms: number; events: number } | null = null;
  void nextWorkerMessage<{ ms: number; events: number }>(fake.worker, 'emitted').then((m) => (emitted = m));
  // Poll every 20 ms: often enough for a figure accurate to ~1 %, rarely enough not to load the thread being measured.
  while (emitted === null || !done((emitted as { events: number }).events)) await new Promise((resolve) => setTimeout(resolve, 20));
  await settle();
  const ms = performance.now() - started;
  const { events, ms: fakeMs } = emitted as { ms: number; events: number };
  return { eventsPerSecond: events / (ms / 1000), fakeMs, events };
}

async function clientCeiling(messages: number): Promise<{ eventsPerSecond: number; fakeMs: number }> {
  const fake = await startFakeWorker();
  const client: Client = createDiscordClient({ messageContent: true, apiUrl: fake.apiUrl, overrides: { ws: IDENTIFY_NOW } });
  let handled = 0;
  client.on(Events.MessageCreate, () => void handled++);
  client.on(Events.MessageReactionAdd, () => void handled++);
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(fake.token);
  await ready;
  const result = await measure(fake, messages, (events) => handled >= events);
  await client.destroy();
  await stopFakeWorker(fake);
  return result;
}

async function attuneIngest(messages: number, dir: string): Promise<{ eventsPerSecond: number; fakeMs: number; rows: number }> {
  const fake = await startFakeWorker();
  const bot: RunningBot = await startBot({
    token: fake.token,
    databasePath: join(dir, 'ingest.db'),
    messageContent: true,
    apiUrl: fake.apiUrl,
    horizonDays: 30,
    refreshHours: 24,
    log: silentLogger,
    clientOverrides: { ws: IDENTIFY_NOW },
  });
  await bot.idle();
  // Count delivered events as the ceiling run does, then wait for the writer: the clock stops when all is committed.
  let handled = 0;
  bot.client.on(Events.MessageCreate, () => void handled++);
  bot.client.on(Events.MessageReactionAdd, () => void handled++);
  const result = await measure(fake, messages, (events) => handled >= events, () => bot.writer.idle());
  const count = bot.database.sqlite.prepare('SELECT (SELECT COUNT(*) FROM posts) + (SELECT COUNT(*) FROM reactions) AS n');
  const rows = (count.get() as { n: number }).n;
  await bot.stop();
  await stopFakeWorker(fake);
  return { ...result, rows };
}

function rawSqlite(messages: number, dir: string): { rowsPerSecond: number } {
  const handle = openDatabase(join(dir, 'raw.db'));
  runMigrations(handle.db);
  const { sqlite } = handle;
  sqlite.prepare(`INSERT INTO guilds (id, name, joined_at, updated_at) VALUES ('1', 'g', 0, 0)`).run();
  const insertPost = sqlite.prepare(`INSERT INTO posts (id, guild_id, channel_id, author_id, created_at, content, source) VALUES (?, '1', ?, ?, ?, ?, 'gateway')`);
  const insertReaction = sqlite.prepare(`INSERT OR IGNORE INTO reactions (message_id, user_id, emoji, guild_id, at) VALUES (?, ?, ?, '1', ?)`);
  const base = 1_400_000_000_000_000_000n;
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = String(base + BigInt(i) * 4_194_304n);
      insertPost.run(id, String(i % 10), String(100 + (i % 500)), 1_700_000_000_000 + i, `message ${i}`);
      insertReaction.run(String(base + BigInt(Math.max(0, i - (i * 7919) % 1000)) * 4_194_304n), String(100 + ((i * 31) % 500)), '👍', 1_700_000_000_000 + i);
    }
  });
  const started = performance.now();
  for (let i = 0; i < messages; i += 2000) batch(i, Math.min(messages, i + 2000));
  const ms = performance.now() - started;
  handle.close();
  return { rowsPerSecond: (2 * messages) / (ms / 1000) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function benchIngest(args: { messages: number; rounds: number }): Promise<BenchOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-'));
  try {
    const { messages, rounds } = args;
    console.log(`ingest: ${messages} messages + ${messages} reactions per run over loopback; ${rounds} alternating rounds, medians\n`);
    // One small untimed round first, so the JIT has seen both paths before anything is measured.
    await clientCeiling(Math.min(messages, 2000));
    await attuneIngest(Math.min(messages, 2000), join(dir, 'warmup'));
    const ceilings: number[] = [];
    const ingests: number[] = [];
    let rows = 0;
    for (let round = 0; round < rounds; round++) {
      const ceiling = await clientCeiling(messages);
      const ingest = await attuneIngest(messages, join(dir, `round${round}`));
      ceilings.push(ceiling.eventsPerSecond);
      ingests.push(ingest.eventsPerSecond);
      rows = ingest.rows;
      console.log(`  round ${round + 1}: client ceiling ${ceiling.eventsPerSecond.toFixed(0)} events/s, attune ${ingest.eventsPerSecond.toFixed(0)} events/s`);
    }
    const raw = rawSqlite(messages, dir);
    const ceiling = median(ceilings);
    const ingest = median(ingests);
    console.log('');
    console.log(`client ceiling (no-op handlers)     ${ceiling.toFixed(0).padStart(8)} events/s`);
    console.log(`attune ingest (client + SQLite)     ${ingest.toFixed(0).padStart(8)} events/s   (${rows} rows per run)`);
    console.log(`raw better-sqlite3 batched inserts  ${raw.rowsPerSecond.toFixed(0).padStart(8)} rows/s`);
    const ratioCeiling = ingest / ceiling;
    const ratioRaw = ingest / raw.rowsPerSecond;
    console.log(`ratio ingest/client-ceiling: ${ratioCeiling.toFixed(2)}`);
    console.log(`ratio ingest/raw-sqlite: ${ratioRaw.toFixed(2)}`);
    return {
      dataset: 'synthetic',
      preset: `${messages.toLocaleString('en-US')} messages + reactions × ${rounds} rounds`,
      backend: null,
      figures: [
        figure('attune ingest', ingest, 'events/s'),
        figure('client ceiling', ceiling, 'events/s'),
        figure('raw better-sqlite3 inserts', raw.rowsPerSecond, 'rows/s'),
        figure('ratio ingest/client-ceiling', ratioCeiling, ''),
        figure('ratio ingest/raw-sqlite', ratioRaw, ''),
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

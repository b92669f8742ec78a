/**
 * `npm run bench -- import [--messages 1000000] [--files 100] [--format dce-json|jsonl]`: `attune import` of a
 * generated export of a busy server, one channel per file (DCE's export of a whole server is such a folder), into
 * one database, file after file, as `attune import <folder>` does. Messages are real-shaped: replies to earlier
 * messages, mentions, reactions with their users (DCE JSON) or reaction records (JSONL), a few thousand members.
 *
 * Figures: messages per second over the whole import (goal ≥ 50,000), peak RSS (memory must not grow with the
 * file), and time per file as the database grows: the last tenth of the files against the first tenth (no
 * slowdown: ratio near 1).
 */
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { importPath } from '../src/ingest/import/index.js';
import { figure, type BenchOutcome } from './figures.js';

export type BenchImportFormat = 'dce-json' | 'jsonl';

export interface BenchImportArgs {
  messages: number;
  files: number;
  format: BenchImportFormat;
}

const GUILD_ID = '900000000000000001';
const MEMBERS = 3_600;
/** Discord's epoch, and the server's history: one year ending 2025-06-01. */
const DISCORD_EPOCH = 1_420_070_400_000n;
const HISTORY_END = Date.parse('2025-06-01T00:00:00Z');
const HISTORY_MS = 365 * 86_400_000;
const EMOJIS = ['👍', '❤️', '😂', '🎉', '👀'];

/** A small deterministic generator (mulberry32): every run imports the same export. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function snowflake(at: number, sequence: number): string {
  return String(((BigInt(at) - DISCORD_EPOCH) << 22n) | BigInt(sequence & 0x3fffff));
}

const memberId = (n: number) => String(300000000000000000n + BigInt(n));
const channelId = (n: number) => snowflake(Date.parse('2016-01-01T00:00:00Z') + n * 1000, n);

interface GeneratedMessage {
  id: string;
  at: number;
  author: number;
  replyTo: string | null;
  mentions: number[];
  /** Reacting members, by emoji. */
  reactions: [string, number[]][];
}

/** Members post with a heavy tail: a few hundred write most messages. */
function pickMember(next: () => number): number {
  return Math.floor(MEMBERS * next() ** 3);
}

function* channelMessages(channel: number, count: number): Generator<GeneratedMessage> {
  const next = random(channel + 1);
  const recent: { id: string; author: number }[] = [];
  const start = HISTORY_END - HISTORY_MS;
  for (let i = 0; i < count; i++) {
    const at = start + Math.floor((HISTORY_MS * (i + next())) / count);
    const id = snowflake(at, channel * 4096 + (i % 4096));
    const author = pickMember(next);
    const target = recent.length > 0 && next() < 0.35 ? recent[Math.floor(next() * recent.length)]! : null;
    const mentions = next() < 0.1 ? [pickMember(next)] : [];
    const reactions: [string, number[]][] = [];
    if (next() < 0.4) {
      const users = new Set<number>();
      const n = 1 + Math.floor(next() * 4);
      for (let r = 0; r < n; r++) users.add(pickMember(next));
      reactions.push([EMOJIS[Math.floor(next() * EMOJIS.length)]!, [...users]]);
    }
    recent.push({ id, author });
    if (recent.length > 50) recent.shift();
    yield { id, at, author, replyTo: target?.id ?? null, mentions, reactions };
  }
}

function dceUser(n: number) {
  return { id: memberId(n), name: `member${n}`, discriminator: '0000', nickname: `Member ${n}`, color: null, isBot: false, roles: [], avatarUrl: 'https://cdn.discordapp.com/embed/avatars/0.png' };
}

/** Writes text to a stream, waiting when its buffer is full (memory stays flat however large the file). */
async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

async function close(out: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function writeDceJson(path: string, channel: number, count: number): Promise<void> {
  const out = createWriteStream(path);
  const header = {
    guild: { id: GUILD_ID, name: 'Bench Server', iconUrl: 'https://cdn.discordapp.com/embed/avatars/0.png' },
    channel: { id: channelId(channel), type: 'GuildTextChat', categoryId: null, category: 'Text Channels', name: `channel-${channel}`, topic: null },
    dateRange: { after: null, before: null },
    exportedAt: new Date(HISTORY_END).toISOString(),
  };
  await write(out, `${JSON.stringify(header, null, 2).slice(0, -2)},\n  "messages": [\n`);
  let first = true;
  for (const m of channelMessages(channel, count)) {
    const message = {
      id: m.id,
      type: m.replyTo === null ? 'Default' : 'Reply',
      timestamp: new Date(m.at).toISOString(),
      timestampEdited: null,
      callEndedTimestamp: null,
      isPinned: false,
      content: `message ${m.id} in channel ${channel}${m.mentions.length > 0 ? ` @Member ${m.mentions[0]}` : ''}`,
      author: dceUser(m.author),
      attachments: [],
      embeds: [],
      stickers: [],
      reactions: m.reactions.map(([emoji, users]) => ({
        emoji: { id: '', name: emoji, code: 'emoji', isAnimated: false, imageUrl: 'https://cdn.jsdelivr.net/emoji.svg' },
        count: users.length,
        users: users.map((u) => ({ id: memberId(u), name: `member${u}`, discriminator: '0000', nickname: `Member ${u}`, isBot: false })),
      })),
      mentions: m.mentions.map(dceUser),
      ...(m.replyTo === null ? {} : { reference: { messageId: m.replyTo, channelId: channelId(channel), guildId: GUILD_ID } }),
    };
    await write(out, `${first ? '' : ',\n'}    ${JSON.stringify(message)}`);
    first = false;
  }
  await write(out, `\n  ],\n  "messageCount": ${count}\n}\n`);
  await close(out);
}

async function writeJsonl(path: string, channel: number, count: number): Promise<void> {
  const out = createWriteStream(path);
  const line = (record: object) => write(out, `${JSON.stringify(record)}\n`);
  await line({ type: 'guild', id: GUILD_ID, name: 'Bench Server' });
  await line({ type: 'channel', guild: GUILD_ID, id: channelId(channel), name: `channel-${channel}`, kind: 'text', parent: null });
  for (const m of channelMessages(channel, count)) {
    const at = new Date(m.at).toISOString();
    await line({
      type: 'message', guild: GUILD_ID, channel: channelId(channel), id: m.id, author: memberId(m.author), at,
      reply_to: m.replyTo, mentions: m.mentions.map(memberId), content: `message ${m.id} in channel ${channel}`,
    });
    for (const [emoji, users] of m.reactions) {
      for (const u of users) await line({ type: 'reaction', guild: GUILD_ID, channel: channelId(channel), message: m.id, user: memberId(u), emoji, at });
    }
  }
  await close(out);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
}

export async function benchImport(args: BenchImportArgs): Promise<BenchOutcome> {
  const { messages, files, format } = args;
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-import-'));
  try {
    const perFile = Math.ceil(messages / files);
    console.log(`import: ${messages.toLocaleString('en-US')} messages in ${files} ${format} channel files (${perFile.toLocaleString('en-US')} each), one database`);
    const generated = performance.now();
    const paths: string[] = [];
    for (let channel = 0; channel < files; channel++) {
      const count = Math.min(perFile, messages - channel * perFile);
      if (count <= 0) break;
      const path = join(dir, `Bench Server - Text Channels - channel-${channel} [${channelId(channel)}].${format === 'jsonl' ? 'jsonl' : 'json'}`);
      await (format === 'jsonl' ? writeJsonl(path, channel, count) : writeDceJson(path, channel, count));
      paths.push(path);
    }
    console.log(`generated in ${((performance.now() - generated) / 1000).toFixed(1)} s; importing…`);

    const handle = openDatabase(join(dir, 'attune.db'));
    runMigrations(handle.db);
    const fileMs: number[] = [];
    const fileCpuMs: number[] = [];
    let imported = 0;
    let reactions = 0;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    try {
      for (const [index, path] of paths.entries()) {
        const before = performance.now();
        const cpuAtStart = process.cpuUsage();
        const summary = importPath(handle, path, { keepContent: true, now: () => HISTORY_END });
        const ms = performance.now() - before;
        fileMs.push(ms);
        const cpuUsed = process.cpuUsage(cpuAtStart);
        fileCpuMs.push((cpuUsed.user + cpuUsed.system) / 1000);
        imported += summary.added.posts;
        reactions += summary.added.reactions;
        if (index % Math.max(1, Math.floor(paths.length / 10)) === 0 || index === paths.length - 1) {
          console.log(
            `  file ${String(index + 1).padStart(3)}/${paths.length}: ${summary.added.posts.toLocaleString('en-US')} messages in ${ms.toFixed(0)} ms ` +
              `(${Math.round(summary.posts / (ms / 1000)).toLocaleString('en-US')}/s), database ${imported.toLocaleString('en-US')} messages`,
          );
        }
      }
    } finally {
      handle.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const perSecond = imported / seconds;
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const tenth = Math.max(1, Math.floor(fileMs.length / 10));
    const firstMs = mean(fileMs.slice(0, tenth));
    const lastMs = mean(fileMs.slice(-tenth));
    const sorted = [...fileMs].sort((a, b) => a - b);
    // CPU time per file says whether the import itself slows as the database grows, whatever else the machine ran.
    const firstCpuMs = mean(fileCpuMs.slice(0, tenth));
    const lastCpuMs = mean(fileCpuMs.slice(-tenth));
    console.log('');
    console.log(`imported ${imported.toLocaleString('en-US')} messages and ${reactions.toLocaleString('en-US')} reactions in ${seconds.toFixed(1)} s: ${Math.round(perSecond).toLocaleString('en-US')} messages/s`);
    // On a shared machine wall time depends on the other processes; CPU time says what the import itself costs.
    console.log(`CPU time ${cpuSeconds.toFixed(1)} s: ${Math.round(imported / cpuSeconds).toLocaleString('en-US')} messages per CPU-second`);
    console.log(`time per file: median ${percentile(sorted, 0.5).toFixed(0)} ms, max ${percentile(sorted, 1).toFixed(0)} ms; first tenth ${firstMs.toFixed(0)} ms, last tenth ${lastMs.toFixed(0)} ms (ratio ${(lastMs / firstMs).toFixed(2)})`);
    console.log(`CPU time per file: first tenth ${firstCpuMs.toFixed(0)} ms, last tenth ${lastCpuMs.toFixed(0)} ms (ratio ${(lastCpuMs / firstCpuMs).toFixed(2)})`);
    console.log(`peak RSS ${peakRssMiB.toFixed(0)} MiB`);
    return {
      dataset: 'synthetic',
      preset: `${format}, ${messages.toLocaleString('en-US')} messages in ${paths.length} files`,
      backend: null,
      figures: [
        figure('import', perSecond, 'messages/s', { op: '>=', value: 50_000 }),
        figure('import per CPU-second', imported / cpuSeconds, 'messages/s'),
        figure('time per file, last tenth / first tenth', lastMs / firstMs, ''),
        figure('CPU time per file, last tenth / first tenth', lastCpuMs / firstCpuMs, '', { op: '<=', value: 1.25 }),
        figure('median time per file', percentile(sorted, 0.5), 'ms'),
        figure('peak RSS', peakRssMiB, 'MiB'),
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

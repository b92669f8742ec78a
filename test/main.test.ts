/**
 * GIVEN `npm start` (src/main.ts in its own process) pointed at the fake Discord, THEN it records activity, and on
 * SIGTERM it commits what it received and exits cleanly.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ChannelType } from 'discord-api-types/v10';
import { afterEach, expect, it, vi } from 'vitest';
import { FakeDiscord } from '../src/sim/index.js';

let fake: FakeDiscord | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

it('GIVEN the bot process THEN it records, and SIGTERM shuts it down gracefully with nothing lost', async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000 });
  const guild = fake.createGuild({ name: 'Process' });
  const channel = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
  const ada = fake.addMember(guild.id, { username: 'ada' }).user.id;
  fake.postMessage({ channelId: channel.id, authorId: ada, content: 'before start', at: Date.now() - 60_000 });
  const dir = mkdtempSync(join(tmpdir(), 'attune-main-'));
  const databasePath = join(dir, 'attune.db');
  const root = join(import.meta.dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
    // From the repository, as `npm start` runs; every key the bot reads is set here, so a local .env changes nothing.
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: databasePath,
      MESSAGE_CONTENT_INTENT: 'true',
      LOG_LEVEL: 'info',
      BACKFILL_HORIZON_DAYS: '30',
      BACKFILL_REFRESH_HOURS: '24',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  await vi.waitFor(() => expect(output).toContain('guild synced'), { timeout: 20_000, interval: 100 });
  fake.postMessage({ channelId: channel.id, authorId: ada, content: 'while running' });
  // Give the gateway a moment to deliver the message, then ask the process to stop.
  await new Promise((resolve) => setTimeout(resolve, 300));
  child.kill('SIGTERM');
  expect(await exited, output).toBe(0);

  const db = new Database(databasePath, { readonly: true });
  const contents = db.prepare('SELECT content FROM posts ORDER BY id').all();
  db.close();
  expect(contents).toEqual([{ content: 'before start' }, { content: 'while running' }]);
  // Logs are structured JSON and never carry the token.
  expect(output).not.toContain(fake.token);
  expect(output.split('\n').filter(Boolean).every((line) => line.startsWith('{'))).toBe(true);
});

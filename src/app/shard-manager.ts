/**
 * `npm run start:sharded`: discord.js's ShardingManager runs src/main.ts once per shard (TOTAL_SHARDS, default
 * Discord's recommendation). Each child is a whole attune process with its own gateway connection; discord.js hands
 * it its shard ids and count (SHARDS / SHARD_COUNT), and src/ops/guild-scope.ts limits its scheduled per-guild work
 * to its own guilds. All children share one SQLite file (see README "Running in many servers").
 * SIGTERM/SIGINT are passed on to every shard, and the manager exits once they have all stopped.
 */
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import { z } from 'zod';
import { loadConfigOrExit } from '../config.js';
import { createProcessLogger } from '../ops/log.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createProcessLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT }).child({ component: 'shard-manager' });
  const entry = fileURLToPath(new URL('../main' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url));
  // `auto` is Discord's recommendation from GET /gateway/bot, asked of DISCORD_API_URL when set (discord.js's own
  // lookup always goes to discord.com).
  const totalShards = config.TOTAL_SHARDS === 'auto' ? await recommendedShards(config.DISCORD_TOKEN, config.DISCORD_API_URL) : config.TOTAL_SHARDS;
  const manager = new ShardingManager(entry, {
    token: config.DISCORD_TOKEN,
    totalShards,
    // The children run TypeScript the way `npm start` does.
    execArgv: import.meta.url.endsWith('.ts') ? ['--max-semi-space-size=32', '--import', 'tsx'] : ['--max-semi-space-size=32'],
    respawn: true,
  });
  manager.on('shardCreate', (shard) => {
    log.info({ shardId: shard.id, totalShards: manager.totalShards }, 'shard started');
    shard.on('death', (child) => log.warn({ shardId: shard.id, exitCode: 'exitCode' in child ? child.exitCode : null }, 'shard process exited'));
  });
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    log.info({ signal }, 'stopping every shard');
    const exits = [...manager.shards.values()].map((shard) => exitCodeOf(shard, signal));
    void Promise.all(exits).then((codes) => {
      const failed = codes.filter((code) => code !== 0).length;
      log.info({ shards: codes.length, failed }, 'all shards stopped');
      process.exit(failed === 0 ? 0 : 1);
    });
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  // A guild count that needs sharding also needs patience: Discord lets one shard identify every 5 seconds.
  await manager.spawn({ amount: totalShards, delay: 5_500, timeout: 60_000 });
}

const gatewayBotSchema = z.object({ shards: z.number().int().min(1) });

async function recommendedShards(token: string, apiUrl: string | undefined): Promise<number> {
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  return gatewayBotSchema.parse(await rest.get(Routes.gatewayBot())).shards;
}

/** Signals a shard's process and resolves with its exit code (0 when it was not running). */
function exitCodeOf(shard: Shard, signal: NodeJS.Signals): Promise<number> {
  const child = shard.process;
  if (!child || child.exitCode !== null) return Promise.resolve(child?.exitCode ?? 0);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code ?? 1));
    child.kill(signal);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`attune: sharded start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

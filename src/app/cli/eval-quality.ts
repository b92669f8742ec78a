/** `attune eval quality [--guild <id>]`: the quality model's AUC on a time holdout against the engagement heuristic. */
import { openDatabase } from '../../db/connection.js';
import { guildQueries } from '../../db/queries/guilds.js';
import { runMigrations } from '../../db/migrate.js';
import { compareSnowflakes } from '../../lib/snowflake.js';
import { createProcessLogger } from '../../ops/log.js';
import { selectBackend, type BackendRequest } from '../../model/backend.js';
import { evaluateQuality } from '../../moderation/quality/evaluate.js';

export async function runQualityEvaluation(
  databasePath: string,
  options: { guildId?: string | undefined; backend: BackendRequest; now?: number },
): Promise<number> {
  await selectBackend(options.backend, createProcessLogger({ level: 'warn', fd: 2 }));
  const handle = openDatabase(databasePath);
  try {
    runMigrations(handle.db);
    const guildIds =
      options.guildId !== undefined
        ? [options.guildId]
        : guildQueries(handle.sqlite).recordedGuilds().map((g) => g.id).sort(compareSnowflakes);
    let evaluated = 0;
    for (const guildId of guildIds) {
      const result = await evaluateQuality(handle, guildId, { now: options.now ?? Date.now() });
      if (!result) {
        console.log(`guild ${guildId}: not enough moderator decisions to evaluate (needs 10, with 5 of each kind before the cut)`);
        continue;
      }
      evaluated += 1;
      console.log(
        `guild ${guildId}: quality model AUC ${result.modelAuc.toFixed(3)} vs engagement heuristic ${result.heuristicAuc.toFixed(3)} ` +
          `on ${result.testDecisions} held-out decisions after ${new Date(result.cutAt).toISOString()} ` +
          `(trained on ${result.trainExamples} earlier examples)`,
      );
    }
    return evaluated > 0 || guildIds.length === 0 ? 0 : 1;
  } finally {
    handle.close();
  }
}

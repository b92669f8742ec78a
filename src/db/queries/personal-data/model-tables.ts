/**
 * Personal data in trained models. A run's stored parameters (src/model/params-codec.ts) hold the Discord ids the
 * weights are indexed by — `memberIds` next to the member embeddings — in the codec's JSON header. Cutting one
 * member out of every method's weights would need each method's layout; instead a run that learned from the member
 * loses its parameters altogether: the run stays in the history (its metrics hold no ids), serving falls back to
 * popularity fitted on the live snapshot (src/model/registry.ts, src/model/serving.ts), and the next scheduled training run — which no
 * longer sees the member — serves again. Runs still training when the member is erased may have read them into
 * their snapshot: they are cancelled (`aborted`), and the registry refuses to store their parameters afterwards.
 */
import type { PersonalDataTable } from './statements.js';
import { all, inGuild, run } from './statements.js';

/** The id as the header spells it: a JSON string, searched bytewise (the blob's binary prefix holds NUL bytes). */
const holdsMember = `params IS NOT NULL AND instr(params, CAST('"' || @userId || '"' AS BLOB)) > 0`;

export const PARAMS_ERASED = 'parameters erased: they held a member whose data was erased; popularity serves until the next training run';
export const RUN_CANCELLED = 'cancelled: a member whose data it may have read was erased during the run';

export const modelTables: readonly PersonalDataTable[] = [
  {
    table: 'model_runs',
    export: (s, subject) =>
      all(
        s,
        `SELECT id, guild_id, started_at, finished_at, serving_method, promoted FROM model_runs WHERE ${holdsMember} AND ${inGuild()}`,
        subject,
      ),
    erase: (s, erasure) =>
      run(
        s,
        [
          `UPDATE model_runs SET params = NULL, params_bytes = NULL, error = '${PARAMS_ERASED}' WHERE ${holdsMember} AND ${inGuild()}`,
          `UPDATE model_runs SET status = 'aborted', error = '${RUN_CANCELLED}', finished_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000
            WHERE status = 'running' AND ${inGuild()}`,
        ],
        erasure,
      ),
  },
];

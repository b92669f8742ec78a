/**
 * `attune <command>` (run as `npm run attune -- <command>`): maintenance and offline tasks that need no bot token.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, loadDatabaseConfig, loadDotEnv, loadImportConfig, loadInviteConfig, loadTrainingConfig } from './config.js';
import { backupDatabase } from './app/cli/backup.js';
import { IMPORT_FLAGS, importFlagOptions, runImport } from './app/cli/import-command.js';
import { openDatabase } from './db/connection.js';
import { runMigrations } from './db/migrate.js';

const USAGE = `usage: attune <command>

  migrate                          apply database migrations (also done at every bot start)
  import <file or folder> [--format dce-json|dce-html|dce-csv|jsonl] [--guild <id>] [--guild-name <name>]
         [--channel <id>] [--channel-name <name>] [--date-format <.NET format>] [--utc-offset <+hh:mm>]
                                   import a DiscordChatExporter export (JSON, HTML or CSV) or an attune JSONL
                                   file; a folder (DCE's export of a server) file by file, one transaction each
                                   (HTML/CSV: guild/channel default to DCE's file name; CSV dates are detected).
                                   Message text is kept only with MESSAGE_CONTENT_INTENT, as the bot keeps it
  eval --at <ISO>[,<ISO>…] [--window 24h] [--horizon 48h] [--k 10] [--guild <id>] [--method <name>] [--out <file>]
                                   evaluate the model and baselines at cut times (recall@K, NDCG@K, coverage);
                                   --out writes one member's ranking per line (JSONL)
  backup <file>                    consistent online backup of the database (safe while the bot runs)
  invite [--role-rewards]          print the link that adds the bot with the permissions its features need
                                   (Manage Roles only with role rewards; needs DISCORD_TOKEN or DISCORD_APPLICATION_ID)
  register-commands [--guild <id>] send attune's slash commands to Discord (needs DISCORD_TOKEN); run after
                                   installing or upgrading. --guild registers in one server only (instant, for testing)
  eval quality [--guild <id>]      AUC of the learned post-quality model on a time holdout of moderator
                                   decisions, against an engagement heuristic
  train [--guild <id>] [--at <ISO>]
                                   train now, or as of --at (every guild, or one): evaluate the model and the
                                   baselines on cuts within the recorded history, print the table, store the run
                                   and serve the winner
  demo [--out <folder>] [--import <file or folder> [import's options: --guild <id>, --channel <id>, --format…]]
                                   offline demo against the fake Discord (no token, no network): a simulated
                                   week, or an imported guild (DCE JSON/HTML/CSV, a server's folder, attune JSONL;
                                   --guild picks the guild, else the busiest); ids the import made up are printed

The database is DATABASE_PATH from the environment or .env (default ./data/attune.db).`;

async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate': {
      const { databasePath } = loadDatabaseConfig();
      const handle = openDatabase(databasePath);
      try {
        runMigrations(handle.db);
      } finally {
        handle.close();
      }
      console.log(`attune: ${databasePath} is up to date`);
      return 0;
    }
    case 'import': {
      const config = loadImportConfig();
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: IMPORT_FLAGS,
      });
      const [path] = positionals;
      if (!path || positionals.length > 1) throw new UsageError('import takes exactly one <file or folder>');
      return runImport(config.DATABASE_PATH, path, {
        keepContent: config.MESSAGE_CONTENT_INTENT,
        contentRetentionDays: config.MESSAGE_CONTENT_RETENTION_DAYS,
        ...importFlagOptions(values),
      });
    }
    case 'eval': {
      if (rest[0] === 'quality') return evalQuality(rest.slice(1));
      const { databasePath } = loadDatabaseConfig();
      const { values } = parseArgs({
        args: rest,
        options: {
          at: { type: 'string' },
          window: { type: 'string' },
          horizon: { type: 'string' },
          k: { type: 'string' },
          guild: { type: 'string' },
          method: { type: 'string' },
          out: { type: 'string' },
        },
      });
      // Loaded on demand: eval pulls in TensorFlow.js (the attune model), which every other command can do without.
      const { parseEvalOptions, runEval } = await import('./app/cli/eval-command.js');
      return runEval(databasePath, parseEvalOptions(values));
    }
    case 'backup': {
      const { databasePath } = loadDatabaseConfig();
      const [target] = rest;
      if (!target || rest.length > 1) throw new UsageError('backup takes exactly one <file>');
      const { pages } = await backupDatabase(databasePath, target);
      console.log(`attune: backed up ${databasePath} to ${target} (${pages} pages)`);
      return 0;
    }
    case 'invite': {
      const { values } = parseArgs({ args: rest, options: { 'role-rewards': { type: 'boolean' } } });
      const { runInvite } = await import('./app/cli/invite-command.js');
      return runInvite({ ...loadInviteConfig(), roleRewards: values['role-rewards'] === true });
    }
    case 'register-commands': {
      // Loaded on demand: every command module (and the services they import) is only needed here.
      const [{ allCommands }, { registerCommands }] = await Promise.all([import('./app/command-table.js'), import('./discord/register-commands.js')]);
      const { values } = parseArgs({ args: rest, options: { guild: { type: 'string' } } });
      const config = loadConfig();
      const { count, applicationId } = await registerCommands(allCommands, {
        token: config.DISCORD_TOKEN,
        apiUrl: config.DISCORD_API_URL,
        guildId: values.guild,
      });
      const where = values.guild ? `in guild ${values.guild} (available now)` : 'globally (may take up to an hour to appear)';
      console.log(`attune: registered ${count} commands for application ${applicationId} ${where}`);
      return 0;
    }
    case 'train': {
      const config = loadTrainingConfig();
      const { values } = parseArgs({ args: rest, options: { guild: { type: 'string' }, at: { type: 'string' } } });
      // Loaded on demand: the ranking methods bring TensorFlow.js, which other commands need not pay for.
      const { parseTrainAt, runTrain } = await import('./app/cli/train-command.js');
      return runTrain({
        databasePath: config.DATABASE_PATH,
        backend: config.TRAINING_BACKEND,
        logLevel: config.LOG_LEVEL,
        logFormat: config.LOG_FORMAT,
        guildId: values.guild,
        at: parseTrainAt(values.at),
      });
    }
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: {
          out: { type: 'string' },
          import: { type: 'string' },
          ...IMPORT_FLAGS,
        },
      });
      const importOptions = importFlagOptions(values);
      if (!values.import && Object.values(importOptions).some((v) => v !== undefined)) {
        throw new UsageError('--guild, --channel, --format… go with --import <path>');
      }
      const { TRAINING_BACKEND } = loadTrainingConfig();
      // Loaded on demand: the demo brings the whole bot, the fake Discord and the chart renderer.
      const { runDemo } = await import('./demo/demo.js');
      return runDemo({
        backend: TRAINING_BACKEND,
        ...(values.out ? { outDir: values.out } : {}),
        ...(values.import
          ? {
              importPath: values.import,
              importOptions,
            }
          : {}),
      });
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** `attune eval quality [--guild <id>]`: the post-quality model's AUC on a time holdout against a heuristic. */
async function evalQuality(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { guild: { type: 'string' } } });
  if (positionals.length > 0) throw new UsageError('eval quality takes no positional arguments');
  const config = loadTrainingConfig();
  // TensorFlow.js takes seconds to load: only this command pays for it.
  const { runQualityEvaluation } = await import('./app/cli/eval-quality.js');
  return runQualityEvaluation(config.DATABASE_PATH, { guildId: values.guild, backend: config.TRAINING_BACKEND });
}

class UsageError extends Error {}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`attune: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (
      error instanceof ConfigError ||
      (error instanceof Error && ['ImportError', 'EvalCommandError', 'TrainCommandError'].includes(error.name))
    ) {
      process.stderr.write(`attune: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`attune: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`attune: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  });

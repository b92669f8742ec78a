import { Events, type AutocompleteInteraction, type Client, type Interaction } from 'discord.js';
import { commonText } from '../../i18n/common.js';
import { appLocale, type AppLocale } from '../../i18n/locale.js';
import { parseCustomId } from './custom-id.js';
import { malformedOption } from './option-shapes.js';
import { respondEphemeral, type RepliableInteraction } from './respond.js';
import type { ButtonHandler, Command, CommandContext, MessageMenuCommand, SlashCommand } from './types.js';
import { UserError } from './user-error.js';
import type { InteractionOutcome } from '../../ops/metrics.js';

/**
 * Routes interactions to the one handler that owns them: slash and context-menu commands by name, buttons by
 * custom-id prefix. Owns the cross-cutting rules so handlers do not repeat them: guild-only commands, expected
 * refusals (UserError) shown ephemerally, unexpected errors logged and answered with an apology instead of
 * Discord's "The application did not respond".
 */
export class InteractionRouter {
  readonly #slash = new Map<string, SlashCommand>();
  readonly #menus = new Map<string, MessageMenuCommand>();
  readonly #buttons = new Map<string, ButtonHandler>();

  constructor(
    commands: readonly Command[],
    buttons: readonly ButtonHandler[],
    /** Sees every routed interaction: its command name or button prefix (`unknown` if none matches), outcome, time. */
    private readonly observe?: (name: string, outcome: InteractionOutcome, seconds: number) => void,
  ) {
    for (const command of commands) {
      const table: Map<string, Command> = command.kind === 'slash' ? this.#slash : this.#menus;
      if (table.has(command.data.name)) throw new Error(`two commands are named ${command.data.name}`);
      table.set(command.data.name, command);
    }
    for (const handler of buttons) {
      if (this.#buttons.has(handler.prefix)) throw new Error(`two button handlers use the prefix ${handler.prefix}`);
      this.#buttons.set(handler.prefix, handler);
    }
  }

  bind(client: Client, ctx: CommandContext): void {
    client.on(Events.InteractionCreate, (interaction) => {
      void this.route(interaction, ctx);
    });
  }

  async route(interaction: Interaction, ctx: CommandContext): Promise<void> {
    if (interaction.isAutocomplete()) return this.#suggest(interaction, ctx);
    if (!interaction.isChatInputCommand() && !interaction.isMessageContextMenuCommand() && !interaction.isButton()) return;
    const locale = appLocale(interaction.locale);
    const started = performance.now();
    const name = interaction.isButton() ? parseCustomId(interaction.customId).prefix : interaction.commandName;
    const withoutMember = interaction.isButton() && this.#buttons.get(name)?.logsWithoutMember === true;
    const log = ctx.log.child({ guildId: interaction.guildId, interaction: name, ...(withoutMember ? {} : { userId: interaction.user.id }) });
    // Handlers log through the child, so every line they write names the guild and the interaction.
    const scoped: CommandContext = { ...ctx, log };
    // A metric label must come from a fixed set: names no handler owns are counted together.
    const known = (interaction.isButton() ? this.#buttons : interaction.isChatInputCommand() ? this.#slash : this.#menus).has(name);
    const finish = (outcome: InteractionOutcome) => this.observe?.(known ? name : 'unknown', outcome, (performance.now() - started) / 1000);
    try {
      await this.#dispatch(interaction, scoped, locale);
      finish('ok');
      log.debug({ ms: Math.round(performance.now() - started) }, 'interaction handled');
    } catch (error) {
      if (error instanceof UserError) {
        finish('refused');
        log.debug({ reason: error.message }, 'interaction refused');
        await this.#answer(interaction, error.message, log);
        return;
      }
      if (isMalformedOptionsError(error)) {
        // Discord validates options against the registered command, so this means a stale registration (or a
        // forged payload): the member is told what was wrong instead of getting an apology for a bug.
        finish('refused');
        log.debug({ reason: error.message }, 'interaction refused');
        await this.#answer(interaction, commonText(locale).malformedOptions({ detail: error.message }), log);
        return;
      }
      finish('error');
      log.error({ err: error }, 'interaction failed');
      await this.#answer(interaction, commonText(locale).unexpectedError, log);
    }
  }

  /**
   * Autocomplete: the command's suggestions for the focused option. Nothing is shown to the member on failure but an
   * empty list (Discord has no error message for autocomplete); the failure is logged.
   */
  async #suggest(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void> {
    const started = performance.now();
    const command = this.#slash.get(interaction.commandName);
    const log = ctx.log.child({ guildId: interaction.guildId, interaction: interaction.commandName, userId: interaction.user.id });
    const finish = (outcome: InteractionOutcome) =>
      this.observe?.(command ? interaction.commandName : 'unknown', outcome, (performance.now() - started) / 1000);
    try {
      if (!command?.autocomplete || !interaction.inCachedGuild()) {
        await interaction.respond([]);
        finish('refused');
        return;
      }
      await command.autocomplete(interaction, { ...ctx, log }, appLocale(interaction.locale));
      finish('ok');
    } catch (error) {
      finish('error');
      log.error({ err: error }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  async #dispatch(interaction: RepliableInteraction, ctx: CommandContext, locale: AppLocale): Promise<void> {
    if (interaction.isButton()) {
      const { prefix, args } = parseCustomId(interaction.customId);
      const handler = this.#buttons.get(prefix);
      if (!handler) throw new UserError(commonText(locale).expiredComponent);
      await handler.handle(interaction, ctx, args, locale);
      return;
    }
    if (!interaction.inCachedGuild()) throw new UserError(commonText(locale).guildOnly);
    if (interaction.isChatInputCommand()) {
      const command = this.#slash.get(interaction.commandName);
      if (!command) throw new UserError(commonText(locale).unknownCommand);
      const malformed = malformedOption(command.data.toJSON().options, interaction.options.data);
      if (malformed !== null) throw new UserError(commonText(locale).malformedOptions({ detail: malformed }));
      await command.execute(interaction, ctx, locale);
    } else if (interaction.isMessageContextMenuCommand()) {
      const command = this.#menus.get(interaction.commandName);
      if (!command) throw new UserError(commonText(locale).unknownCommand);
      await command.execute(interaction, ctx, locale);
    }
  }

  async #answer(interaction: RepliableInteraction, content: string, log: CommandContext['log']): Promise<void> {
    try {
      await respondEphemeral(interaction, { content, embeds: [], components: [] });
    } catch (error) {
      // The interaction expired or was already answered in a way we cannot amend; nothing more to tell the member.
      log.warn({ err: error }, 'could not answer the interaction');
    }
  }
}

/**
 * discord.js's option resolver errors (`getString('x', true)` on a missing option, an option of another type, no or an
 * unknown subcommand): the payload does not match the command's definition.
 */
function isMalformedOptionsError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('CommandInteractionOption')
  );
}

import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { ContestService } from '../../contests/service.js';
import type { DatabaseHandle } from '../../db/connection.js';
import type { EconomyService } from '../../economy/service.js';
import type { Logger } from '../../ops/log.js';
import type { AppLocale } from '../../i18n/locale.js';
import type { ModerationService } from '../../moderation/moderation-service.js';
import type { PrivacyService } from '../../privacy/privacy-service.js';
import type { DigestService } from '../../digest/digest-service.js';
import type { ChannelAccess } from '../../recommend/channel-access.js';
import type { RecommendService } from '../../recommend/recommend-service.js';

/**
 * Long-lived feature services the commands call (ledger, recommender, …). Each feature adds one field here and
 * src/app/bot.ts constructs it once; commands never open connections or build services themselves.
 */
export interface Services {
  moderation: ModerationService;
  privacy: PrivacyService;
  recommend: RecommendService;
  digest: DigestService;
  economy: EconomyService;
  contests: ContestService;
  /** Who may view which channel or thread now (Discord's permissions): every post a reply shows is checked with it. */
  access: ChannelAccess;
}

/** What command and component handlers may use. Passed in, never imported as a global. */
export interface CommandContext {
  log: Logger;
  database: DatabaseHandle;
  now: () => number;
  services: Services;
  /** The bot runs with the Message Content intent (message text is stored where Discord delivers it). */
  messageContent: boolean;
}

export interface SlashCommand {
  kind: 'slash';
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction<'cached'>, ctx: CommandContext, locale: AppLocale): Promise<void>;
  /** Suggestions for an option declared with autocomplete (the focused one); answered with `interaction.respond`. */
  autocomplete?(interaction: AutocompleteInteraction<'cached'>, ctx: CommandContext, locale: AppLocale): Promise<void>;
}

export interface MessageMenuCommand {
  kind: 'message-menu';
  data: { name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  execute(interaction: MessageContextMenuCommandInteraction<'cached'>, ctx: CommandContext, locale: AppLocale): Promise<void>;
}

export type Command = SlashCommand | MessageMenuCommand;

/**
 * Handles the buttons whose custom id starts with `prefix:` (see custom-id.ts). Buttons can be pressed long after
 * the message was sent and, for DM digests, outside any guild: handlers check what they depend on.
 */
export interface ButtonHandler {
  prefix: string;
  /**
   * The router's log lines for it do not name the member who pressed (default: they do). The erasure's confirmation
   * sets it: no line written after a member's data is erased may carry their id (PRIVACY.md, Operators).
   */
  logsWithoutMember?: true;
  handle(interaction: ButtonInteraction, ctx: CommandContext, args: string[], locale: AppLocale): Promise<void>;
}

export function defineSlashCommand(command: Omit<SlashCommand, 'kind'>): SlashCommand {
  return { kind: 'slash', ...command };
}

export function defineMessageMenuCommand(command: Omit<MessageMenuCommand, 'kind'>): MessageMenuCommand {
  return { kind: 'message-menu', ...command };
}

export function defineButtonHandler(handler: ButtonHandler): ButtonHandler {
  return handler;
}

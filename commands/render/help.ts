/**
 * `/help` as a pure function of the registered command definitions (the JSON sent to Discord) and what the member
 * may use: one line per command or subcommand, named and described as the member's client shows them, members'
 * commands first, then the moderators' and admins' ones the member has the permissions for.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, EmbedBuilder, type APIApplicationCommandOption } from 'discord.js';
import type { Reply } from '../../src/discord/interactions/respond.js';
import { helpText } from '../../src/i18n/help.js';
import type { AppLocale } from '../../src/i18n/locale.js';

/** What /help needs of a registered command (the fields of its JSON definition). */
export interface CommandDefinition {
  type?: ApplicationCommandType | undefined;
  name: string;
  name_localizations?: Partial<Record<string, string | null>> | null | undefined;
  description?: string | undefined;
  description_localizations?: Partial<Record<string, string | null>> | null | undefined;
  default_member_permissions?: string | null | undefined;
  options?: readonly APIApplicationCommandOption[] | undefined;
}

export interface HelpLine {
  text: string;
  /** The command has a default member permission (moderators' and admins' commands). */
  restricted: boolean;
}

const COLOUR = 0x5865f2;
/** Discord's limit on one message's embeds together. */
const EMBED_TOTAL = 6000;

/**
 * The lines of the commands `mayUse` accepts (given the command's default member permission; null: everyone),
 * each subcommand on its own line.
 */
export function helpLines(definitions: readonly CommandDefinition[], mayUse: (permission: bigint | null) => boolean, locale: AppLocale): HelpLine[] {
  const t = helpText(locale);
  const lines: HelpLine[] = [];
  const local = (item: { name: string; name_localizations?: CommandDefinition['name_localizations'] }) =>
    (locale === 'en' ? null : item.name_localizations?.[locale]) ?? item.name;
  const described = (item: { description?: string | undefined; description_localizations?: CommandDefinition['description_localizations'] }) =>
    (locale === 'en' ? null : item.description_localizations?.[locale]) ?? item.description ?? '';
  for (const command of definitions) {
    const permission = command.default_member_permissions ? BigInt(command.default_member_permissions) : null;
    if (!mayUse(permission)) continue;
    const restricted = permission !== null;
    if (command.type === ApplicationCommandType.Message) {
      const key = `menuDescription_${command.name.toLowerCase().replace(/\s+/g, '-')}`;
      const catalog: Readonly<Record<string, unknown>> = t;
      const what = typeof catalog[key] === 'string' ? (catalog[key] as string) : '';
      lines.push({ text: t.messageMenu({ name: local(command), what }), restricted });
      continue;
    }
    const visit = (path: string[], options: readonly APIApplicationCommandOption[] | undefined, fallback: string) => {
      const branches = (options ?? []).filter(
        (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
      );
      if (branches.length === 0) {
        lines.push({ text: `\`/${path.join(' ')}\` — ${fallback}`, restricted });
        return;
      }
      for (const branch of branches) {
        const nested = 'options' in branch ? (branch.options as readonly APIApplicationCommandOption[] | undefined) : undefined;
        visit([...path, local(branch)], branch.type === ApplicationCommandOptionType.SubcommandGroup ? nested : undefined, described(branch));
      }
    };
    visit([local(command)], command.options, described(command));
  }
  return lines;
}

export function renderHelp(lines: readonly HelpLine[], locale: AppLocale): Reply {
  const t = helpText(locale);
  const everyone = lines.filter((line) => !line.restricted).map((line) => line.text);
  const restricted = lines.filter((line) => line.restricted).map((line) => line.text);
  const main = new EmbedBuilder()
    .setColor(COLOUR)
    .setTitle(t.title)
    .setDescription([t.intro, '', `**${t.everyone}**`, ...everyone].join('\n'))
    .setFooter({ text: t.footer });
  const embeds = [main];
  if (restricted.length > 0) {
    embeds.push(new EmbedBuilder().setColor(COLOUR).setTitle(t.moderators).setDescription(restricted.join('\n')));
  }
  const total = embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
  if (total > EMBED_TOTAL) throw new Error(`the help message is ${total} characters; Discord allows ${EMBED_TOTAL}`);
  return { embeds };
}

function embedLength(embed: EmbedBuilder): number {
  const data = embed.data;
  return (data.title?.length ?? 0) + (data.description?.length ?? 0) + (data.footer?.text.length ?? 0);
}

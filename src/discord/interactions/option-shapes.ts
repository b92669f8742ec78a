/**
 * Checks a slash-command interaction's options against the command's own definition (its builder JSON): every
 * subcommand and option is declared there with that type, and every value has the shape its type promises (zod at
 * the boundary). Discord validates options against the registered command, so a mismatch means a stale
 * registration or a forged payload; discord.js passes raw values through (`getString` can return a boolean), so
 * without this check a handler would meet values its types say cannot exist.
 */
import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import type { APIApplicationCommandOption } from 'discord-api-types/v10';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{1,20}$/);
const valueShapes: Partial<Record<ApplicationCommandOptionType, z.ZodType>> = {
  [ApplicationCommandOptionType.String]: z.string(),
  [ApplicationCommandOptionType.Integer]: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  [ApplicationCommandOptionType.Number]: z.number().finite(),
  [ApplicationCommandOptionType.Boolean]: z.boolean(),
  [ApplicationCommandOptionType.User]: snowflake,
  [ApplicationCommandOptionType.Channel]: snowflake,
  [ApplicationCommandOptionType.Role]: snowflake,
  [ApplicationCommandOptionType.Mentionable]: snowflake,
  [ApplicationCommandOptionType.Attachment]: snowflake,
};

/**
 * The first option that is not declared (at its level of `declared`), has another type than declared, or carries a
 * value that does not fit its type, described for the member; null when all fit. Missing required options are left
 * to discord.js's resolver, which throws for them.
 */
export function malformedOption(
  declared: readonly APIApplicationCommandOption[] | undefined,
  options: readonly CommandInteractionOption[],
): string | null {
  const isBranch = (type: ApplicationCommandOptionType) =>
    type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup;
  if (declared?.some((definition) => isBranch(definition.type)) && !options.some((option) => isBranch(option.type))) {
    return 'no subcommand was chosen';
  }
  for (const option of options) {
    const definition = declared?.find((candidate) => candidate.name === option.name);
    if (!definition) return `\`${option.name}\` is not an option of this command`;
    if (definition.type !== option.type) return `\`${option.name}\` is not a ${ApplicationCommandOptionType[definition.type]}`;
    if (isBranch(option.type)) {
      const nested = 'options' in definition ? (definition.options as readonly APIApplicationCommandOption[] | undefined) : undefined;
      const problem = malformedOption(nested, option.options ?? []);
      if (problem !== null) return problem;
      continue;
    }
    const shape = valueShapes[option.type];
    if (!shape || !shape.safeParse(option.value).success) return `\`${option.name}\` is not a valid ${ApplicationCommandOptionType[option.type]}`;
  }
  return null;
}

import {
  ApplicationCommandType,
  ApplicationFlags,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplication,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  type RESTAPIPartialCurrentUserGuild,
  type RESTGetAPIGatewayBotResult,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { DiscordErrors, invalidField } from '../../api-errors.js';
import { verifyKeyFor } from '../../credentials.js';
import type { SimContext } from '../../context.js';
import { guildPermissions } from '../../state/permissions.js';
import { openDmChannel } from '../../ops/channels.js';
import { apiCurrentUser } from '../../payloads/guilds.js';
import { apiUser } from '../../payloads/users.js';
import { accessibleGuild, snowflakeParam } from '../access.js';
import type { RouteContext, RouteDefinition } from '../types.js';

const SESSION_START_TOTAL = 1000;

const commandBodySchema = z.object({
  name: z.string(),
  type: z.enum(ApplicationCommandType).nullish(),
  description: z.string().nullish(),
  name_localizations: z.record(z.string(), z.string().nullable()).nullish(),
  description_localizations: z.record(z.string(), z.string().nullable()).nullish(),
  options: z.array(z.unknown()).nullish(),
  default_member_permissions: z.union([z.string(), z.number()]).nullish(),
  dm_permission: z.boolean().nullish(),
  nsfw: z.boolean().nullish(),
  contexts: z.array(z.enum(InteractionContextType)).nullish(),
  integration_types: z.array(z.enum(ApplicationIntegrationType)).nullish(),
});
type CommandBody = z.infer<typeof commandBodySchema>;

const dmBodySchema = z.object({ recipient_id: z.string() });

export const metaRoutes: readonly RouteDefinition[] = [
  {
    method: 'GET',
    template: '/gateway',
    auth: 'none',
    handler: ({ env }) => ({ status: 200, body: { url: env.gatewayUrl() } }),
  },
  {
    method: 'GET',
    template: '/gateway/bot',
    auth: 'bot',
    handler: ({ env }) => {
      const body: RESTGetAPIGatewayBotResult = {
        url: env.gatewayUrl(),
        shards: 1,
        session_start_limit: {
          total: SESSION_START_TOTAL,
          remaining: Math.max(0, SESSION_START_TOTAL - env.identifyCount()),
          reset_after: 86_400_000,
          max_concurrency: 1,
        },
      };
      return { status: 200, body };
    },
  },
  {
    method: 'GET',
    template: '/users/@me',
    auth: 'bot',
    handler: ({ sim }) => ({ status: 200, body: apiCurrentUser(sim.world.botUser) }),
  },
  {
    method: 'GET',
    template: '/users/@me/guilds',
    auth: 'bot',
    handler: ({ sim }) => {
      const guilds: RESTAPIPartialCurrentUserGuild[] = [...sim.world.guilds.values()]
        .filter((guild) => sim.world.botIsIn(guild.id))
        .map((guild) => ({
          id: guild.id,
          name: guild.name,
          icon: null,
          banner: null,
          owner: false,
          features: [],
          permissions: guildPermissions(guild, sim.world.botUserId).toString(),
        }));
      return { status: 200, body: guilds };
    },
  },
  {
    method: 'GET',
    template: '/users/{user_id}',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const user = sim.world.users.get(snowflakeParam(params, 'user_id'));
      if (!user) throw DiscordErrors.unknownUser();
      return { status: 200, body: apiUser(user) };
    },
  },
  {
    method: 'POST',
    template: '/users/@me/channels',
    auth: 'bot',
    handler: ({ sim, body }) => {
      const parsed = dmBodySchema.safeParse(body);
      if (!parsed.success) throw invalidField(['recipient_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      if (!sim.world.users.has(parsed.data.recipient_id)) throw DiscordErrors.unknownUser();
      return { status: 200, body: openDmChannel(sim, parsed.data.recipient_id) };
    },
  },
  {
    method: 'GET',
    template: '/applications/@me',
    auth: 'bot',
    handler: ({ sim }) => ({ status: 200, body: currentApplication(sim) }),
  },
  ...commandRoutes('/applications/{application_id}/commands', null),
  ...commandRoutes('/applications/{application_id}/guilds/{guild_id}/commands', 'guild_id'),
];

function currentApplication(sim: SimContext): APIApplication {
  const { world, grants } = sim;
  const flags =
    ApplicationFlags.ApplicationCommandBadge |
    (grants.presences ? ApplicationFlags.GatewayPresenceLimited : 0) |
    (grants.guildMembers ? ApplicationFlags.GatewayGuildMembersLimited : 0) |
    (grants.messageContent ? ApplicationFlags.GatewayMessageContentLimited : 0);
  const bot = world.botUser;
  return {
    id: world.applicationId,
    name: bot.username,
    icon: null,
    description: '',
    summary: '',
    bot_public: true,
    bot_require_code_grant: false,
    bot: apiUser(bot),
    verify_key: verifyKeyFor(world.applicationId),
    team: null,
    flags,
    flags_new: String(flags),
    approximate_guild_count: [...world.guilds.keys()].filter((id) => world.botIsIn(id)).length,
    redirect_uris: [],
    interactions_endpoint_url: null,
    install_params: { scopes: [], permissions: '0' },
  };
}

/** GET/PUT/POST on a command list and GET/PATCH/DELETE on one command; `guildParam` names the guild scope. */
function commandRoutes(base: string, guildParam: 'guild_id' | null): RouteDefinition[] {
  const commandsOf = (context: RouteContext): Map<string, APIApplicationCommand> => {
    const { sim, params } = context;
    if (snowflakeParam(params, 'application_id') !== sim.world.applicationId) throw DiscordErrors.missingAccess();
    return guildParam === null ? sim.world.globalCommands : accessibleGuild(sim, snowflakeParam(params, guildParam)).commands;
  };
  const guildIdOf = (context: RouteContext): string | undefined =>
    guildParam === null ? undefined : context.params[guildParam];
  const existing = (context: RouteContext): APIApplicationCommand => {
    const command = commandsOf(context).get(snowflakeParam(context.params, 'command_id'));
    if (!command) throw DiscordErrors.unknownCommand();
    return command;
  };
  return [
    { method: 'GET', template: base, auth: 'bot', handler: (context) => ({ status: 200, body: [...commandsOf(context).values()] }) },
    {
      method: 'PUT',
      template: base,
      auth: 'bot',
      handler: (context) => {
        const commands = commandsOf(context);
        const bodies = z.array(commandBodySchema).nullable().safeParse(context.body);
        if (!bodies.success) throw invalidField(['_'], 'BASE_TYPE_INVALID', 'Invalid command list');
        const previous = [...commands.values()];
        commands.clear();
        for (const body of bodies.data ?? []) {
          const type = body.type ?? ApplicationCommandType.ChatInput;
          // Discord keeps a command's id when a bulk overwrite resends the same name and type.
          const kept = previous.find((command) => command.name === body.name && command.type === type);
          const command = buildCommand(context.sim, body, kept?.id, guildIdOf(context));
          commands.set(command.id, command);
        }
        return { status: 200, body: [...commands.values()] };
      },
    },
    {
      method: 'POST',
      template: base,
      auth: 'bot',
      handler: (context) => {
        const commands = commandsOf(context);
        const body = commandBodySchema.safeParse(context.body);
        if (!body.success) throw invalidField(['name'], 'BASE_TYPE_REQUIRED', 'This field is required');
        const type = body.data.type ?? ApplicationCommandType.ChatInput;
        const kept = [...commands.values()].find((command) => command.name === body.data.name && command.type === type);
        const command = buildCommand(context.sim, body.data, kept?.id, guildIdOf(context));
        commands.set(command.id, command);
        return { status: kept ? 200 : 201, body: command };
      },
    },
    { method: 'GET', template: `${base}/{command_id}`, auth: 'bot', handler: (context) => ({ status: 200, body: existing(context) }) },
    {
      method: 'PATCH',
      template: `${base}/{command_id}`,
      auth: 'bot',
      handler: (context) => {
        const current = existing(context);
        const patch = commandBodySchema.partial().safeParse(context.body);
        if (!patch.success) throw invalidField(['_'], 'BASE_TYPE_INVALID', 'Invalid command');
        const merged = buildCommand(
          context.sim,
          {
            ...commandBodyOf(current),
            ...Object.fromEntries(Object.entries(patch.data).filter(([, value]) => value !== undefined)),
          },
          current.id,
          guildIdOf(context),
        );
        commandsOf(context).set(merged.id, merged);
        return { status: 200, body: merged };
      },
    },
    {
      method: 'DELETE',
      template: `${base}/{command_id}`,
      auth: 'bot',
      handler: (context) => {
        commandsOf(context).delete(existing(context).id);
        return { status: 204 };
      },
    },
  ];
}

function buildCommand(sim: SimContext, body: CommandBody, id: string | undefined, guildId: string | undefined): APIApplicationCommand {
  const type = body.type ?? ApplicationCommandType.ChatInput;
  const permissions = body.default_member_permissions;
  return {
    id: id ?? sim.ids.next(),
    application_id: sim.world.applicationId,
    version: sim.ids.next(),
    type,
    name: body.name,
    name_localizations: body.name_localizations ?? null,
    description: body.description ?? '',
    description_localizations: body.description_localizations ?? null,
    // The spec schema checked the options' shape when the bot sent them; they are stored as sent.
    ...(body.options ? { options: body.options as APIApplicationCommandOption[] } : {}),
    default_member_permissions: permissions === null || permissions === undefined ? null : String(permissions),
    dm_permission: body.dm_permission ?? true,
    nsfw: body.nsfw ?? false,
    integration_types: body.integration_types ?? [ApplicationIntegrationType.GuildInstall],
    contexts: body.contexts ?? null,
    ...(guildId !== undefined ? { guild_id: guildId } : {}),
  };
}

function commandBodyOf(command: APIApplicationCommand): CommandBody {
  return {
    name: command.name,
    type: command.type,
    description: command.description,
    name_localizations: command.name_localizations ?? null,
    description_localizations: command.description_localizations ?? null,
    options: command.options ?? null,
    default_member_permissions: command.default_member_permissions,
    dm_permission: command.dm_permission ?? null,
    nsfw: command.nsfw ?? null,
    contexts: command.contexts ?? null,
    integration_types: command.integration_types ?? null,
  };
}

function localizationsOf(map: APIApplicationCommand['name_localizations']): Record<string, string | null> | null {
  if (!map) return null;
  const entries: [string, string | null][] = [];
  for (const [locale, text] of Object.entries(map)) if (text !== undefined) entries.push([locale, text]);
  return Object.fromEntries(entries);
}

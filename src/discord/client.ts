import { Client, GatewayIntentBits, Options, Partials, type ClientOptions } from 'discord.js';

export interface ClientFactoryOptions {
  /** The privileged MESSAGE_CONTENT intent; only request it when the application has it enabled. */
  messageContent: boolean;
  /** REST base override (the fake Discord in tests and the demo). */
  apiUrl?: string | undefined;
  /** Extra discord.js options (tests shorten identify throttling). */
  overrides?: Partial<ClientOptions>;
}

/**
 * The bot's discord.js client. Partials are on so reactions, edits and deletes of messages the bot never cached
 * (sent before it started, or evicted) still arrive. The message cache is small on purpose: the database, not
 * discord.js, is attune's memory.
 */
export function createDiscordClient(options: ClientFactoryOptions): Client {
  const intents = [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMembers,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.GuildMessageReactions,
  ];
  if (options.messageContent) intents.push(GatewayIntentBits.MessageContent);
  const overrides = options.overrides ?? {};
  return new Client({
    intents,
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User, Partials.GuildMember, Partials.ThreadMember],
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 200,
      PresenceManager: 0,
    }),
    allowedMentions: { parse: [], repliedUser: false },
    ...overrides,
    rest: { ...(overrides.rest ?? {}), ...(options.apiUrl ? { api: options.apiUrl } : {}) },
  });
}

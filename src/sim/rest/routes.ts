import { channelRoutes } from './handlers/channels.js';
import { guildRoutes } from './handlers/guilds.js';
import { interactionRoutes } from './handlers/interactions.js';
import { messageRoutes } from './handlers/messages.js';
import { metaRoutes } from './handlers/meta.js';
import { reactionRoutes } from './handlers/reactions.js';
import type { RouteDefinition } from './types.js';

/** Every REST route the fake implements. */
export const ALL_ROUTES: readonly RouteDefinition[] = [
  ...metaRoutes,
  ...guildRoutes,
  ...channelRoutes,
  ...messageRoutes,
  ...reactionRoutes,
  ...interactionRoutes,
];

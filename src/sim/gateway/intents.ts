import { GatewayIntentBits } from 'discord-api-types/v10';

/** Intents Discord only lets an application use after enabling them in the developer portal. */
export const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** Every intent bit Discord defines; any other bit in IDENTIFY is answered with close code 4013. */
export const KNOWN_INTENTS: number = Object.values(GatewayIntentBits)
  .filter((value): value is number => typeof value === 'number')
  .reduce((all, bit) => all | bit, 0);

/** The privileged intents the application is allowed to use (the portal toggles). */
export interface IntentGrants {
  messageContent: boolean;
  guildMembers: boolean;
  presences: boolean;
}

export function grantedPrivilegedIntents(grants: IntentGrants): number {
  return (
    (grants.messageContent ? GatewayIntentBits.MessageContent : 0) |
    (grants.guildMembers ? GatewayIntentBits.GuildMembers : 0) |
    (grants.presences ? GatewayIntentBits.GuildPresences : 0)
  );
}

/**
 * The request itself: a message to a channel or a member's DMs through the discord.js client, with the nonce and
 * enforce_nonce (Discord then answers a repeated nonce with the message it already made) and no pings.
 */
import type { BaseMessageOptions, Client } from 'discord.js';
import { MissingPermissionError } from './discord-errors.js';

export type Recipient = { channelId: string } | { userId: string };

/** What a sender renders: text, embeds and buttons, as discord.js takes them. */
export type OutgoingMessage = Pick<BaseMessageOptions, 'content' | 'embeds' | 'components'>;

export interface DeliveryTransport {
  /** Sends and returns the message id; throws what discord.js throws (or MissingPermissionError before asking). */
  send(to: Recipient, message: OutgoingMessage, nonce: string): Promise<string>;
}

export function discordTransport(client: Client): DeliveryTransport {
  return {
    async send(to, message, nonce) {
      const options = { ...message, allowedMentions: { parse: [] }, nonce, enforceNonce: true };
      if ('userId' in to) {
        const user = await client.users.fetch(to.userId);
        return (await user.send(options)).id;
      }
      const channel = await client.channels.fetch(to.channelId);
      if (!channel?.isSendable()) throw new MissingPermissionError('SendMessages');
      return (await channel.send(options)).id;
    },
  };
}

/** Users as the API shows them (in members, messages, interactions and reactions). */
import type { APIUser } from 'discord-api-types/v10';
import type { UserRecord } from '../state/records.js';
import { noFlags } from './flags.js';

export function apiUser(user: UserRecord): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
    public_flags: noFlags(),
    flags: noFlags(),
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

/** THREAD_UPDATE to the bot, when it can see the thread: after a rename, an archive, or a new message (counts). */
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import { botCanView, type SimContext } from '../context.js';
import { apiThread } from '../payloads/channels.js';
import type { ThreadRecord } from '../state/records.js';

export function dispatchThreadUpdate(ctx: SimContext, thread: ThreadRecord): void {
  if (!botCanView(ctx, thread)) return;
  const payload = apiThread(ctx.world, thread);
  ctx.gateway.dispatch(GatewayDispatchEvents.ThreadUpdate, { guildId: thread.guildId, intent: GatewayIntentBits.Guilds }, () => payload);
}
